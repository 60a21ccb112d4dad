package org.neurostream.deploy.process;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line read without picocli, for a launcher's fast path that must load few classes: only
 * the plain forms of options ({@code --name value} or {@code --name=value}, each once, numbers in
 * plain decimal, no value starting with '-' but a number, no {@code @file}). Anything else is left
 * to picocli, so that its messages stay the only ones.
 */
public final class PlainCommandLine {
    private PlainCommandLine() {}

    /**
     * The values of {@code args[from..]} by option name, or null where one is not among {@code
     * names}, is given twice, lacks a value, has a value that is not plain (a number for the {@code
     * numbers}), or where one of {@code required} is missing.
     */
    public static Map<String, String> options(
            final String[] args,
            final int from,
            final List<String> names,
            final List<String> numbers,
            final List<String> required) {
        final Map<String, String> given = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            final String value;
            final int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (!names.contains(name)
                    || (numbers.contains(name) ? !isPlainNumber(value) : !isPlainValue(value))
                    || given.put(name, value) != null) {
                return null;
            }
        }
        return given.keySet().containsAll(required) ? given : null;
    }

    /** A writer as picocli makes for a standard stream (its encoding, flushed at each line). */
    public static PrintWriter writer(final OutputStream stream, final String encodingProperty) {
        final String encoding = System.getProperty(encodingProperty);
        final Charset charset =
                encoding == null
                        ? Charset.defaultCharset()
                        : Charset.forName(
                                "cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    /** Not empty, not an option or a negative number, not an {@code @file}. */
    private static boolean isPlainValue(final String value) {
        return !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, which every number parser reads alike. */
    private static boolean isPlainNumber(final String value) {
        int i = value.startsWith("-") ? 1 : 0;
        final int start = i;
        while (i < value.length() && isDigit(value.charAt(i))) {
            i++;
        }
        if (i == start || (value.charAt(start) == '0' && i > start + 1)) {
            return false;
        }
        if (i < value.length() && value.charAt(i) == '.') {
            final int fraction = ++i;
            while (i < value.length() && isDigit(value.charAt(i))) {
                i++;
            }
            if (i == fraction) {
                return false;
            }
        }
        return i == value.length();
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}

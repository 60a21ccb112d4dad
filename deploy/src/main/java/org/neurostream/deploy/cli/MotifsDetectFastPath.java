package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurostream.operators.compute.BackendKind;

/**
 * {@code neurostream motifs detect} without picocli, whose model of a command (built by reflection,
 * not archivable) and logging take a short run most of its time: {@link NeuroStreamMain} tries this
 * first. It reads only the plain forms of the command's options ({@code --name value} or {@code
 * --name=value}, each once, numbers in plain decimal, no value starting with '-' but a number); for
 * anything else (help, an unknown, repeated or missing option, an {@code @file}, {@code --}) it
 * declines and picocli parses the arguments as ever, with its own messages. The work, its lines and
 * its exit codes are {@link MotifsDetectCommand}'s.
 */
final class MotifsDetectFastPath {
    /** What {@link #run} returns when it leaves the arguments to picocli. */
    static final int DECLINED = -1;

    /** {@code --backend} when none is given: the job's default ({@code JobOptions.BACKEND}). */
    static final BackendKind DEFAULT_BACKEND = BackendKind.AUTO;

    private static final String NAME = "neurostream motifs detect";

    private static final List<String> OPTIONS =
            List.of(
                    "--kernel",
                    "--bias",
                    "--events",
                    "--bin-us",
                    "--threshold",
                    "--nms",
                    "--backend",
                    "--out");

    private static final List<String> NUMBERS = List.of("--bin-us", "--threshold", "--nms");

    private MotifsDetectFastPath() {}

    /** Runs {@code args} on the standard streams, as picocli would write to them. */
    static int run(final String[] args) {
        final MotifsDetectCommand command = parse(args);
        if (command == null) {
            return DECLINED;
        }
        final PrintWriter out = writer(System.out, "sun.stdout.encoding");
        final PrintWriter err = writer(System.err, "sun.stderr.encoding");
        try {
            return run(command, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs {@code args} with {@code out} and {@code err}, or returns {@link #DECLINED}. */
    static int run(final String[] args, final PrintWriter out, final PrintWriter err) {
        final MotifsDetectCommand command = parse(args);
        return command == null ? DECLINED : run(command, out, err);
    }

    private static int run(
            final MotifsDetectCommand command, final PrintWriter out, final PrintWriter err) {
        try {
            return command.detect(out, err, NAME);
        } catch (final Exception e) {
            // DECLINED when not a failure the user can act on: picocli runs it and reports it
            return NeuroStreamCli.report(e, NAME, err);
        }
    }

    /** The command with its options set, or null where picocli should parse. */
    private static MotifsDetectCommand parse(final String[] args) {
        if (args.length < 2 || !args[0].equals("motifs") || !args[1].equals("detect")) {
            return null;
        }
        final Map<String, String> given = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
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
            if (!OPTIONS.contains(name)
                    || (NUMBERS.contains(name) ? !isPlainNumber(value) : !isPlainValue(value))
                    || given.put(name, value) != null) {
                return null;
            }
        }
        if (!given.keySet().containsAll(List.of("--kernel", "--bias", "--events", "--out"))) {
            return null;
        }
        final MotifsDetectCommand command = new MotifsDetectCommand();
        command.backend = new BackendOption();
        try {
            command.kernel = Path.of(given.get("--kernel"));
            command.bias = Path.of(given.get("--bias"));
            command.events = Path.of(given.get("--events"));
            command.out = Path.of(given.get("--out"));
            command.binUs = Long.parseLong(given.getOrDefault("--bin-us", "1000"));
            command.threshold = Double.parseDouble(given.getOrDefault("--threshold", "0"));
            command.nms = Integer.parseInt(given.getOrDefault("--nms", "0"));
            command.backend.given =
                    given.containsKey("--backend")
                            ? BackendKind.parse(given.get("--backend"))
                            : DEFAULT_BACKEND;
        } catch (final IllegalArgumentException e) {
            // a path the file system refuses, a number out of range, an unknown backend
            return null;
        }
        return command;
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

    /** A writer as picocli makes for a standard stream (its encoding, flushed at each line). */
    private static PrintWriter writer(final OutputStream stream, final String encodingProperty) {
        final String encoding = System.getProperty(encodingProperty);
        final Charset charset =
                encoding == null
                        ? Charset.defaultCharset()
                        : Charset.forName(
                                "cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}

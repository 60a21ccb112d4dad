package org.neurostream.core.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way users type them: {@code 20}, {@code 20s}, {@code 500ms}, {@code 2m}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

    /** Plain numbers are seconds; units ms, s, m and h are accepted. */
    public static Duration parse(final String text) {
        final Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (examples: 20, 20s, 500ms, 2m)");
        }
        final double value = Double.parseDouble(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final double nanosPerUnit;
        switch (unit) {
            case "ms":
                nanosPerUnit = 1e6;
                break;
            case "m":
                nanosPerUnit = 60e9;
                break;
            case "h":
                nanosPerUnit = 3600e9;
                break;
            default:
                nanosPerUnit = 1e9;
        }
        return Duration.ofNanos(Math.round(value * nanosPerUnit));
    }

    /** Seconds as a double, for kernels configured in seconds. */
    public static double seconds(final Duration d) {
        return d.toNanos() / 1e9;
    }
}

package org.neurostream.core.records;

/**
 * The CSV conventions of {@code replay --out}: comma-separated, one header line, numbers as Java's
 * shortest round-trip decimal ({@link Double#toString(double)}, {@link Long#toString(long)}), an
 * absent text as an empty field.
 */
public final class Csv {
    private Csv() {}

    /**
     * {@code text} as one CSV field: unchanged when it holds no comma, quote, tab or line break;
     * otherwise in double quotes with quotes doubled and tabs and line feeds turned into spaces (a
     * row is one line); "" for null.
     */
    public static String field(final String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0
                && text.indexOf('"') < 0
                && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0
                && text.indexOf('\t') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"").replace('\t', ' ').replace('\n', ' ') + '"';
    }

    /**
     * A number as the commands print parameters: whole numbers without a fraction ("30", not
     * "30.0"), others as {@link Double#toString(double)}.
     */
    public static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}

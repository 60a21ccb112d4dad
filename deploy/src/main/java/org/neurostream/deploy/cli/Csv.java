package org.neurostream.deploy.cli;

/** The small amount of CSV writing the commands need (RFC 4180 quoting, plain numbers). */
final class Csv {
    private Csv() {}

    /** The text as a CSV field, quoted only when it holds a comma, a quote or a line break. */
    static String field(final String text) {
        if (text.indexOf(',') < 0
                && text.indexOf('"') < 0
                && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Whole numbers without a fraction ("4", not "4.0"); others as Java prints doubles. */
    static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}

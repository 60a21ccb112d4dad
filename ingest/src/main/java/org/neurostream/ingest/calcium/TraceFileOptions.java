package org.neurostream.ingest.calcium;

/**
 * How a fluorescence trace file is laid out.
 *
 * <p>Default (as suite2p writes {@code F.npy} and {@code Fneu.npy}, and as the zebrafish activity
 * matrix CSV is): one row per ROI, one column per frame. {@code framesAsRows} reads the transposed
 * layout (one row per frame, one column per ROI). For CSV files only: {@code header} says the first
 * line is a header (skipped; in the frames-as-rows layout its fields name the ROIs), and {@code
 * delimiter} separates fields ({@code ' '} means any run of spaces and tabs).
 *
 * @param framesAsRows one row per frame instead of one row per ROI
 * @param header the first line of a CSV file is a header, not data
 * @param delimiter the CSV field separator
 */
public record TraceFileOptions(boolean framesAsRows, boolean header, char delimiter) {
    /** One row per ROI, no header, comma-separated. */
    public static final TraceFileOptions DEFAULTS = new TraceFileOptions(false, false, ',');

    /** Checks the delimiter: not a digit, sign, dot, quote or line break. */
    public TraceFileOptions {
        if (Character.isDigit(delimiter) || "+-.eE\"\r\nNnIiAaFf".indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("'" + delimiter + "' cannot separate numbers");
        }
    }

    /**
     * The delimiter a user names: one character, {@code tab} (or {@code \t}) or {@code space}.
     *
     * @throws IllegalArgumentException "must be one character, tab or space, got '...'"
     */
    public static char delimiter(final String name) {
        return switch (name) {
            case "tab", "\\t" -> '\t';
            case "space" -> ' ';
            default -> {
                if (name.length() != 1) {
                    throw new IllegalArgumentException(
                            "must be one character, tab or space, got '" + name + "'");
                }
                yield name.charAt(0);
            }
        };
    }

    /** The same options with another layout. */
    public TraceFileOptions withFramesAsRows(final boolean value) {
        return new TraceFileOptions(value, header, delimiter);
    }

    /** The same options with or without a CSV header line. */
    public TraceFileOptions withHeader(final boolean value) {
        return new TraceFileOptions(framesAsRows, value, delimiter);
    }

    /** The same options with another CSV delimiter. */
    public TraceFileOptions withDelimiter(final char value) {
        return new TraceFileOptions(framesAsRows, header, value);
    }
}

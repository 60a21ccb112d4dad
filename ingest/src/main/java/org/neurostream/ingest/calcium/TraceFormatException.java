package org.neurostream.ingest.calcium;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file that cannot be used: a ragged or non-numeric CSV line, no data, an array of the
 * wrong rank. The message starts with the file and, for CSV files, the 1-based line: {@code
 * "<file>: line <n>: <reason>"}.
 */
public final class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String reason;

    /**
     * A problem at one line of a text file.
     *
     * @param line the 1-based line, or 0 when the problem belongs to no single line
     */
    public TraceFormatException(final Path file, final long line, final String reason) {
        super(file + ": " + (line > 0 ? "line " + line + ": " : "") + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the 1-based line of a CSV file, 0 when none applies. */
    public long line() {
        return line;
    }

    /** Returns what is wrong, without the file and line. */
    public String reason() {
        return reason;
    }
}

package org.neurostream.ingest.edf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as EDF, EDF+ or BDF, or uses a layout this reader does not support.
 *
 * <p>Carries the file, the byte offset of the first field found bad, and the reason, so that a
 * command line can print one precise line: {@code "<file>: byte <offset>: <reason>"}.
 */
public final class EdfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param file the file being read
     * @param offset byte offset, from the start of the file, of the field found bad
     * @param reason what is wrong, one line
     */
    public EdfFormatException(Path file, long offset, String reason) {
        super(file + ": byte " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the byte offset, from the start of the file, of the field found bad. */
    public long offset() {
        return offset;
    }

    /** Returns what is wrong, without the file and offset. */
    public String reason() {
        return reason;
    }
}

package org.neurostream.ingest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read, or stops being readable part-way, at a known byte offset.
 *
 * <p>Carries the file, the byte offset of the first bad byte and the reason, so that a command line
 * can print one precise line: {@code "<file>: byte <offset>: <reason>"}. Each reader has its own
 * subclass, so callers can tell the formats apart.
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String reason;

    /**
     * @param file the file being read
     * @param offset byte offset, from the start of the file, of the first bad byte
     * @param reason what is wrong, one line
     */
    public FileFormatException(final Path file, final long offset, final String reason) {
        super(file + ": byte " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The byte offset, from the start of the file, of the first bad byte. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the file and offset. */
    public String reason() {
        return reason;
    }
}

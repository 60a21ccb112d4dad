package org.neurostream.ingest.dvs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An event file that cannot be read, or stops being readable part-way.
 *
 * <p>Carries the file, the byte offset of the first bad byte and the reason, so that a command line
 * can print one precise line: {@code "<file>: byte <offset>: <reason>"}. Thrown by {@link
 * EventFileReader#open} for an unusable file (nothing can be decoded) and by {@link
 * EventFileReader#read} after every event before the fault has been delivered.
 */
public final class EventFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param file the file being read
     * @param offset byte offset, from the start of the file, of the first bad byte
     * @param reason what is wrong, one line
     */
    public EventFormatException(final Path file, final long offset, final String reason) {
        super(file + ": byte " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the byte offset, from the start of the file, of the first bad byte. */
    public long offset() {
        return offset;
    }

    /** Returns what is wrong, without the file and offset. */
    public String reason() {
        return reason;
    }
}

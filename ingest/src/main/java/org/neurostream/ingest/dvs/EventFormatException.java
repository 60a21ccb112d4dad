package org.neurostream.ingest.dvs;

import java.nio.file.Path;
import org.neurostream.ingest.FileFormatException;

/**
 * An event file that cannot be read, or stops being readable part-way. Thrown by {@link
 * EventFileReader#open} for an unusable file (nothing can be decoded) and by {@link
 * EventFileReader#read} after every event before the fault has been delivered.
 */
public final class EventFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    public EventFormatException(final Path file, final long offset, final String reason) {
        super(file, offset, reason);
    }
}

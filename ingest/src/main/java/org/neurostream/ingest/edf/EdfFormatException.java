package org.neurostream.ingest.edf;

import java.nio.file.Path;
import org.neurostream.ingest.FileFormatException;

/**
 * A file that cannot be read as EDF, EDF+ or BDF, or uses a layout this reader does not support;
 * the offset is that of the first field found bad.
 */
public final class EdfFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    public EdfFormatException(final Path file, final long offset, final String reason) {
        super(file, offset, reason);
    }
}

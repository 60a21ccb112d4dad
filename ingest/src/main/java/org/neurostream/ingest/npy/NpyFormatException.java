package org.neurostream.ingest.npy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a NumPy {@code .npy} file this package can read: bad magic or header, an
 * unsupported dtype (named in the message), or fewer data bytes than the shape needs. The message
 * starts with the file: {@code "<file>: <reason>"}.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param file the file being read
     * @param reason what is wrong, one line
     */
    public NpyFormatException(final Path file, final String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns what is wrong, without the file. */
    public String reason() {
        return reason;
    }
}

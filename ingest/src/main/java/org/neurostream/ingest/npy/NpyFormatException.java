package org.neurostream.ingest.npy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a NumPy {@code .npy} file, or uses a feature this reader does not support
 * (a dtype other than little-endian float32/float64, a structured dtype, too many elements).
 *
 * <p>The message is one line, {@code "<file>: <reason>"}, so that a command line can print it as
 * it is.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param file the file being read
     * @param reason what is wrong or unsupported, one line
     */
    public NpyFormatException(Path file, String reason) {
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

package org.neurostream.ingest.journal;

import java.io.IOException;

/**
 * A folder that cannot be read as a journal, or a journal whose bytes stop making sense. The
 * message always names the folder, so that a command can print it as it is.
 */
public class JournalFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalFormatException(final String message) {
        super(message);
    }

    public JournalFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

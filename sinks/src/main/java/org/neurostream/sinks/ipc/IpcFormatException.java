package org.neurostream.sinks.ipc;

import java.io.IOException;

/**
 * A file that is not a NeuroStream IPC file of the version this code reads; the message says why.
 */
public final class IpcFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The message names the file and what is wrong with it. */
    public IpcFormatException(final String message) {
        super(message);
    }
}

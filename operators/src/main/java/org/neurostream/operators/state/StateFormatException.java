package org.neurostream.operators.state;

import java.io.IOException;

/** A kernel's state form that does not fit the kernel reading it: sizes or layout differ. */
public final class StateFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public StateFormatException(final String message) {
        super(message);
    }
}

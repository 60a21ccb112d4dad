package org.neurostream.deploy.cli;

/**
 * A failure the user can act on: printed as one line without a stack trace, with its exit code (2 =
 * unusable input, 3 = partial input, processed as far as it went).
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Unusable input: nothing was written. */
    public static final int BAD_INPUT = 2;

    /** Partial input: what could be read was processed and written. */
    public static final int PARTIAL_INPUT = 3;

    private final int exitCode;

    public CliException(final int exitCode, final String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

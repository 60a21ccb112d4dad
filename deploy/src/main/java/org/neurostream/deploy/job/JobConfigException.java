package org.neurostream.deploy.job;

/**
 * A job configuration that cannot run: one line naming the option or file and what is wrong with
 * it, for a command to print as it is (exit code 2).
 */
public final class JobConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A configuration fault described by {@code message}. */
    public JobConfigException(final String message) {
        super(message);
    }
}

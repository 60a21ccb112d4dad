package org.neurostream.ingest.lsl;

/**
 * A configuration or usage error of LSL (a bad configuration file, a predicate that does not parse,
 * a stream that cannot be served); its message is one line that names the file, stream or peer and
 * the reason.
 */
public class LslException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LslException(final String message) {
        super(message);
    }

    public LslException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

package org.neurostream.ingest.lsl;

import java.io.IOException;

/**
 * A peer broke the LSL protocol: a malformed stream info, a handshake of another protocol version,
 * a test pattern that does not match, a truncated sample or garbage in the stream feed. The message
 * is one line naming the peer and the reason.
 */
public final class LslProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public LslProtocolException(final String message) {
        super(message);
    }
}

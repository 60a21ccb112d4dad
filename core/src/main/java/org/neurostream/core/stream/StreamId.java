package org.neurostream.core.stream;

/**
 * The identity of one stream: {@code <session>/<stream>}, for example {@code S001R01/eeg}. It is
 * the Kafka key of every raw frame and output record, the frame header's stream id, and the key the
 * job partitions by, so that one stream keeps its order in one partition and one task. The session
 * is everything before the first {@code /}; the stream name may itself contain {@code /}.
 *
 * <p>Stream ids travel as plain strings (they are Flink keys and JSON fields); this class only
 * builds and splits them, so that no code does it by hand.
 */
public final class StreamId {
    /** Between the session and the stream name. */
    public static final char SEPARATOR = '/';

    private StreamId() {}

    /**
     * The id of stream {@code streamName} of session {@code sessionId}.
     *
     * @throws IllegalArgumentException when either part is empty or the session contains {@link
     *     #SEPARATOR} (the id could then not be split back)
     */
    public static String of(final String sessionId, final String streamName) {
        final String reason = check(sessionId, streamName);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return sessionId + SEPARATOR + streamName;
    }

    /**
     * Why {@code sessionId} and {@code streamName} make no valid stream id, or null when they do.
     */
    public static String check(final String sessionId, final String streamName) {
        if (sessionId == null || sessionId.isEmpty()) {
            return "stream id needs a session, got " + quote(sessionId);
        }
        if (sessionId.indexOf(SEPARATOR) >= 0) {
            return "session " + quote(sessionId) + " must not contain '" + SEPARATOR + "'";
        }
        if (streamName == null || streamName.isEmpty()) {
            return "stream id of session " + quote(sessionId) + " needs a stream name";
        }
        return null;
    }

    /**
     * The session of {@code streamId}: the part before the first {@link #SEPARATOR}, or the whole
     * id when it has none (an id written by hand without a session).
     */
    public static String session(final String streamId) {
        final int at = streamId.indexOf(SEPARATOR);
        return at < 0 ? streamId : streamId.substring(0, at);
    }

    /**
     * The stream name of {@code streamId}: the part after the first {@link #SEPARATOR}, or the
     * whole id when it has none.
     */
    public static String stream(final String streamId) {
        final int at = streamId.indexOf(SEPARATOR);
        return at < 0 ? streamId : streamId.substring(at + 1);
    }

    private static String quote(final String text) {
        return text == null ? "null" : '"' + text + '"';
    }
}

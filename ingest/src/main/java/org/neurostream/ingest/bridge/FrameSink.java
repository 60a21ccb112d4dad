package org.neurostream.ingest.bridge;

import java.io.IOException;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EncodableFrame;

/**
 * Where {@link FrameBridge} hands its frames: Kafka ({@link KafkaFrameSink}), a journal, or both
 * ({@link #both}). The bridge has stamped the frame's ingest time just before the call.
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * Takes one encoded frame; the sink owns {@code frame} from now on (the bridge never reuses
     * it).
     *
     * @param streamIdUtf8 the frame's stream id, the Kafka key
     * @param ingestTimeNs the ingest stamp just written into the frame (wall clock, ns)
     * @throws IOException when the frame cannot be delivered; the bridge stops
     */
    void accept(byte[] streamIdUtf8, byte[] frame, long ingestTimeNs) throws IOException;

    /**
     * Takes one frame not yet encoded, its ingest stamp set. This default encodes it into a new
     * array for {@link #accept(byte[], byte[], long)}; a sink with storage of its own (a journal)
     * encodes it there instead.
     */
    default void accept(
            final byte[] streamIdUtf8, final EncodableFrame frame, final long ingestTimeNs)
            throws IOException {
        final byte[] bytes = new byte[frame.length()];
        frame.encodeTo(new UnsafeBuffer(bytes), 0);
        accept(streamIdUtf8, bytes, ingestTimeNs);
    }

    /** A sink that hands each frame to {@code first}, then to {@code second}. */
    static FrameSink both(final FrameSink first, final FrameSink second) {
        return (key, frame, ingestNs) -> {
            first.accept(key, frame, ingestNs);
            second.accept(key, frame, ingestNs);
        };
    }
}

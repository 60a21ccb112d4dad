package org.neurostream.ingest.bridge;

import java.io.IOException;

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

    /** A sink that hands each frame to {@code first}, then to {@code second}. */
    static FrameSink both(final FrameSink first, final FrameSink second) {
        return (key, frame, ingestNs) -> {
            first.accept(key, frame, ingestNs);
            second.accept(key, frame, ingestNs);
        };
    }
}

package org.neurostream.operators.compute;

/**
 * Receives the detections of a {@link MotifBatch}: each with the tag its events were queued with
 * (the caller's handle on the stream and frame the detection belongs to).
 */
@FunctionalInterface
public interface TaggedDetectionSink {
    /** Motif {@code motif} detected in bin {@code bin} with this potential, for {@code tag}. */
    void onDetection(int tag, int motif, long bin, double potential);
}

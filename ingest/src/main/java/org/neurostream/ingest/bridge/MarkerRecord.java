package org.neurostream.ingest.bridge;

import java.util.Objects;

/**
 * An event label on a stream's time line: an experiment's cue, a response, an annotation. {@code
 * timeNs} is device time (ns) of the stream the marker belongs to, {@code durationNs} 0 for an
 * instant. The record the Kafka topic {@code neuro.markers} will carry, keyed by {@code streamId}
 * (the marker stream's id, {@code <session>/<stream>}).
 */
public record MarkerRecord(String streamId, long timeNs, long durationNs, String label) {
    public MarkerRecord {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(label, "label");
        if (durationNs < 0) {
            throw new IllegalArgumentException("a marker's duration cannot be negative");
        }
    }
}

package org.neurostream.core.records;

/**
 * An event marker of a stream: something that happened at device time {@code timeNs} and lasted
 * {@code durationNs} (0 for an instant), named by {@code label}, such as a stimulus onset, a cue or
 * a button press from an LSL marker stream or an annotation or interval table row of a recording.
 * Markers go to {@link org.neurostream.core.Topics#MARKERS}, keyed by stream id, as {@code
 * {"stream_id":...,"time_ns":...,"duration_ns":...,"label":...}}. A Flink POJO.
 */
public class MarkerRecord {
    /** The header of the markers' {@code replay --out} CSV file. */
    public static final String CSV_HEADER = "time_ns,duration_ns,label";

    /**
     * {@code <session>/<stream>} of the marker stream it came from (an LSL marker stream, a file's
     * annotations); the session metadata names the stream whose device time it counts in.
     */
    public String streamId;

    /** Device time of the marker's onset, ns, on the clock of the stream's frames. */
    public long timeNs;

    /** How long it lasted, ns; 0 for an instant. */
    public long durationNs;

    /** What happened, as the source names it. */
    public String label;

    /** An empty record, for Flink and Jackson to fill. */
    public MarkerRecord() {}

    /** A marker of {@code streamId} at {@code timeNs}, lasting {@code durationNs}. */
    public MarkerRecord(
            final String streamId, final long timeNs, final long durationNs, final String label) {
        if (streamId == null || label == null) {
            throw new NullPointerException(streamId == null ? "streamId" : "label");
        }
        if (durationNs < 0) {
            throw new IllegalArgumentException("a marker's duration cannot be negative");
        }
        this.streamId = streamId;
        this.timeNs = timeNs;
        this.durationNs = durationNs;
        this.label = label;
    }

    /** The marker's row in a {@code replay --out} CSV file, in the order of {@link #CSV_HEADER}. */
    public String csvRow() {
        return "" + timeNs + ',' + durationNs + ',' + Csv.field(label);
    }

    /** Equal when every field is: markers are values (tests and the journal compare them). */
    @Override
    public boolean equals(final Object o) {
        return o instanceof MarkerRecord m
                && timeNs == m.timeNs
                && durationNs == m.durationNs
                && java.util.Objects.equals(streamId, m.streamId)
                && java.util.Objects.equals(label, m.label);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(streamId, timeNs, durationNs, label);
    }

    @Override
    public String toString() {
        return "MarkerRecord["
                + streamId
                + " @"
                + timeNs
                + " ns +"
                + durationNs
                + " ns: "
                + label
                + "]";
    }
}

package org.neurostream.core.records;

/**
 * A hole in a stream's frame sequence numbers (kind "gap"): frames {@code expectedSeq} up to {@code
 * receivedSeq - 1} never reached the job, so every record computed across the hole (band power,
 * avalanches, motifs, calcium events) rests on fewer samples than its interval suggests. A Flink
 * POJO; its JSON view goes to {@code neuro.features}.
 */
public class GapRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "gap";

    /** "gap". */
    public String kind;

    /** {@code <session>/<stream>}. */
    public String streamId;

    /** Sequence number the job expected next. */
    public long expectedSeq;

    /** Sequence number of the frame that arrived instead. */
    public long receivedSeq;

    /** Frames missing: {@code receivedSeq - expectedSeq}, at least 1. */
    public long missingFrames;

    /** Device time of the first element of the frame after the gap, ns. */
    public long deviceTimeNs;

    /** Ingest stamp of the frame after the gap (wall-clock ns), for latency. */
    public long ingestNs;

    /** An empty record, for Flink and Jackson to fill. */
    public GapRecord() {}

    /** A gap record for {@code streamId}: frames expectedSeq to receivedSeq - 1 are missing. */
    public GapRecord(
            final String streamId,
            final long expectedSeq,
            final long receivedSeq,
            final long deviceTimeNs,
            final long ingestNs) {
        this.kind = KIND;
        this.streamId = streamId;
        this.expectedSeq = expectedSeq;
        this.receivedSeq = receivedSeq;
        this.missingFrames = receivedSeq - expectedSeq;
        this.deviceTimeNs = deviceTimeNs;
        this.ingestNs = ingestNs;
    }
}

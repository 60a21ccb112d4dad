package org.neurostream.ingest.flink;

/**
 * A validated frame on its way through the job: the frame bytes plus the two fields the job keys
 * and times by, read once at validation. A Flink POJO.
 */
public class FrameRecord {
    /** {@code <session>/<stream>}, the Kafka key and the job's key. */
    public String streamId;
    /** Device time of the first element, ns. */
    public long deviceTimeNs;
    /** The whole frame, as {@link org.neurostream.ingest.frame.FrameDecoder} reads it. */
    public byte[] bytes;

    public FrameRecord() {}

    public FrameRecord(final String streamId, final long deviceTimeNs, final byte[] bytes) {
        this.streamId = streamId;
        this.deviceTimeNs = deviceTimeNs;
        this.bytes = bytes;
    }
}

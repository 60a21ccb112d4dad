package org.neurostream.core.frame;

/**
 * A validated frame on its way through the job: the frame bytes plus the fields the job keys, times
 * and routes by, read once at validation. A Flink POJO.
 */
public class FrameRecord {
    /** {@code <session>/<stream>}, the Kafka key and the job's key. */
    public String streamId;

    /** Device time of the first element, ns. */
    public long deviceTimeNs;

    /** What the stream records; it picks the operators that see the frame. */
    public Modality modality;

    /** The whole frame, as {@link FrameDecoder} reads it. */
    public byte[] bytes;

    /** An empty record, for Flink to fill. */
    public FrameRecord() {}

    /** A frame whose modality is not known (yet). */
    public FrameRecord(final String streamId, final long deviceTimeNs, final byte[] bytes) {
        this(streamId, deviceTimeNs, null, bytes);
    }

    /** A validated frame with the fields read from its header. */
    public FrameRecord(
            final String streamId,
            final long deviceTimeNs,
            final Modality modality,
            final byte[] bytes) {
        this.streamId = streamId;
        this.deviceTimeNs = deviceTimeNs;
        this.modality = modality;
        this.bytes = bytes;
    }
}

package org.neurostream.core.frame;

import org.neurostream.core.records.MarkerRecord;

/**
 * A validated frame on its way through the job: the frame bytes plus the fields the job keys, times
 * and routes by, read once at validation. A marker (a trial, a stimulus, an annotation) travels the
 * same way, so that it shares the frames' order and watermarks: then {@link #marker} is set, {@link
 * #bytes} and {@link #modality} are null and {@link #deviceTimeNs} is the marker's time. A Flink
 * POJO.
 */
public class FrameRecord {
    /** {@code <session>/<stream>}, the Kafka key and the job's key. */
    public String streamId;

    /** Device time of the first element, ns. */
    public long deviceTimeNs;

    /** What the stream records; it picks the operators that see the frame. */
    public Modality modality;

    /** The whole frame, as {@link FrameDecoder} reads it; null for a marker. */
    public byte[] bytes;

    /** The marker this record carries instead of a frame; null for a frame. */
    public MarkerRecord marker;

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

    /** A marker on its way through the job, at its time on its stream's device clock. */
    public static FrameRecord ofMarker(final MarkerRecord marker) {
        final FrameRecord r = new FrameRecord(marker.streamId, marker.timeNs, null, null);
        r.marker = marker;
        return r;
    }

    /** Whether this record carries a marker rather than a frame. */
    public boolean isMarker() {
        return marker != null;
    }
}

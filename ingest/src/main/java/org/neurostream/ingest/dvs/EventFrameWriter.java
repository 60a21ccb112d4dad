package org.neurostream.ingest.dvs;

import java.nio.charset.StandardCharsets;
import org.agrona.MutableDirectBuffer;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;

/**
 * Writes runs of an {@link EventBatch} as EVENTS frames of modality DVS, one sequence per stream.
 *
 * <p>Frame conventions: device time = the first written event's time in ns; time unit 1000 ns (the
 * int32 offsets are microseconds from that event); amplitude 1. The channel count is 0 (an address
 * space can exceed the validator's channel limit). Without an addressing each record holds x in the
 * address field and y in the y field. With an {@link EventAddressing} each record holds the event's
 * address (y = 0), and events outside the sensor are left out and counted ({@link
 * #outsideCount()}).
 */
public final class EventFrameWriter {
    private static final long NS_PER_US = 1000;

    private final FrameEncoder encoder = new FrameEncoder();
    private final byte[] streamId;
    private final byte[] sessionId;
    private final EventAddressing addressing;
    private long sequence;
    private long outside;

    /**
     * Creates a writer.
     *
     * @param streamId the stream id (the record key), not empty
     * @param sessionId the session id
     * @param addressing the address mapping, or null to write x and y
     */
    public EventFrameWriter(
            final String streamId, final String sessionId, final EventAddressing addressing) {
        this.streamId = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionId = sessionId.getBytes(StandardCharsets.UTF_8);
        if (this.streamId.length == 0
                || this.streamId.length > FrameDescriptor.MAX_ID_LENGTH
                || this.sessionId.length > FrameDescriptor.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "stream id must have 1.."
                            + FrameDescriptor.MAX_ID_LENGTH
                            + " UTF-8 bytes and session id at most "
                            + FrameDescriptor.MAX_ID_LENGTH);
        }
        this.addressing = addressing;
    }

    /**
     * The most bytes a frame of {@code events} events from this writer takes; size buffers with it.
     */
    public int maxFrameLength(final int events) {
        return FrameEncoder.frameLength(
                FrameKind.EVENTS, 0, events, streamId.length, sessionId.length);
    }

    /**
     * Writes events {@code [from, from + count)} of {@code batch} as one frame at {@code offset}.
     *
     * @return the frame length in bytes
     * @throws IllegalArgumentException when an event lies more than 2^31 - 1 us from the first one
     */
    public int write(
            final EventBatch batch,
            final int from,
            final int count,
            final MutableDirectBuffer buffer,
            final int offset,
            final long ingestTimeNs) {
        final long[] t = batch.t;
        final long origin = count > 0 ? t[from] : 0;
        int kept = 0;
        for (int i = from; i < from + count; i++) {
            if (t[i] - origin != (int) (t[i] - origin)) {
                throw new IllegalArgumentException(
                        "event "
                                + i
                                + " lies "
                                + (t[i] - origin)
                                + " us from the frame's first event, beyond an int32 offset");
            }
            if (addressing == null || addressing.address(batch.x[i], batch.y[i], batch.p[i]) >= 0) {
                kept++;
            }
        }
        encoder.wrap(buffer, offset)
                .kind(FrameKind.EVENTS)
                .modality(Modality.DVS)
                .sequence(sequence++)
                .deviceTimeNs(origin * NS_PER_US)
                .periodNs(NS_PER_US)
                .ingestTimeNs(ingestTimeNs)
                .counts(0, kept)
                .ids(streamId, sessionId);
        int k = 0;
        for (int i = from; i < from + count; i++) {
            final int offsetUs = (int) (t[i] - origin);
            if (addressing == null) {
                encoder.putEvent(k++, offsetUs, batch.x[i], batch.y[i], batch.p[i], 1f);
            } else {
                final int a = addressing.address(batch.x[i], batch.y[i], batch.p[i]);
                if (a >= 0) {
                    encoder.putEvent(k++, offsetUs, a, (short) 0, batch.p[i], 1f);
                } else {
                    outside++;
                }
            }
        }
        return encoder.finish();
    }

    /** The sequence number the next frame gets. */
    public long nextSequence() {
        return sequence;
    }

    /** Events left out so far for lying outside the sensor (address mode only). */
    public long outsideCount() {
        return outside;
    }
}

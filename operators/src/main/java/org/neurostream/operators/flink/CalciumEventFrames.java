package org.neurostream.operators.flink;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.stream.StreamId;

/**
 * Writes each inferred calcium spike as an EVENTS frame of one event, so that the motif detector
 * takes calcium events as it takes event-camera and spike streams, and the end of a calcium stream
 * as an empty EVENTS frame flagged {@link FrameDescriptor#FLAG_END_OF_STREAM}, so that the motif
 * detector frees that stream too. {@link CalciumFunction} emits both on its {@link
 * CalciumFunction#EVENT_FRAMES} side output, in order with the stream's spikes.
 *
 * <p>The frame: modality {@link Modality#CALCIUM}, time unit 1 us, device time {@code t_us x 1000}
 * (the event's {@code t_us}, counted from the stream's first imaging frame, so that the job bins
 * calcium events exactly as {@code motifs detect} bins the {@code calcium} command's events.csv),
 * one event with time offset 0, address = the 0-based ROI, amplitude = the spike size in dF/F, the
 * event's ingest stamp, the sequence number the caller gives (per stream, from 0).
 *
 * <p>One frame per event allocates per event; calcium spikes are rare (a few per ROI per second),
 * so this costs little next to the imaging frames themselves. Not thread-safe.
 */
public final class CalciumEventFrames {
    private static final long NS_PER_US = 1000L;

    private final FrameEncoder encoder = new FrameEncoder();

    /** The one-event frame of {@code event}, numbered {@code sequence}. */
    public FrameRecord frame(final CalciumEventRecord event, final long sequence) {
        final FrameRecord f =
                encode(event.streamId, event.tUs * NS_PER_US, 1, event.ingestNs, sequence, 0);
        encoder.putEvent(0, 0, event.address, (short) 0, (byte) 1, (float) event.amplitude)
                .finish();
        return f;
    }

    /**
     * The end-of-stream frame of calcium stream {@code streamId}: no event, device time {@code
     * deviceNs}, numbered {@code sequence}.
     */
    public FrameRecord endOfStream(
            final String streamId, final long deviceNs, final long ingestNs, final long sequence) {
        final FrameRecord f =
                encode(
                        streamId,
                        deviceNs,
                        0,
                        ingestNs,
                        sequence,
                        FrameDescriptor.FLAG_END_OF_STREAM);
        encoder.finish();
        return f;
    }

    private FrameRecord encode(
            final String streamId,
            final long deviceNs,
            final int events,
            final long ingestNs,
            final long sequence,
            final int flags) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] sessionId = StreamId.session(streamId).getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, 0, events, id.length, sessionId.length)];
        encoder.wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.EVENTS)
                .modality(Modality.CALCIUM)
                .flags(flags)
                .sequence(sequence)
                .deviceTimeNs(deviceNs)
                .periodNs(NS_PER_US)
                .ingestTimeNs(ingestNs)
                .counts(0, events)
                .ids(id, sessionId);
        return new FrameRecord(streamId, deviceNs, Modality.CALCIUM, bytes);
    }
}

package org.neurostream.operators.flink;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.stream.StreamId;

/**
 * Turns each inferred calcium spike into an EVENTS frame of one event, so that the motif detector
 * takes calcium events as it takes event-camera and spike streams (issue: "inferred events become
 * EVENTS frames that feed ... the motif detector").
 *
 * <p>The frame: modality {@link Modality#CALCIUM}, time unit 1 us, device time {@code t_us x 1000}
 * (the event's {@code t_us}, counted from the stream's first imaging frame, so that the job bins
 * calcium events exactly as {@code motifs detect} bins the {@code calcium} command's events.csv),
 * one event with time offset 0, address = the 0-based ROI, amplitude = the spike size in dF/F, the
 * event's ingest stamp. Sequence numbers count frames per function instance; nothing reads them.
 *
 * <p>One frame per event allocates per event; calcium spikes are rare (a few per ROI per second),
 * so this costs little next to the imaging frames themselves.
 */
public final class CalciumEventFrames extends RichMapFunction<CalciumEventRecord, FrameRecord> {
    private static final long serialVersionUID = 1L;

    private static final long NS_PER_US = 1000L;

    private transient FrameEncoder encoder;
    private transient long sequence;

    @Override
    public void open(final OpenContext context) {
        encoder = new FrameEncoder();
    }

    @Override
    public FrameRecord map(final CalciumEventRecord event) {
        final byte[] streamId = event.streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] sessionId = StreamId.session(event.streamId).getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, 0, 1, streamId.length, sessionId.length)];
        final long deviceNs = event.tUs * NS_PER_US;
        encoder.wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.EVENTS)
                .modality(Modality.CALCIUM)
                .sequence(sequence++)
                .deviceTimeNs(deviceNs)
                .periodNs(NS_PER_US)
                .ingestTimeNs(event.ingestNs)
                .counts(0, 1)
                .ids(streamId, sessionId)
                .putEvent(0, 0, event.address, (short) 0, (byte) 1, (float) event.amplitude)
                .finish();
        return new FrameRecord(event.streamId, deviceNs, Modality.CALCIUM, bytes);
    }
}

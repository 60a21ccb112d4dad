package org.neurostream.operators.flink;

import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.GapRecord;

/**
 * The one place the job checks frame sequence numbers, per stream (keyed by stream id), for every
 * modality: frames pass through unchanged, and each forward jump in a stream's sequence numbers
 * writes a {@link GapRecord} to the {@link #GAPS} side output and counts in the metrics {@code
 * sequenceGaps} (gaps) and {@code missingFrames} (frames in them). A number at or below one seen
 * before (a producer that restarted its count, or a repeat) is counted in {@code sequenceRewinds}
 * and checking goes on from it. The expected number is keyed state, so a job restored from a
 * checkpoint neither reports a gap twice nor misses one. The job drops no frame here or anywhere
 * else (no load shedding), so gap records describe losses upstream of it.
 *
 * <p>An end-of-stream frame is checked like any frame, passed on (the operators after this one free
 * their state on it), and frees the stream's expected number: a stream that starts again under the
 * same id starts a new count. The {@link IdleTimeout} of {@link #withIdleTimeout} frees it too.
 */
public final class SequenceCheckFunction
        extends KeyedProcessFunction<String, FrameRecord, FrameRecord>
        implements ResultTypeQueryable<FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** Side output of the gap records. */
    public static final OutputTag<GapRecord> GAPS =
            new OutputTag<>("sequence-gaps", ImmutableRecordTypeInfo.GAPS);

    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient ValueState<Long> nextSequence;
    private transient StreamExpiry expiry;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Counter gaps;
    private transient Counter missing;
    private transient Counter rewinds;

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public SequenceCheckFunction withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    @Override
    public TypeInformation<FrameRecord> getProducedType() {
        return FrameRecordTypeInfo.INSTANCE;
    }

    @Override
    public void open(final OpenContext context) {
        nextSequence =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("next-sequence", Long.class));
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        gaps = getRuntimeContext().getMetricGroup().counter("sequenceGaps");
        missing = getRuntimeContext().getMetricGroup().counter("missingFrames");
        rewinds = getRuntimeContext().getMetricGroup().counter("sequenceRewinds");
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), nextSequence);
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<FrameRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        final long sequence = decoder.sequence();
        final Long expected = nextSequence.value();
        if (expected != null) {
            if (sequence > expected) {
                gaps.inc();
                missing.inc(sequence - expected);
                ctx.output(
                        GAPS,
                        new GapRecord(
                                frame.streamId,
                                expected,
                                sequence,
                                frame.deviceTimeNs,
                                decoder.ingestTimeNs()));
            } else if (sequence < expected) {
                rewinds.inc();
            }
        }
        out.collect(frame);
        nextSequence.update(sequence + 1);
        expiry.afterFrame(decoder, ctx.timerService());
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<FrameRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }
}

package org.neurostream.operators.flink;

import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;

/**
 * Neuronal avalanches per sampled stream (docs/features.md#streaming-avalanches): threshold events
 * on channels z-scored against a running baseline, fixed bins, each avalanche emitted when it
 * closes, and the rolling statistics of the last avalanches every {@code statsEverySeconds} of
 * device time on the {@link #STATISTICS} side output. The same {@link AvalancheStream} kernel as
 * the offline command with {@code --baseline running --bin-us W}, so both give the same avalanches.
 *
 * <p>State: each stream's analysis is keyed state ({@link AvalancheState}, serialized by {@link
 * AvalancheStateSerializer}), so a job restored from a checkpoint or savepoint goes on with every
 * stream's baseline, open avalanche and rolling window, and emits what an uninterrupted job would.
 * A stream that changes its channel count or sample period, or state written with other parameters
 * (a restore after the job's options changed), starts afresh. An end-of-stream frame frees the
 * stream's state and emits nothing: an avalanche still open is dropped, as the offline analysis
 * drops a run open at the end of its input, and no statistics record is added; so does the {@link
 * IdleTimeout} set with {@link #withIdleTimeout}.
 */
public final class AvalancheFunction
        extends KeyedProcessFunction<String, FrameRecord, AvalancheRecord> {
    private static final long serialVersionUID = 1L;

    /** Rolling statistics records. */
    public static final OutputTag<AvalancheRecord> STATISTICS =
            new OutputTag<>("avalanche-statistics") {
                private static final long serialVersionUID = 1L;
            };

    private final double threshold;
    private final double runningSeconds;
    private final double binSeconds;
    private final double statsEverySeconds;
    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient ValueState<AvalancheState> state;
    private transient StreamExpiry expiry;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;

    /**
     * @param threshold |z| above which an excursion is an event (default 3,
     *     docs/features.md#threshold-events)
     * @param runningSeconds time constant of the running mean and variance
     * @param binSeconds fixed bin width, rounded to whole samples
     * @param statsEverySeconds device time between two statistics records
     */
    public AvalancheFunction(
            final double threshold,
            final double runningSeconds,
            final double binSeconds,
            final double statsEverySeconds) {
        this.threshold = threshold;
        this.runningSeconds = runningSeconds;
        this.binSeconds = binSeconds;
        this.statsEverySeconds = statsEverySeconds;
    }

    /** Threshold 3, running baseline 10 s, bins of 25 ms, statistics every 10 s. */
    public static AvalancheFunction withDefaults() {
        return new AvalancheFunction(3.0, AvalancheOptions.DEFAULT_RUNNING_SECONDS, 0.025, 10.0);
    }

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public AvalancheFunction withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    @Override
    public void open(final OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "avalanches", AvalancheStateSerializer.INSTANCE));
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), state);
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<AvalancheRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES) {
            return;
        }
        final int n = decoder.elementCount();
        if (n > 0) {
            AvalancheState s = state.value();
            final int channels = decoder.channelCount();
            final long periodNs = decoder.periodNs();
            if (s == null
                    || !s.fits(
                            threshold,
                            runningSeconds,
                            binSeconds,
                            statsEverySeconds,
                            channels,
                            periodNs)) {
                s =
                        new AvalancheState(
                                threshold,
                                runningSeconds,
                                binSeconds,
                                statsEverySeconds,
                                channels,
                                periodNs,
                                decoder.deviceTimeNs());
            }
            s.append(decoder, frame.streamId, out::collect, r -> ctx.output(STATISTICS, r));
            state.update(s);
        }
        expiry.afterFrame(decoder, ctx.timerService());
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<AvalancheRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }
}

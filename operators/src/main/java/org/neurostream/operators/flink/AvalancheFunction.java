package org.neurostream.operators.flink;

import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
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
        extends KeyedKernelFunction<AvalancheState, AvalancheRecord, AvalancheFunction>
        implements ResultTypeQueryable<AvalancheRecord> {
    private static final long serialVersionUID = 1L;

    /** Rolling statistics records. */
    public static final OutputTag<AvalancheRecord> STATISTICS =
            new OutputTag<>("avalanche-statistics", ImmutableRecordTypeInfo.AVALANCHES);

    private final double threshold;
    private final double runningSeconds;
    private final double binSeconds;
    private final double statsEverySeconds;

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

    @Override
    protected ValueStateDescriptor<AvalancheState> stateDescriptor() {
        return new ValueStateDescriptor<>("avalanches", AvalancheStateSerializer.INSTANCE);
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<AvalancheRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.SAMPLES) {
            return false;
        }
        final int n = decoder.elementCount();
        if (n > 0) {
            AvalancheState s = state().value();
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
            state().update(s);
        }
        return true;
    }

    /** {@link ImmutableRecordTypeInfo#AVALANCHES}: the records go on without copies. */
    @Override
    public TypeInformation<AvalancheRecord> getProducedType() {
        return ImmutableRecordTypeInfo.AVALANCHES;
    }
}

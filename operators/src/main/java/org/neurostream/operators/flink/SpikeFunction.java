package org.neurostream.operators.flink;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.FiringRateRecord;

/**
 * Spike streams per stream (README, "Spikes"): EVENTS frames of modality {@link Modality#SPIKES}
 * (address = unit index, channel count = the population's size, as an NWB units table is streamed)
 * become binned population vectors on a device-time grid, bins {@code [k B, (k + 1) B)} from the
 * session's time 0 ({@link FiringRateRecord}, the firing-rate features of a decoder), and the same
 * spikes feed a per-stream {@link org.neurostream.operators.avalanche.AvalancheStream} (times in
 * us, bins of a fixed width counted from time 0) whose closed avalanches go to the {@link
 * #AVALANCHES} side output (kind "avalanche"), as calcium events feed theirs. Motif detection on
 * the units' addresses is the motif operator's, on the same frames.
 *
 * <p>Timing: frames are in time order and contiguous (an empty frame moves time on), so a frame
 * starting at T completes every bin that ends by T; a bin is emitted then, or when a spike of a
 * later bin arrives. Spikes at addresses outside the population, or in a bin already emitted, are
 * dropped and counted ({@value #SPIKES_OUT_OF_RANGE}, {@value #SPIKES_OUT_OF_ORDER}).
 *
 * <p>State: each stream's binner and avalanche stream are keyed state ({@link SpikeState},
 * serialized by {@link SpikeStateSerializer}), so a job restored from a checkpoint emits what an
 * uninterrupted one would. A change of population size or of the settings restarts the stream's
 * state. An end-of-stream frame frees it and emits nothing more (the open bin and an open avalanche
 * are dropped: a stream's outputs do not depend on how it ended); so does the {@link IdleTimeout}
 * of {@link #withIdleTimeout}. Per spike nothing is allocated; per bin one record.
 */
public final class SpikeFunction
        extends KeyedKernelFunction<SpikeState, FiringRateRecord, SpikeFunction>
        implements ResultTypeQueryable<FiringRateRecord> {
    private static final long serialVersionUID = 1L;

    /** Avalanches of the spikes, kind "avalanche". */
    public static final OutputTag<AvalancheRecord> AVALANCHES =
            new OutputTag<>("spike-avalanches", ImmutableRecordTypeInfo.AVALANCHES);

    /** Metric: spikes dropped for an address outside the population. */
    public static final String SPIKES_OUT_OF_RANGE = "spikesOutOfRange";

    /** Metric: spikes dropped for a bin already emitted. */
    public static final String SPIKES_OUT_OF_ORDER = "spikesOutOfOrder";

    /** Default population vector bins: 50 ms, 20 vectors a second. */
    public static final Duration DEFAULT_BIN = Duration.ofMillis(50);

    /** Default avalanche bins: 1 ms (about the mean interval of a few hundred units at 5 Hz). */
    public static final Duration DEFAULT_AVALANCHE_BIN = Duration.ofMillis(1);

    private final long binNs;
    private final long avalancheBinUs;
    private transient Counter outOfRange;
    private transient Counter outOfOrder;

    /**
     * @param bin population vector bins
     * @param avalancheBin avalanche bins, whole microseconds
     * @throws IllegalArgumentException when a bin is under 1 us
     */
    public SpikeFunction(final Duration bin, final Duration avalancheBin) {
        this.binNs = bin.toNanos();
        this.avalancheBinUs = avalancheBin.toNanos() / 1000;
        if (binNs < 1000 || avalancheBinUs < 1) {
            throw new IllegalArgumentException(
                    "spike bins must be at least 1 us, got " + bin + " and " + avalancheBin);
        }
    }

    /** The job's defaults: {@link #DEFAULT_BIN}, {@link #DEFAULT_AVALANCHE_BIN}. */
    public static SpikeFunction withDefaults() {
        return new SpikeFunction(DEFAULT_BIN, DEFAULT_AVALANCHE_BIN);
    }

    /** Population vector bins, ns. */
    public long binNs() {
        return binNs;
    }

    @Override
    protected ValueStateDescriptor<SpikeState> stateDescriptor() {
        return new ValueStateDescriptor<>("spikes", SpikeStateSerializer.INSTANCE);
    }

    @Override
    protected void openKernel(final OpenContext context) {
        outOfRange = getRuntimeContext().getMetricGroup().counter(SPIKES_OUT_OF_RANGE);
        outOfOrder = getRuntimeContext().getMetricGroup().counter(SPIKES_OUT_OF_ORDER);
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<FiringRateRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.EVENTS || decoder.modality() != Modality.SPIKES) {
            return false;
        }
        final int units = decoder.channelCount();
        if (units > 0 && (decoder.elementCount() > 0 || !decoder.isEndOfStream())) {
            SpikeState s = state().value();
            if (s == null || !s.fits(units, binNs, avalancheBinUs)) {
                s = new SpikeState(units, binNs, avalancheBinUs);
            }
            s.append(decoder, frame.streamId, out::collect, r -> ctx.output(AVALANCHES, r));
            outOfRange.inc(s.takeOutOfRange());
            outOfOrder.inc(s.takeOutOfOrder());
            state().update(s);
        }
        return true;
    }

    /** {@link ImmutableRecordTypeInfo#FIRING_RATES}: the records go on without copies. */
    @Override
    public TypeInformation<FiringRateRecord> getProducedType() {
        return ImmutableRecordTypeInfo.FIRING_RATES;
    }
}

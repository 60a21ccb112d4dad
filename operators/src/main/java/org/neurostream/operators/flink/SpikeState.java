package org.neurostream.operators.flink;

import java.util.function.Consumer;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.operators.spikes.PopulationBinner;

/**
 * One spike stream in {@link SpikeFunction}'s keyed state: its population's size, the {@link
 * PopulationBinner} of its population vectors and the {@link EventAvalanches} of its spikes (times
 * in us from the session's time 0, bins of a fixed width). Serialized by {@link
 * SpikeStateSerializer}; it is also the sink its kernels report to, with the outputs of the frame
 * being processed (not state).
 */
public final class SpikeState {
    final int units;
    final long binNs;
    final long avalancheBinUs;
    final PopulationBinner binner;
    final EventAvalanches avalanches;

    /** The frame being processed: where records go. */
    private String streamId;

    private long ingestNs;
    private Consumer<FiringRateRecord> rates;
    private long outOfOrder;
    private long outOfRange;

    /**
     * A fresh stream.
     *
     * @param units the population's size (the frames' channel count)
     * @param binNs population vector bins, ns
     * @param avalancheBinUs avalanche bins, us
     */
    public SpikeState(final int units, final long binNs, final long avalancheBinUs) {
        this(
                units,
                binNs,
                avalancheBinUs,
                new PopulationBinner(units, binNs),
                new EventAvalanches(avalancheBinUs, 0, avalancheBinUs * 1000));
    }

    private SpikeState(
            final int units,
            final long binNs,
            final long avalancheBinUs,
            final PopulationBinner binner,
            final EventAvalanches avalanches) {
        this.units = units;
        this.binNs = binNs;
        this.avalancheBinUs = avalancheBinUs;
        this.binner = binner;
        this.avalanches = avalanches;
    }

    /** A deep copy (array copies). */
    SpikeState copy() {
        return new SpikeState(units, binNs, avalancheBinUs, binner.copy(), avalanches.copy());
    }

    /** Whether this state belongs to a stream of this size run with these settings. */
    public boolean fits(final int units, final long binNs, final long avalancheBinUs) {
        return this.units == units && this.binNs == binNs && this.avalancheBinUs == avalancheBinUs;
    }

    /**
     * Takes the spikes of one EVENTS frame: the population vectors that become complete go to
     * {@code rates}, the avalanches that close to {@code avalanches}.
     */
    public void append(
            final FrameDecoder frame,
            final String streamId,
            final Consumer<FiringRateRecord> rates,
            final Consumer<AvalancheRecord> avalanches) {
        this.streamId = streamId;
        this.ingestNs = frame.ingestTimeNs();
        this.rates = rates;
        this.avalanches.emitTo(streamId, ingestNs, avalanches);
        final long start = frame.deviceTimeNs();
        final long unit = frame.periodNs();
        binner.advanceTo(start, this::onBin);
        this.avalanches.advanceTo(start / 1000);
        final int n = frame.elementCount();
        for (int i = 0; i < n; i++) {
            final int address = frame.eventAddress(i);
            if (address < 0 || address >= units) {
                outOfRange++;
                continue;
            }
            final long t = start + frame.eventTimeOffset(i) * unit;
            if (binner.add(t, address, this::onBin)) {
                this.avalanches.onEvent(t / 1000, 1.0);
            } else {
                outOfOrder++;
            }
        }
        this.rates = null;
        this.avalanches.emitTo(streamId, ingestNs, null);
    }

    /** Spikes refused so far for an address outside the population; read and reset. */
    long takeOutOfRange() {
        final long n = outOfRange;
        outOfRange = 0;
        return n;
    }

    /** Spikes refused so far for a bin already complete; read and reset. */
    long takeOutOfOrder() {
        final long n = outOfOrder;
        outOfOrder = 0;
        return n;
    }

    private void onBin(final long bin, final int[] counts, final long spikes) {
        final FiringRateRecord r = new FiringRateRecord();
        r.kind = FiringRateRecord.KIND;
        r.streamId = streamId;
        r.seq = bin;
        r.startNs = bin * binNs;
        r.endNs = r.startNs + binNs;
        r.ingestNs = ingestNs;
        r.binNs = binNs;
        r.units = units;
        r.spikes = spikes;
        r.counts = counts.clone();
        rates.accept(r);
    }
}

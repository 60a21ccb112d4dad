package org.neurostream.operators.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Consumer;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.operators.avalanche.AvalancheListener;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;

/**
 * The avalanches of one event stream's events (spikes in {@link SpikeState}, calcium events in
 * {@link CalciumState}): its {@link AvalancheStream}, in bins of a fixed width in the events' time
 * unit, and the {@link AvalancheRecord} of each avalanche that closes, its bins {@code binNs} wide
 * from device time {@code originNs}. Its state is the stream's ({@link #writeState}); where records
 * go is the frame being processed's ({@link #emitTo}), not state.
 */
final class EventAvalanches implements AvalancheListener {
    private final long originNs;
    private final long binNs;
    private final AvalancheStream stream;

    private String streamId;
    private long ingestNs;
    private Consumer<AvalancheRecord> records;

    /**
     * No avalanche yet.
     *
     * @param binWidth bin width in the events' time unit
     * @param originNs device time of bin 0's start
     * @param binNs bin width, ns
     */
    EventAvalanches(final long binWidth, final long originNs, final long binNs) {
        this.originNs = originNs;
        this.binNs = binNs;
        this.stream =
                AvalancheStream.forEvents(
                        AvalancheOptions.builder().binWidth(binWidth).build(), this);
    }

    private EventAvalanches(final EventAvalanches from) {
        this.originNs = from.originNs;
        this.binNs = from.binNs;
        this.stream = from.stream.copy(this);
    }

    /** A deep copy (array copies). */
    EventAvalanches copy() {
        return new EventAvalanches(this);
    }

    /** Where the avalanches that close go (null: none may close), for {@code streamId}'s frame. */
    void emitTo(
            final String streamId, final long ingestNs, final Consumer<AvalancheRecord> records) {
        this.streamId = streamId;
        this.ingestNs = ingestNs;
        this.records = records;
    }

    /** One event at time {@code t} (the events' time unit). */
    void onEvent(final long t, final double amplitude) {
        stream.onEvent(t, amplitude);
    }

    /** Closes the bins before time {@code t}: no event before it is still to come. */
    void advanceTo(final long t) {
        stream.advanceTo(t);
    }

    /** Writes the stream's state ({@link AvalancheStream#writeState}). */
    void writeState(final DataOutput out) throws IOException {
        stream.writeState(out);
    }

    /** Reads the stream's state ({@link AvalancheStream#readState}). */
    void readState(final DataInput in) throws IOException {
        stream.readState(in);
    }

    @Override
    public void onAvalanche(
            final long startBin,
            final int durationBins,
            final long events,
            final double amplitude,
            final long firstBinEvents,
            final long secondBinEvents) {
        final AvalancheRecord r = new AvalancheRecord();
        r.kind = AvalancheRecord.KIND;
        r.streamId = streamId;
        r.ingestNs = ingestNs;
        r.binNs = binNs;
        r.startNs = originNs + startBin * binNs;
        r.endNs = r.startNs + durationBins * binNs;
        r.durationBins = durationBins;
        r.size = events;
        r.amplitude = amplitude;
        records.accept(r);
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.ingest.flink.FrameRecord;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.calcium.CalciumEventSink;
import org.neurostream.operators.calcium.CalciumKernel;
import org.neurostream.operators.calcium.CalciumOptions;
import org.neurostream.operators.features.AvalancheRecord;
import org.neurostream.operators.features.CalciumEventRecord;

/**
 * One calcium stream in {@link CalciumFunction}'s keyed state: the options it runs with (at its own
 * frame rate), the stream's layout, its {@link CalciumKernel} (baseline windows, OASIS pools,
 * neuropil and estimation state), the {@link AvalancheStream} of its events and the number of event
 * frames it emitted. Serialized by {@link CalciumStateSerializer}; it is also the sink its kernels
 * report to, with the collector and context of the frame being processed (not state).
 */
public final class CalciumState implements CalciumEventSink {
    final CalciumOptions options;
    final int avalancheBinFrames;
    final int rois;
    final long periodNs;
    final long startNs;
    final CalciumKernel kernel;
    final AvalancheStream avalanches;

    /** Event frames emitted so far: the next one's sequence number. */
    long eventFrames;

    /** Per frame: the values of one imaging frame. */
    final float[] values;

    /** The frame being processed: where events, avalanches and event frames go. */
    String streamId;

    long ingestNs;
    Collector<CalciumEventRecord> out;
    KeyedProcessFunction<String, FrameRecord, CalciumEventRecord>.Context ctx;
    CalciumEventFrames frames;

    /**
     * A fresh stream.
     *
     * @param options the options at the stream's frame rate
     */
    CalciumState(
            final CalciumOptions options,
            final int avalancheBinFrames,
            final int rois,
            final long periodNs,
            final long startNs) {
        this(
                options,
                avalancheBinFrames,
                rois,
                periodNs,
                startNs,
                new CalciumKernel(options, rois));
    }

    private CalciumState(
            final CalciumOptions options,
            final int avalancheBinFrames,
            final int rois,
            final long periodNs,
            final long startNs,
            final CalciumKernel kernel) {
        this.options = options;
        this.avalancheBinFrames = avalancheBinFrames;
        this.rois = rois;
        this.periodNs = periodNs;
        this.startNs = startNs;
        this.kernel = kernel;
        this.values = new float[rois];
        this.avalanches =
                AvalancheStream.forEvents(
                        AvalancheOptions.builder().binWidth(avalancheBinFrames).build(),
                        this::onAvalanche);
    }

    /** A deep copy: the kernel's arrays copied, the avalanche stream through its form. */
    CalciumState copy() {
        final CalciumState c =
                new CalciumState(
                        options, avalancheBinFrames, rois, periodNs, startNs, kernel.copy());
        c.eventFrames = eventFrames;
        try {
            final DataOutputSerializer o = new DataOutputSerializer(4096);
            avalanches.writeState(o);
            c.avalanches.readState(new DataInputDeserializer(o.getSharedBuffer(), 0, o.length()));
        } catch (final IOException e) {
            throw new IllegalStateException("calcium state copy", e);
        }
        return c;
    }

    /** Whether this state belongs to a stream of this layout run with these options. */
    boolean fits(
            final CalciumOptions options,
            final int avalancheBinFrames,
            final int rois,
            final long periodNs) {
        return this.rois == rois
                && this.periodNs == periodNs
                && this.avalancheBinFrames == avalancheBinFrames
                && CalciumStateSerializer.sameOptions(this.options, options);
    }

    @Override
    public void onEvent(
            final int address, final long frame, final long tUs, final double amplitude) {
        final CalciumEventRecord e = new CalciumEventRecord();
        e.kind = "calcium_event";
        e.streamId = streamId;
        e.address = address;
        e.tUs = tUs;
        e.amplitude = amplitude;
        e.timeNs = startNs + frame * periodNs;
        e.ingestNs = ingestNs;
        out.collect(e);
        if (frames != null) {
            ctx.output(CalciumFunction.EVENT_FRAMES, frames.frame(e, eventFrames++));
        }
        avalanches.onEvent(frame, amplitude);
    }

    private void onAvalanche(
            final long startBin,
            final int durationBins,
            final long events,
            final double amplitude,
            final long first,
            final long second) {
        final AvalancheRecord r = new AvalancheRecord();
        r.kind = "avalanche";
        r.streamId = streamId;
        r.ingestNs = ingestNs;
        r.binNs = avalancheBinFrames * periodNs;
        r.startNs = startNs + startBin * r.binNs;
        r.endNs = r.startNs + durationBins * r.binNs;
        r.durationBins = durationBins;
        r.size = events;
        r.amplitude = amplitude;
        ctx.output(CalciumFunction.AVALANCHES, r);
    }
}

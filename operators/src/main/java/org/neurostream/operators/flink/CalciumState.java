package org.neurostream.operators.flink;

import java.util.function.Consumer;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.operators.calcium.CalciumEventSink;
import org.neurostream.operators.calcium.CalciumKernel;
import org.neurostream.operators.calcium.CalciumOptions;

/**
 * One calcium stream in {@link CalciumFunction}'s keyed state: the options it runs with (at its own
 * frame rate), the stream's layout, its {@link CalciumKernel} (baseline windows, OASIS pools,
 * neuropil and estimation state), the {@link EventAvalanches} of its events and the number of event
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
    final EventAvalanches avalanches;

    /** Event frames emitted so far: the next one's sequence number. */
    long eventFrames;

    /** Per frame: the values of one imaging frame. */
    private final float[] values;

    /** The frame being processed: where events, avalanches and event frames go. */
    private String streamId;

    private long ingestNs;
    private Consumer<CalciumEventRecord> events;
    private Consumer<FrameRecord> eventFrameRecords;
    private CalciumEventFrames frames;

    /**
     * A fresh stream, as {@link CalciumFunction} starts it.
     *
     * @param options the options at the stream's frame rate
     * @param avalancheBinFrames avalanche bin width in imaging frames
     * @param rois the stream's ROIs (channels)
     * @param periodNs its imaging frame period
     * @param startNs device time of its first imaging frame
     */
    public CalciumState(
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
                new CalciumKernel(options, rois),
                new EventAvalanches(avalancheBinFrames, startNs, avalancheBinFrames * periodNs));
    }

    private CalciumState(
            final CalciumOptions options,
            final int avalancheBinFrames,
            final int rois,
            final long periodNs,
            final long startNs,
            final CalciumKernel kernel,
            final EventAvalanches avalanches) {
        this.options = options;
        this.avalancheBinFrames = avalancheBinFrames;
        this.rois = rois;
        this.periodNs = periodNs;
        this.startNs = startNs;
        this.kernel = kernel;
        this.values = new float[rois];
        this.avalanches = avalanches;
    }

    /** A deep copy (array copies). */
    CalciumState copy() {
        final CalciumState c =
                new CalciumState(
                        options,
                        avalancheBinFrames,
                        rois,
                        periodNs,
                        startNs,
                        kernel.copy(),
                        avalanches.copy());
        c.eventFrames = eventFrames;
        return c;
    }

    /** Whether this state belongs to a stream of this layout run with these options. */
    public boolean fits(
            final CalciumOptions options,
            final int avalancheBinFrames,
            final int rois,
            final long periodNs) {
        return this.rois == rois
                && this.periodNs == periodNs
                && this.avalancheBinFrames == avalancheBinFrames
                && CalciumStateSerializer.sameOptions(this.options, options);
    }

    /**
     * Takes the imaging frames of one SAMPLES frame of the stream: each spike that becomes final
     * goes to {@code events} (and, as a one-event frame, to {@code eventFrames} unless it is null),
     * each avalanche that closes to {@code avalanches}.
     */
    public void append(
            final FrameDecoder frame,
            final String streamId,
            final Consumer<CalciumEventRecord> events,
            final Consumer<AvalancheRecord> avalanches,
            final Consumer<FrameRecord> eventFrames) {
        this.streamId = streamId;
        this.ingestNs = frame.ingestTimeNs();
        this.events = events;
        this.avalanches.emitTo(streamId, ingestNs, avalanches);
        this.eventFrameRecords = eventFrames;
        if (eventFrames != null && frames == null) {
            frames = new CalciumEventFrames();
        }
        final int lag = options.lag();
        final int n = frame.elementCount();
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rois; r++) {
                values[r] = frame.sample(i, r);
            }
            kernel.process(values, null, null, this);
            if (!kernel.estimating()) {
                this.avalanches.advanceTo(kernel.frames() - lag);
            }
        }
        this.events = null;
        this.avalanches.emitTo(streamId, ingestNs, null);
        this.eventFrameRecords = null;
    }

    /**
     * The frame that ends this stream in the calcium motif detector's input: device time of the
     * next imaging frame's event time, the next event frame number.
     */
    FrameRecord endOfEventFrames(final String streamId, final long ingestNs) {
        if (frames == null) {
            frames = new CalciumEventFrames();
        }
        return frames.endOfStream(
                streamId, options.frameTimeMicros(kernel.frames()) * 1000L, ingestNs, eventFrames);
    }

    @Override
    public void onEvent(
            final int address, final long frame, final long tUs, final double amplitude) {
        final CalciumEventRecord e = new CalciumEventRecord();
        e.kind = CalciumEventRecord.KIND;
        e.streamId = streamId;
        e.address = address;
        e.tUs = tUs;
        e.amplitude = amplitude;
        e.timeNs = startNs + frame * periodNs;
        e.ingestNs = ingestNs;
        events.accept(e);
        if (eventFrameRecords != null) {
            eventFrameRecords.accept(frames.frame(e, eventFrames++));
        }
        avalanches.onEvent(frame, amplitude);
    }
}

package org.neurostream.operators.flink;

import java.util.Objects;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.calcium.CalciumKernel;
import org.neurostream.operators.calcium.CalciumOptions;

/**
 * Calcium imaging per stream (docs/features.md#calcium-in-the-job, streaming form): SAMPLES frames
 * whose channels are ROIs and whose samples are imaging frames go through a {@link CalciumKernel}
 * (running percentile dF/F, online OASIS with a fixed lag); each inferred spike is emitted as a
 * {@link CalciumEventRecord}, and the same events feed a per-stream {@link
 * AvalancheStream#forEvents} whose closed avalanches go to the {@link #AVALANCHES} side output
 * (kind "avalanche"), so that calcium events feed the avalanche operator in the job.
 *
 * <p>Input: SAMPLES frames of modality {@link Modality#CALCIUM} (others are ignored, so the
 * function can take every validated frame of the job): raw fluorescence F without neuropil
 * (neuropil-corrected already, or a neuropil-free layout), or dF/F when the options say {@link
 * CalciumOptions#inputIsDff()} or the frames carry {@link FrameDescriptor#FLAG_DFF} (an NWB {@code
 * DfOverF} series; then with the OASIS baseline of dF/F input, 0: {@link
 * CalciumOptions#forDffInput()}). With {@link #withRoiLabels}, each event names its ROI. The frame
 * rate is each stream's own, from the frames' sample period: the rate with the fewest decimals (up
 * to 6) whose period rounds to that many ns, so that a 30 Hz source framed with a period of 33 333
 * 333 ns runs at exactly 30 Hz, as the offline {@code calcium --fs 30} does; the {@code fs} of the
 * options given here is replaced by it.
 *
 * <p>Output timing: an event is emitted {@code lag} frames after its frame. When the options
 * estimate anything ({@link CalciumOptions#estimates()}: no fixed tau, or an automatic OASIS
 * baseline on raw F), the first {@code estimationFrames} frames of each stream are buffered and
 * their events all come out late, at the end of that phase (2000 frames, over a minute at 30 Hz, by
 * default): {@link #withJobDefaults()} therefore fixes tau and the OASIS baseline, so that events
 * flow from the first frames. The last {@code lag} frames of a stream that stops are never final
 * (not even at its end, so that a stream's outputs do not depend on how it ended): their spikes are
 * not emitted.
 *
 * <p>Avalanches: event times in frames, bins of {@code avalancheBinFrames} frames counted from the
 * stream's first frame; the watermark after frame t is t + 1 - lag (no event of an earlier frame
 * can still come). A record's amplitude is the summed dF/F spike size, its start and end the device
 * times of its first bin's start and last bin's end.
 *
 * <p>State: each stream's kernels are keyed state ({@link CalciumState}, serialized by {@link
 * CalciumStateSerializer}: baseline windows, OASIS pools, estimation buffers, event avalanches), so
 * a job restored from a checkpoint or savepoint goes on with every stream and emits what an
 * uninterrupted job would. A change of ROI count or sample period, or state written with other
 * options (a restore after the job's options changed), restarts the stream's state. An
 * end-of-stream frame frees it and emits nothing more from it (the spikes of the last {@code lag}
 * frames are not final and stay unreported, an open avalanche is dropped), except, when event
 * frames are on ({@link #withEventFrames}), the end-of-stream frame that frees the stream in the
 * calcium motif detector; so does the {@link IdleTimeout} of {@link #withIdleTimeout}, without a
 * frame. Per frame nothing is allocated but the emitted records.
 */
public final class CalciumFunction
        extends KeyedProcessFunction<String, FrameRecord, CalciumEventRecord>
        implements ResultTypeQueryable<CalciumEventRecord> {
    private static final long serialVersionUID = 1L;

    /** Avalanches of the calcium events, kind "avalanche". */
    public static final OutputTag<AvalancheRecord> AVALANCHES =
            new OutputTag<>("calcium-avalanches", ImmutableRecordTypeInfo.AVALANCHES);

    /** Job default decay time, s: GCaMP6s-like, and the demo session's own. */
    public static final double DEFAULT_TAU_SECONDS = 1.0;

    /** Job default OASIS baseline, dF/F: the resting level of 8th-percentile dF/F at noise 0.1. */
    public static final double DEFAULT_OASIS_BASELINE = 0.14;

    /**
     * Each spike as a one-event EVENTS frame, and each stream's end as an empty one flagged
     * end-of-stream, in order ({@link CalciumEventFrames}): the calcium motif detector's input.
     * Emitted only with {@link #withEventFrames}.
     */
    public static final OutputTag<FrameRecord> EVENT_FRAMES =
            new OutputTag<>("calcium-event-frames", FrameRecordTypeInfo.INSTANCE);

    private final CalciumOptions options;
    private final int avalancheBinFrames;
    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private boolean eventFrames;
    private transient ValueState<CalciumState> state;
    private transient StreamExpiry expiry;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient boolean frames;
    private transient long ratePeriodNs;
    private transient boolean rateDff;
    private transient CalciumOptions atRate;
    private java.util.Map<String, java.util.List<String>> roiLabels = java.util.Map.of();

    /**
     * @param options the calcium parameters; their {@code fs} is replaced by each stream's rate
     * @param avalancheBinFrames avalanche bin width in imaging frames, at least 1
     * @throws IllegalArgumentException when avalancheBinFrames &lt; 1
     */
    public CalciumFunction(final CalciumOptions options, final int avalancheBinFrames) {
        this.options = Objects.requireNonNull(options, "options");
        if (avalancheBinFrames < 1) {
            throw new IllegalArgumentException(
                    "avalanche bins must be at least 1 frame, got " + avalancheBinFrames);
        }
        this.avalancheBinFrames = avalancheBinFrames;
    }

    /**
     * The job's defaults: raw F input, the defaults of docs/features.md#calcium-parameters (q 8, W
     * 500, lag 10, s_min 0.5) except a fixed tau of {@link #DEFAULT_TAU_SECONDS} and a fixed OASIS
     * baseline of {@link #DEFAULT_OASIS_BASELINE}, so that nothing is estimated and events come out
     * {@code lag} frames after their frame from the start; avalanche bins of one frame.
     */
    public static CalciumFunction withJobDefaults() {
        return new CalciumFunction(jobOptions(30.0), 1);
    }

    /** The options of {@link #withJobDefaults()} at a frame rate (for offline runs to match). */
    public static CalciumOptions jobOptions(final double fs) {
        return CalciumOptions.builder(fs)
                .tauSeconds(DEFAULT_TAU_SECONDS)
                .oasisBaseline(DEFAULT_OASIS_BASELINE)
                .build();
    }

    /**
     * The frame rate of a sample period in ns: the rate with the fewest decimals (0 to 6) whose
     * period rounds to {@code periodNs}, else 1e9 / periodNs.
     *
     * @throws IllegalArgumentException when periodNs &lt;= 0
     */
    public static double frameRate(final long periodNs) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("sample period must be > 0 ns, got " + periodNs);
        }
        final double exact = 1e9 / periodNs;
        double scale = 1.0;
        for (int decimals = 0; decimals <= 6; decimals++, scale *= 10) {
            final double candidate = Math.round(exact * scale) / scale;
            if (candidate > 0 && Math.round(1e9 / candidate) == periodNs) {
                return candidate;
            }
        }
        return exact;
    }

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public CalciumFunction withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    /**
     * Emits the {@link #EVENT_FRAMES} side output (off by default: only the calcium motif detector
     * reads it); call before the job runs.
     */
    public CalciumFunction withEventFrames(final boolean on) {
        this.eventFrames = on;
        return this;
    }

    /**
     * Names each stream's ROIs in its events ({@link CalciumEventRecord#roiLabel}): per stream id,
     * one label per ROI (from the recording's ROI table; the journal's {@code roi_labels}); streams
     * not in the map, ROIs past the end of their list and empty labels get none. Call before the
     * job runs.
     */
    public CalciumFunction withRoiLabels(
            final java.util.Map<String, java.util.List<String>> labels) {
        this.roiLabels = java.util.Map.copyOf(labels);
        return this;
    }

    @Override
    public void open(final OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "calcium", CalciumStateSerializer.INSTANCE));
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), state);
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        frames = eventFrames;
        ratePeriodNs = 0;
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<CalciumEventRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES || decoder.modality() != Modality.CALCIUM) {
            return;
        }
        final int n = decoder.elementCount();
        CalciumState s = null;
        if (n > 0) {
            s = state.value();
            final int rois = decoder.channelCount();
            final long periodNs = decoder.periodNs();
            final boolean dff = (decoder.flags() & FrameDescriptor.FLAG_DFF) != 0;
            if (periodNs != ratePeriodNs || dff != rateDff || atRate == null) {
                final CalciumOptions rated = options.atFrameRate(frameRate(periodNs));
                atRate = dff ? rated.forDffInput() : rated;
                ratePeriodNs = periodNs;
                rateDff = dff;
            }
            if (s == null || !s.fits(atRate, avalancheBinFrames, rois, periodNs)) {
                s =
                        new CalciumState(
                                atRate, avalancheBinFrames, rois, periodNs, decoder.deviceTimeNs());
            }
            final java.util.List<String> labels = roiLabels.get(frame.streamId);
            s.append(
                    decoder,
                    frame.streamId,
                    labels == null ? out::collect : e -> out.collect(labelled(e, labels)),
                    r -> ctx.output(AVALANCHES, r),
                    frames ? r -> ctx.output(EVENT_FRAMES, r) : null);
            state.update(s);
        }
        if (frames && EndOfStream.isMarked(decoder)) {
            // the calcium motif detector frees the stream too, after its last spike
            if (s == null) {
                s = state.value();
            }
            ctx.output(
                    EVENT_FRAMES,
                    s != null
                            ? s.endOfEventFrames(frame.streamId, decoder.ingestTimeNs())
                            : new CalciumEventFrames()
                                    .endOfStream(frame.streamId, 0, decoder.ingestTimeNs(), 0));
        }
        expiry.afterFrame(decoder, ctx.timerService());
    }

    private static CalciumEventRecord labelled(
            final CalciumEventRecord e, final java.util.List<String> labels) {
        if (e.address < labels.size() && !labels.get(e.address).isEmpty()) {
            e.roiLabel = labels.get(e.address);
        }
        return e;
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<CalciumEventRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }

    /** {@link ImmutableRecordTypeInfo#CALCIUM_EVENTS}: the records go on without copies. */
    @Override
    public TypeInformation<CalciumEventRecord> getProducedType() {
        return ImmutableRecordTypeInfo.CALCIUM_EVENTS;
    }
}

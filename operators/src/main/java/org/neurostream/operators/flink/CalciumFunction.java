package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.calcium.CalciumEventSink;
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
 * CalciumOptions#inputIsDff()} (an option rather than a frame flag: the frame bridge writes none,
 * and a stream does not change its kind). The frame rate is each stream's own, from the frames'
 * sample period: the rate with the fewest decimals (up to 6) whose period rounds to that many ns,
 * so that a 30 Hz source framed with a period of 33 333 333 ns runs at exactly 30 Hz, as the
 * offline {@code calcium --fs 30} does; the {@code fs} of the options given here is replaced by it.
 *
 * <p>Output timing: an event is emitted {@code lag} frames after its frame. When the options
 * estimate anything ({@link CalciumOptions#estimates()}: no fixed tau, or an automatic OASIS
 * baseline on raw F), the first {@code estimationFrames} frames of each stream are buffered and
 * their events all come out late, at the end of that phase (2000 frames, over a minute at 30 Hz, by
 * default): {@link #withJobDefaults()} therefore fixes tau and the OASIS baseline, so that events
 * flow from the first frames. The last {@code lag} frames of a stream that stops are never final (a
 * stream has no end): their spikes are not emitted.
 *
 * <p>Avalanches: event times in frames, bins of {@code avalancheBinFrames} frames counted from the
 * stream's first frame; the watermark after frame t is t + 1 - lag (no event of an earlier frame
 * can still come). A record's amplitude is the summed dF/F spike size, its start and end the device
 * times of its first bin's start and last bin's end.
 *
 * <p>A change of ROI count or sample period restarts the stream's state. The state lives in the
 * function instance (not checkpointed): a restart begins each stream anew, baseline window
 * included. Per frame nothing is allocated but the emitted records.
 */
public final class CalciumFunction
        extends KeyedProcessFunction<String, FrameRecord, CalciumEventRecord> {
    private static final long serialVersionUID = 1L;

    /** Avalanches of the calcium events, kind "avalanche". */
    public static final OutputTag<AvalancheRecord> AVALANCHES =
            new OutputTag<>("calcium-avalanches") {
                private static final long serialVersionUID = 1L;
            };

    /** Job default decay time, s: GCaMP6s-like, and the demo session's own. */
    public static final double DEFAULT_TAU_SECONDS = 1.0;

    /** Job default OASIS baseline, dF/F: the resting level of 8th-percentile dF/F at noise 0.1. */
    public static final double DEFAULT_OASIS_BASELINE = 0.14;

    private final CalciumOptions options;
    private final int avalancheBinFrames;
    private transient Map<String, StreamState> streams;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;

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

    @Override
    public void open(final OpenContext context) {
        streams = new HashMap<>();
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<CalciumEventRecord> out) {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES || decoder.modality() != Modality.CALCIUM) {
            return;
        }
        StreamState s = streams.get(frame.streamId);
        if (s == null || s.rois != decoder.channelCount() || s.periodNs != decoder.periodNs()) {
            s =
                    new StreamState(
                            frame.streamId,
                            decoder.channelCount(),
                            decoder.periodNs(),
                            decoder.deviceTimeNs());
            streams.put(frame.streamId, s);
        }
        s.out = out;
        s.ctx = ctx;
        s.ingestNs = decoder.ingestTimeNs();
        final int n = decoder.elementCount();
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < s.rois; r++) {
                s.values[r] = decoder.sample(i, r);
            }
            s.kernel.process(s.values, null, null, s);
            if (!s.kernel.estimating()) {
                s.avalanches.advanceTo(s.kernel.frames() - s.lag);
            }
        }
        s.out = null;
        s.ctx = null;
    }

    /** One stream's kernels, scratch and clock; the event sink of its kernel. */
    private final class StreamState implements CalciumEventSink {
        final String streamId;
        final int rois;
        final long periodNs;
        final long startNs;
        final int lag;
        final float[] values;
        final CalciumKernel kernel;
        final AvalancheStream avalanches;
        Collector<CalciumEventRecord> out;
        Context ctx;
        long ingestNs;

        StreamState(
                final String streamId, final int rois, final long periodNs, final long startNs) {
            this.streamId = streamId;
            this.rois = rois;
            this.periodNs = periodNs;
            this.startNs = startNs;
            final CalciumOptions atRate = options.atFrameRate(frameRate(periodNs));
            this.lag = atRate.lag();
            this.values = new float[rois];
            this.kernel = new CalciumKernel(atRate, rois);
            final AvalancheOptions avalancheOptions =
                    AvalancheOptions.builder().binWidth(avalancheBinFrames).build();
            this.avalanches =
                    AvalancheStream.forEvents(
                            avalancheOptions,
                            (startBin, durationBins, events, amplitude, first, second) -> {
                                final AvalancheRecord r = new AvalancheRecord();
                                r.kind = AvalancheRecord.KIND;
                                r.streamId = streamId;
                                r.ingestNs = ingestNs;
                                r.binNs = avalancheBinFrames * periodNs;
                                r.startNs = startNs + startBin * r.binNs;
                                r.endNs = r.startNs + durationBins * r.binNs;
                                r.durationBins = durationBins;
                                r.size = events;
                                r.amplitude = amplitude;
                                ctx.output(AVALANCHES, r);
                            });
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
            out.collect(e);
            avalanches.onEvent(frame, amplitude);
        }
    }
}

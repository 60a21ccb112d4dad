package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.avalanche.AvalancheSummary;
import org.neurostream.operators.avalanche.ZScoreBaseline;

/**
 * Neuronal avalanches per sampled stream (docs/features.md#streaming-avalanches): threshold events
 * on channels z-scored against a running baseline, fixed bins, each avalanche emitted when it
 * closes, and the rolling statistics of the last avalanches every {@code statsEverySeconds} of
 * device time on the {@link #STATISTICS} side output. The same {@link AvalancheStream} kernel as
 * the offline command with {@code --baseline running --bin-us W}, so both give the same avalanches.
 *
 * <p>The per-stream kernel state lives in the function instance (it is not checkpointed yet): a
 * restart begins each stream's baseline anew.
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
    private transient Map<String, StreamState> streams;
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

    @Override
    public void open(final OpenContext context) {
        streams = new HashMap<>();
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<AvalancheRecord> out) {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES) {
            return;
        }
        StreamState s = streams.get(frame.streamId);
        if (s == null || s.channels != decoder.channelCount() || s.periodNs != decoder.periodNs()) {
            s =
                    new StreamState(
                            frame.streamId,
                            decoder.channelCount(),
                            decoder.periodNs(),
                            decoder.deviceTimeNs());
            streams.put(frame.streamId, s);
        }
        final int n = decoder.elementCount();
        s.ensureChunk(n);
        for (int c = 0; c < s.channels; c++) {
            final float[] channel = s.chunk[c];
            for (int i = 0; i < n; i++) {
                channel[i] = decoder.sample(i, c);
            }
        }
        s.ingestNs = decoder.ingestTimeNs();
        s.stream.onSamples(s.chunk, 0, n);
        s.samples += n;
        for (final AvalancheRecord r : s.closed) {
            out.collect(r);
        }
        s.closed.clear();
        if (s.samples >= s.nextStatsAt) {
            ctx.output(STATISTICS, s.statistics());
            s.nextStatsAt += s.statsEvery;
        }
    }

    /** One stream's kernel, scratch and clock. */
    private final class StreamState {
        final String streamId;
        final int channels;
        final long periodNs;
        final long startNs;
        final long binSamples;
        final long statsEvery;
        final AvalancheStream stream;
        final List<AvalancheRecord> closed = new ArrayList<>();
        float[][] chunk;
        long samples;
        long nextStatsAt;
        long ingestNs;

        StreamState(
                final String streamId,
                final int channels,
                final long periodNs,
                final long startNs) {
            this.streamId = streamId;
            this.channels = channels;
            this.periodNs = periodNs;
            this.startNs = startNs;
            final double fs = 1e9 / periodNs;
            this.binSamples = Math.max(1, Math.round(binSeconds * fs));
            this.statsEvery = Math.max(1, Math.round(statsEverySeconds * fs));
            this.nextStatsAt = statsEvery;
            this.chunk = new float[channels][0];
            final AvalancheOptions options =
                    AvalancheOptions.builder()
                            .threshold(threshold)
                            .baseline(ZScoreBaseline.RUNNING)
                            .runningSeconds(runningSeconds)
                            .binWidth(binSamples)
                            .build();
            this.stream =
                    AvalancheStream.forSamples(
                            channels,
                            fs,
                            options,
                            (startBin, durationBins, events, amplitude, first, second) -> {
                                final AvalancheRecord r = record(AvalancheRecord.KIND);
                                r.startNs = startNs + startBin * binSamples * periodNs;
                                r.endNs = r.startNs + durationBins * binSamples * periodNs;
                                r.durationBins = durationBins;
                                r.size = events;
                                r.amplitude = amplitude;
                                closed.add(r);
                            });
        }

        void ensureChunk(final int n) {
            if (chunk[0].length < n) {
                chunk = new float[channels][n];
            }
        }

        AvalancheRecord record(final String kind) {
            final AvalancheRecord r = new AvalancheRecord();
            r.kind = kind;
            r.streamId = streamId;
            r.ingestNs = ingestNs;
            r.binNs = binSamples * periodNs;
            return r;
        }

        AvalancheRecord statistics() {
            final AvalancheSummary sum = stream.rollingSummary();
            final AvalancheRecord r = record(AvalancheRecord.STATS_KIND);
            r.startNs = startNs;
            r.endNs = startNs + samples * periodNs;
            r.avalanches = sum.avalanches();
            final StringBuilder reasons = new StringBuilder();
            r.alphaSize = value(sum.size().alpha(), "alpha_size", sum.size().reason(), reasons);
            r.alphaSizeSe = value(sum.size().alphaSe(), null, null, reasons);
            r.xminSize = value(sum.size().xmin(), null, null, reasons);
            r.alphaDuration =
                    value(
                            sum.duration().alpha(),
                            "alpha_duration",
                            sum.duration().reason(),
                            reasons);
            r.alphaDurationSe = value(sum.duration().alphaSe(), null, null, reasons);
            r.xminDuration = value(sum.duration().xmin(), null, null, reasons);
            r.branchingRatio =
                    value(
                            sum.branchingRatio(),
                            "branching_ratio",
                            sum.branchingRatioReason(),
                            reasons);
            r.branchingRatioMr =
                    value(
                            sum.regression().m(),
                            "branching_ratio_mr",
                            sum.regression().reason(),
                            reasons);
            r.gammaFit = value(sum.scaling().gamma(), "gamma_fit", sum.scaling().reason(), reasons);
            r.gammaPredicted =
                    value(
                            sum.gammaPredicted(),
                            "gamma_predicted",
                            sum.gammaPredictedReason(),
                            reasons);
            r.reasons = reasons.length() == 0 ? null : reasons.toString();
            return r;
        }
    }

    /** A finite value, or null with its reason noted (JSON has no NaN). */
    private static Double value(
            final double v, final String name, final String reason, final StringBuilder reasons) {
        if (Double.isFinite(v)) {
            return v;
        }
        if (name != null && reason != null) {
            reasons.append(reasons.length() == 0 ? "" : "; ")
                    .append(name)
                    .append(": ")
                    .append(reason);
        }
        return null;
    }
}

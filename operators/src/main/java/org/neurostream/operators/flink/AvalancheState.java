package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.operators.avalanche.AvalancheListener;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.avalanche.AvalancheSummary;
import org.neurostream.operators.avalanche.ZScoreBaseline;

/**
 * One sampled stream's avalanche analysis in {@link AvalancheFunction}'s keyed state: the
 * parameters it was started with, the stream's layout and clock, and its {@link AvalancheStream}
 * (running baseline, pending bins, open avalanche, regression sums, rolling window). Serialized by
 * {@link AvalancheStateSerializer}; the closed avalanches and the scratch are not state.
 */
public final class AvalancheState implements AvalancheListener {
    final double threshold;
    final double runningSeconds;
    final double binSeconds;
    final double statsEverySeconds;
    final int channels;
    final long periodNs;
    final long startNs;
    final long binSamples;
    final long statsEvery;
    final AvalancheStream stream;

    /** Samples per channel so far. */
    long samples;

    /** Sample count at which the next statistics record is due. */
    long nextStatsAt;

    /** The avalanches closed by the frame being processed, not yet emitted. */
    private final List<AvalancheRecord> closed = new ArrayList<>();

    /** The frame being processed: its stream and ingest stamp, for the records. */
    private String streamId;

    private long ingestNs;

    private float[][] chunk;

    /**
     * A fresh stream's analysis, as {@link AvalancheFunction} starts it.
     *
     * @param threshold |z| above which an excursion is an event
     * @param runningSeconds time constant of the running mean and variance
     * @param binSeconds bin width, rounded to whole samples
     * @param statsEverySeconds device time between two statistics records
     * @param channels the stream's channels
     * @param periodNs its sample period
     * @param startNs device time of its first sample
     */
    public AvalancheState(
            final double threshold,
            final double runningSeconds,
            final double binSeconds,
            final double statsEverySeconds,
            final int channels,
            final long periodNs,
            final long startNs) {
        this.threshold = threshold;
        this.runningSeconds = runningSeconds;
        this.binSeconds = binSeconds;
        this.statsEverySeconds = statsEverySeconds;
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
        this.stream = AvalancheStream.forSamples(channels, fs, options, this);
    }

    private AvalancheState(final AvalancheState o) {
        this.threshold = o.threshold;
        this.runningSeconds = o.runningSeconds;
        this.binSeconds = o.binSeconds;
        this.statsEverySeconds = o.statsEverySeconds;
        this.channels = o.channels;
        this.periodNs = o.periodNs;
        this.startNs = o.startNs;
        this.binSamples = o.binSamples;
        this.statsEvery = o.statsEvery;
        this.samples = o.samples;
        this.nextStatsAt = o.nextStatsAt;
        this.chunk = new float[channels][0];
        this.stream = o.stream.copy(this);
    }

    /** A deep copy (array copies), reporting to itself. */
    AvalancheState copy() {
        return new AvalancheState(this);
    }

    /** Whether this state belongs to a stream of this layout analysed with these parameters. */
    public boolean fits(
            final double threshold,
            final double runningSeconds,
            final double binSeconds,
            final double statsEverySeconds,
            final int channels,
            final long periodNs) {
        return this.threshold == threshold
                && this.runningSeconds == runningSeconds
                && this.binSeconds == binSeconds
                && this.statsEverySeconds == statsEverySeconds
                && this.channels == channels
                && this.periodNs == periodNs;
    }

    /**
     * Takes the samples of one SAMPLES frame of the stream: the avalanches they close go to {@code
     * avalanches}, and a statistics record, when one falls due, to {@code statistics}.
     */
    public void append(
            final FrameDecoder frame,
            final String streamId,
            final Consumer<AvalancheRecord> avalanches,
            final Consumer<AvalancheRecord> statistics) {
        final int n = frame.elementCount();
        if (chunk[0].length < n) {
            chunk = new float[channels][n];
        }
        for (int c = 0; c < channels; c++) {
            final float[] channel = chunk[c];
            for (int i = 0; i < n; i++) {
                channel[i] = frame.sample(i, c);
            }
        }
        this.streamId = streamId;
        this.ingestNs = frame.ingestTimeNs();
        stream.onSamples(chunk, 0, n);
        samples += n;
        for (final AvalancheRecord r : closed) {
            avalanches.accept(r);
        }
        closed.clear();
        if (samples >= nextStatsAt) {
            statistics.accept(statistics());
            nextStatsAt += statsEvery;
        }
    }

    @Override
    public void onAvalanche(
            final long startBin,
            final int durationBins,
            final long events,
            final double amplitude,
            final long firstBinEvents,
            final long secondBinEvents) {
        final AvalancheRecord r = record(AvalancheRecord.KIND);
        r.startNs = startNs + startBin * binSamples * periodNs;
        r.endNs = r.startNs + durationBins * binSamples * periodNs;
        r.durationBins = durationBins;
        r.size = events;
        r.amplitude = amplitude;
        closed.add(r);
    }

    private AvalancheRecord record(final String kind) {
        final AvalancheRecord r = new AvalancheRecord();
        r.kind = kind;
        r.streamId = streamId;
        r.ingestNs = ingestNs;
        r.binNs = binSamples * periodNs;
        return r;
    }

    /** The rolling statistics record of the stream now. */
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
                value(sum.duration().alpha(), "alpha_duration", sum.duration().reason(), reasons);
        r.alphaDurationSe = value(sum.duration().alphaSe(), null, null, reasons);
        r.xminDuration = value(sum.duration().xmin(), null, null, reasons);
        r.branchingRatio =
                value(sum.branchingRatio(), "branching_ratio", sum.branchingRatioReason(), reasons);
        r.branchingRatioMr =
                value(
                        sum.regression().m(),
                        "branching_ratio_mr",
                        sum.regression().reason(),
                        reasons);
        r.gammaFit = value(sum.scaling().gamma(), "gamma_fit", sum.scaling().reason(), reasons);
        r.gammaPredicted =
                value(sum.gammaPredicted(), "gamma_predicted", sum.gammaPredictedReason(), reasons);
        r.reasons = reasons.length() == 0 ? null : reasons.toString();
        return r;
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

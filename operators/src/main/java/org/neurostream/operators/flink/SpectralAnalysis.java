package org.neurostream.operators.flink;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.apache.flink.util.Collector;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.compute.CpuBandPowerBackend;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandEntropyKernel;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The per-stream work of {@link BandPowerFunction} without Flink's runtime, so that the function,
 * the benchmark and the tests run one and the same code: samples go into a {@link SpectralState},
 * and every hop one {@link BandPowerRecord} comes out with the Welch band powers over the last
 * window ({@link WelchKernel}, the offline command's kernel) and the band differential entropy over
 * the same window ({@link BandEntropyKernel}).
 *
 * <p>Entropy: every sample of every channel goes through the band-pass filters once, in stream
 * order, with the filter state kept in the stream's state, so the filters run continuously from the
 * stream's first sample across frames and windows. The variance over the window comes from sums of
 * the outputs and their squares kept per block (a few blocks per window instead of a window of
 * outputs per channel and band); the window's sums add its blocks oldest first. Blocks are
 * gcd(window, hop) samples long, so that every window is a whole number of them; where that would
 * make more blocks than two per hop (a window that is not a whole number of hops, such as 60001
 * samples and a hop of 7500 at 30 kHz, whose period of 33333 ns makes 30000.3 Hz: gcd 1, a block
 * per sample, gigabytes of sums for a Neuropixels stream), each hop is cut into two blocks instead,
 * at r = window mod hop samples from its start, so that every window is its last r-sample piece
 * plus its whole hops. A record is marked settling while its window holds samples of the stream's
 * first second.
 *
 * <p>Band power on the CPU backend without averaging is computed one channel at a time from the
 * ring; where the hop is a whole number of Welch segment steps, overlapping windows share their
 * segments' periodograms ({@link SegmentPeriodograms}, derived data outside the state), with the
 * same bits as transforming every segment of every window.
 *
 * <p>Emission points are counted in samples from the stream's first sample, so the output depends
 * only on the samples, never on how they were cut into frames, on arrival timing or watermarks.
 *
 * <p>One instance serves every stream of one layout (channels and sample period) on one thread; it
 * holds the kernels and scratch, the streams' states hold everything else. Per sample nothing is
 * allocated; per record, the record and its arrays.
 */
public final class SpectralAnalysis {
    private final WelchKernel kernel;
    private final BandPowerBackend backend;
    private final WelchConfig config;
    private final BandEntropyKernel entropy;
    private final String[] bandNames;
    private final String integration;
    private final double averagingSeconds;
    private final double averagingWeight;
    private final int channels;
    private final int bands;
    private final int bins;
    private final long periodNs;
    private final int window;
    private final int hop;
    private final int block;

    /** Block slots in the ring: window / block, or 2 (window / hop + 1) with split hops. */
    private final int blocks;

    /** Whether blocks are two per hop (see the class comment) rather than gcd(window, hop). */
    private final boolean splitHops;

    /** The first block's length within a hop with split hops: window mod hop. */
    private final int shortBlock;

    /** Blocks that make up a window: all slots, or with split hops one less. */
    private final int windowBlocks;

    private final int settle;

    /**
     * Whether the band powers come from {@link #kernel} one channel at a time (the CPU backend
     * without averaging): a channel's window is unrolled into {@link #row}, which stays in the
     * cache, instead of every channel's into {@link #scratch}.
     */
    private final boolean perChannel;

    private final float[] row;

    /**
     * The segments' periodograms shared by overlapping windows, where the hop is a whole number of
     * segment steps (CPU, no averaging); null otherwise.
     */
    private final SegmentPeriodograms shared;

    /** Every channel's window in time order, for a backend that takes them all at once. */
    private float[][] scratch;

    private final double[] psd;
    private final double[] windowSum;
    private final double[] windowSumSquares;

    /**
     * Kernels and scratch for streams of {@code channels} channels sampled every {@code periodNs}.
     *
     * @throws IllegalArgumentException when the options do not fit the sampling rate (a band
     *     without PSD bins, or outside 0 &lt; lo &lt; hi &lt; fs / 2 for the band-pass filters)
     */
    public SpectralAnalysis(
            final BandPowerOptions options, final int channels, final long periodNs) {
        this(options, channels, periodNs, BackendKind.CPU);
    }

    /**
     * As above, with the band power of each window (without exponential averaging) on the compute
     * backend {@code backend}; averaging needs the PSD and stays on the CPU kernel.
     */
    public SpectralAnalysis(
            final BandPowerOptions options,
            final int channels,
            final long periodNs,
            final BackendKind backend) {
        this(options, channels, periodNs, config -> BandPowerBackends.create(config, backend));
    }

    /**
     * As above, with the band power of each window on the backend {@code backends} makes for the
     * layout's Welch configuration (for example a view of a {@link
     * org.neurostream.operators.compute.BandPowerBatch}, whose outputs are written when the batch
     * is flushed); this analysis closes it.
     */
    public SpectralAnalysis(
            final BandPowerOptions options,
            final int channels,
            final long periodNs,
            final Function<WelchConfig, BandPowerBackend> backends) {
        final double fs = 1e9 / periodNs;
        this.config = options.welchConfig(fs);
        this.kernel = new WelchKernel(config);
        this.backend = backends.apply(config);
        this.entropy = options.entropyKernel(fs);
        this.channels = channels;
        this.bands = config.bands().size();
        this.bins = config.bins();
        this.bandNames = config.bands().stream().map(Band::name).toArray(String[]::new);
        this.integration = config.integration().name().toLowerCase(Locale.ROOT);
        this.averagingSeconds = options.averagingSeconds;
        this.averagingWeight = options.averagingWeight(fs);
        this.periodNs = periodNs;
        this.window = options.windowSamples(fs);
        this.hop = options.hopSamples(fs);
        this.block = gcd(window, hop);
        this.shortBlock = window % hop;
        this.splitHops = window / block > 2 * (window / hop + 1);
        this.blocks = splitHops ? 2 * (window / hop + 1) : window / block;
        this.windowBlocks = splitHops ? blocks - 1 : blocks;
        this.settle = entropy.settlingSamples();
        this.perChannel = averagingSeconds <= 0 && this.backend instanceof CpuBandPowerBackend;
        this.row = perChannel ? new float[window] : null;
        this.shared =
                perChannel && SegmentPeriodograms.shares(kernel, window, hop)
                        ? new SegmentPeriodograms(kernel, channels, window, hop)
                        : null;
        this.scratch = perChannel ? null : new float[channels][window];
        this.psd = averagingSeconds > 0 ? new double[bins] : null;
        this.windowSum = new double[channels * bands];
        this.windowSumSquares = new double[channels * bands];
    }

    /**
     * Whether {@code s} is a state of this analysis: the same channels, period, window, hop and
     * entropy layout (a state restored after the options changed is not).
     */
    public boolean fits(final SpectralState s) {
        return s.channels == channels
                && s.periodNs == periodNs
                && s.window == window
                && s.hop == hop
                && s.block == block
                && s.ring != null
                && s.ring.length == channels * window
                && s.filter != null
                && s.filter.length == entropy.stateLength(channels)
                && s.blockSum != null
                && s.blockSum.length == blocks * channels * bands
                && (s.averagedPsd == null || s.averagedPsd.length == channels * bins);
    }

    /**
     * The state to go on with for a stream whose frame starts at device time {@code startNs}:
     * {@code s} where it {@link #fits}, else a fresh one (a new stream, or one that changed its
     * layout or whose state was written with other options: start over rather than mix layouts)
     * that goes on numbering the stream's records.
     */
    public SpectralState resume(final SpectralState s, final long startNs) {
        if (s != null && fits(s)) {
            return s;
        }
        final SpectralState fresh = newState(startNs);
        fresh.records = s == null ? 0 : s.records;
        return fresh;
    }

    /** A fresh state for a stream whose first sample is at device time {@code startNs}. */
    public SpectralState newState(final long startNs) {
        final SpectralState s = new SpectralState();
        s.channels = channels;
        s.periodNs = periodNs;
        s.startNs = startNs;
        s.window = window;
        s.hop = hop;
        s.ring = new float[channels * window];
        s.nextEmitAt = window;
        s.filter = new double[entropy.stateLength(channels)];
        s.block = block;
        s.blockSum = new double[blocks * channels * bands];
        s.blockSumSquares = new double[blocks * channels * bands];
        return s;
    }

    /**
     * Appends {@code count} samples per channel, sample-major as frames carry them ({@code
     * samples[offset + i * channels + c]}), and emits every record that falls due.
     *
     * @param ingestNs ingest stamp the records emitted now depend on (wall-clock ns)
     */
    public void append(
            final SpectralState s,
            final float[] samples,
            final int offset,
            final int count,
            final String streamId,
            final long ingestNs,
            final Collector<BandPowerRecord> out) {
        final float[] ring = s.ring;
        int i = 0;
        while (i < count) {
            // up to the end of the current block and of the ring, so the chunk is contiguous in
            // every channel's part of the ring (uniform blocks divide the window and never wrap)
            final int slot = (int) (s.samples % window);
            final long blockEnd = blockEnd(s.samples);
            final int take =
                    (int) Math.min(Math.min(count - i, blockEnd - s.samples), window - slot);
            // channel by channel: each channel's run of the ring is written in order, while the
            // frame's rows (one cache line holds 16 channels of a sample) stay in the cache
            final int from = offset + i * channels;
            for (int c = 0; c < channels; c++) {
                final int to = c * window + slot;
                for (int k = 0; k < take; k++) {
                    ring[to + k] = samples[from + k * channels + c];
                }
            }
            final int moments = (int) (blockIndex(s.samples) % blocks) * channels * bands;
            entropy.filterInterleaved(
                    samples,
                    offset + i * channels,
                    take,
                    channels,
                    s.filter,
                    s.blockSum,
                    s.blockSumSquares,
                    moments);
            s.samples += take;
            i += take;
            if (s.samples == blockEnd) {
                if (s.samples == s.nextEmitAt) {
                    out.collect(emit(s, streamId, ingestNs));
                    s.nextEmitAt += hop;
                }
                // the next block reuses the slot of the oldest one
                final int next = (int) (blockIndex(s.samples) % blocks) * channels * bands;
                Arrays.fill(s.blockSum, next, next + channels * bands, 0.0);
                Arrays.fill(s.blockSumSquares, next, next + channels * bands, 0.0);
            }
        }
    }

    private BandPowerRecord emit(
            final SpectralState s, final String streamId, final long ingestNs) {
        final int oldest = (int) (s.samples % window);
        if (!perChannel) {
            for (int c = 0; c < channels; c++) {
                unroll(s, c, oldest, scratch[c]);
            }
        }
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = BandPowerRecord.KIND;
        r.streamId = streamId;
        r.seq = s.records++;
        r.endNs = s.startNs + s.samples * s.periodNs;
        r.startNs = r.endNs - window * s.periodNs;
        r.ingestNs = ingestNs;
        r.channels = channels;
        r.bands = bandNames;
        r.bandPower = new double[channels * bands];
        r.relativePower = new double[channels * bands];
        if (shared != null) {
            shared.bandPowers(s, streamId, oldest, r, bands);
        } else if (perChannel) {
            for (int c = 0; c < channels; c++) {
                unroll(s, c, oldest, row);
                kernel.bandPowers(
                        row, 0, window, r.bandPower, c * bands, r.relativePower, c * bands);
            }
        } else if (psd == null) {
            backend.bandPowers(scratch, 0, window, r.bandPower, r.relativePower);
        } else {
            averagedBandPowers(s, r);
        }
        r.integration = integration;
        r.nperseg = config.nperseg();
        r.windowSamples = window;
        r.averagingSeconds = averagingSeconds;

        Arrays.fill(windowSum, 0.0);
        Arrays.fill(windowSumSquares, 0.0);
        final long first = blockIndex(s.samples) - windowBlocks;
        final int values = channels * bands;
        for (int k = 0; k < windowBlocks; k++) {
            final int at = (int) ((first + k) % blocks) * values;
            for (int v = 0; v < values; v++) {
                windowSum[v] += s.blockSum[at + v];
                windowSumSquares[v] += s.blockSumSquares[at + v];
            }
        }
        r.differentialEntropy = new double[values];
        r.differentialEntropyFloored = new boolean[values];
        entropy.entropies(
                windowSum,
                windowSumSquares,
                window,
                r.differentialEntropy,
                r.differentialEntropyFloored);
        r.entropyLogBase = entropy.logBase();
        r.settling = s.samples - window < settle;
        return r;
    }

    /** Channel c's window, in time order: the ring's [oldest .. end) then [0 .. oldest). */
    private void unroll(final SpectralState s, final int c, final int oldest, final float[] to) {
        System.arraycopy(s.ring, c * window + oldest, to, 0, window - oldest);
        System.arraycopy(s.ring, c * window, to, window - oldest, oldest);
    }

    /** A = A + w (P - A) per channel, from the first P on; band powers of A. */
    private void averagedBandPowers(final SpectralState s, final BandPowerRecord r) {
        final boolean first = s.averagedPsd == null;
        if (first) {
            s.averagedPsd = new double[channels * bins];
        }
        final double[] average = s.averagedPsd;
        final double w = averagingWeight;
        for (int c = 0; c < channels; c++) {
            kernel.psd(scratch[c], 0, window, psd, 0);
            final int at = c * bins;
            for (int k = 0; k < bins; k++) {
                average[at + k] = first ? psd[k] : average[at + k] + w * (psd[k] - average[at + k]);
            }
            kernel.bandPowers(average, at, r.bandPower, c * bands, r.relativePower, c * bands);
        }
    }

    /** The index of the block that holds sample {@code p}, counted from the stream's first. */
    private long blockIndex(final long p) {
        if (!splitHops) {
            return p / block;
        }
        return 2 * (p / hop) + (p % hop < shortBlock ? 0 : 1);
    }

    /** The sample index just past the block that holds sample {@code p}. */
    private long blockEnd(final long p) {
        if (!splitHops) {
            return (p / block + 1) * block;
        }
        final long start = p / hop * hop;
        return p % hop < shortBlock ? start + shortBlock : start + hop;
    }

    private static int gcd(final int a, final int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Whether overlapping windows share their segments' periodograms: the CPU backend without
     * averaging and a hop of a whole number of segment steps
     * (docs/features.md#band-power-parameters).
     */
    public boolean sharesSegments() {
        return shared != null;
    }

    /** Releases the compute backend (device buffers for OpenCL). */
    public void close() {
        backend.close();
    }
}

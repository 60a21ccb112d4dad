package org.neurostream.operators.spectral;

import java.util.List;
import java.util.Objects;

/**
 * Band differential entropy (BDE, docs/features.md#band-differential-entropy; Duan et al. 2013):
 * each channel goes through one Butterworth band-pass per band, and the entropy of a Gaussian with
 * the variance of the band-passed signal, h = 0.5 ln(2 pi e sigma^2), is reported per channel and
 * band.
 *
 * <p>Filters: {@link #ORDER} = 4 (scipy's N, four second-order sections per band, see {@link
 * Butterworth}), causal, transposed direct form II exactly as {@code scipy.signal.sosfilt} computes
 * it, in double, starting from zero state. The filter state is not kept here: callers own it as a
 * primitive array of {@link #stateLength(int)} doubles (a stream's checkpointed state in the job, a
 * local array in the offline command) and pass it on every call, so a filter runs continuously
 * across calls, windows and frames; splitting the input into chunks of any sizes gives the same
 * outputs bit for bit.
 *
 * <p>Moments: {@link #filter} adds every output y and y^2 to caller-owned sums; {@link #entropy}
 * turns sums over n samples into h with the population variance (ddof = 0). Settling: the filters
 * start from rest, so the first {@link #SETTLING_SECONDS} of a stream (its step response to the
 * signal's offset) are flagged by callers as settling (the job) or left out of the variance (the
 * offline command). For narrow low bands the tail lasts longer: with a DC offset A the delta band's
 * (1-4 Hz) transient still has variance about 2e-3 A^2 over seconds 1-3 (a band-pass removes the
 * offset only once its step response has died out).
 *
 * <p>Flat channels: a variance below {@link #VARIANCE_FLOOR} (input unit squared; 1e-20 uV^2 is far
 * below any amplifier's noise) is raised to the floor, so h is finite (about -21.6 nats), and
 * {@link #isFloored} says so; no NaN or infinity comes out of a finite input. A non-finite input
 * sample makes the state of that channel non-finite from then on; inputs are not screened.
 *
 * <p>Threading and memory: one instance per thread (its scratch is shared by calls); all scratch is
 * allocated in the constructor, and no call allocates.
 */
public final class BandEntropyKernel {

    /** Prototype order N of every band-pass (scipy's N: N second-order sections). */
    public static final int ORDER = 4;

    /** How long after a stream's start its filters are settling, in seconds. */
    public static final double SETTLING_SECONDS = 1.0;

    /** Smallest variance used in h, in input unit squared; below it h is floored and flagged. */
    public static final double VARIANCE_FLOOR = 1e-20;

    /** Second-order sections per band: N for a band-pass of prototype order N. */
    private static final int SECTIONS = ORDER;

    private static final int SCRATCH = 512;
    private static final double TWO_PI_E = 2.0 * Math.PI * Math.E;

    private final double fs;
    private final List<Band> bands;
    private final int bandCount;
    private final double logBase;
    private final double inverseLogBase;

    /** Per band and section: b0, b1, b2, a1, a2 (a0 = 1), at [(band * SECTIONS + s) * 5]. */
    private final double[] coefficients;

    private final double[] scratch = new double[SCRATCH];

    /** {@link #filterInterleaved}'s lanes: one sample of every channel, state and sums. */
    private double[] laneInput = new double[0];

    private double[] laneOutput;
    private double[][][] laneState;
    private double[][] laneSum;
    private double[][] laneSumSquares;

    /** A kernel for the bands at sampling rate fs, with h in nats. */
    public BandEntropyKernel(double fs, List<Band> bands) {
        this(fs, bands, Math.E);
    }

    /**
     * A kernel for the bands at sampling rate fs, with h in log base {@code logBase} (e for nats, 2
     * for bits).
     *
     * @throws IllegalArgumentException when a band does not satisfy 0 &lt; lo &lt; hi &lt; fs / 2,
     *     there are no bands, or the log base is not a finite number above 0 other than 1
     */
    public BandEntropyKernel(double fs, List<Band> bands, double logBase) {
        if (!(logBase > 0) || logBase == 1 || !Double.isFinite(logBase)) {
            throw new IllegalArgumentException(
                    "entropy log base must be finite, positive and not 1; got " + logBase);
        }
        this.bands = List.copyOf(Objects.requireNonNull(bands, "bands"));
        if (this.bands.isEmpty()) {
            throw new IllegalArgumentException("at least one band is required");
        }
        this.fs = fs;
        this.bandCount = this.bands.size();
        this.logBase = logBase;
        this.inverseLogBase = 1.0 / Math.log(logBase);
        this.coefficients = new double[bandCount * SECTIONS * 5];
        for (int b = 0; b < bandCount; b++) {
            Band band = this.bands.get(b);
            double[][] sos;
            try {
                sos = Butterworth.bandPassSos(ORDER, band.lo(), band.hi(), fs);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("band " + band + ": " + e.getMessage(), e);
            }
            for (int s = 0; s < SECTIONS; s++) {
                int at = (b * SECTIONS + s) * 5;
                coefficients[at] = sos[s][0];
                coefficients[at + 1] = sos[s][1];
                coefficients[at + 2] = sos[s][2];
                coefficients[at + 3] = sos[s][4];
                coefficients[at + 4] = sos[s][5];
            }
        }
    }

    /** Sampling rate in Hz. */
    public double fs() {
        return fs;
    }

    /** The bands, in output order. */
    public List<Band> bands() {
        return bands;
    }

    /** Number of bands, the stride of the per-channel outputs. */
    public int bandCount() {
        return bandCount;
    }

    /** The log base of h (e: nats). */
    public double logBase() {
        return logBase;
    }

    /** Samples of the settling period: round(fs x {@link #SETTLING_SECONDS}). */
    public int settlingSamples() {
        return (int) Math.round(fs * SETTLING_SECONDS);
    }

    /** Doubles of filter state for {@code channels} channels (all zero at a stream's start). */
    public int stateLength(int channels) {
        return channels * bandCount * SECTIONS * 2;
    }

    /**
     * Filters one channel's samples {@code x[offset .. offset + length)} through every band,
     * continuing from and updating that channel's state, and adds each output y and y^2 to {@code
     * sum[momentOffset + channel * bands + b]} and {@code sumSquares[...]} (band b), one sample
     * after the other, so that sums over chunks of any sizes are the same bits.
     *
     * @param state the state of all channels, {@link #stateLength} long
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    public void filter(
            float[] x,
            int offset,
            int length,
            int channel,
            double[] state,
            double[] sum,
            double[] sumSquares,
            int momentOffset) {
        Objects.checkFromIndexSize(offset, length, x.length);
        int moments = momentOffset + channel * bandCount;
        Objects.checkFromIndexSize(moments, bandCount, sum.length);
        Objects.checkFromIndexSize(moments, bandCount, sumSquares.length);
        double[] y = scratch;
        for (int done = 0; done < length; done += SCRATCH) {
            int n = Math.min(SCRATCH, length - done);
            for (int b = 0; b < bandCount; b++) {
                filterBand(b, channel, state, x, offset + done, y, 0, n);
                // one running sum, sample after sample: the result cannot depend on the chunks
                double s = sum[moments + b];
                double s2 = sumSquares[moments + b];
                for (int i = 0; i < n; i++) {
                    double v = y[i];
                    s += v;
                    s2 += v * v;
                }
                sum[moments + b] = s;
                sumSquares[moments + b] = s2;
            }
        }
    }

    /**
     * Filters {@code count} samples of every channel, sample-major as frames carry them ({@code
     * x[offset + i * channels + c]}), through every band, continuing from and updating the state of
     * channels 0 .. channels - 1, and adds each output y and y^2 to the sums as {@link #filter}
     * does. Per channel the arithmetic and the order of the sums are those of {@link #filter}, so
     * the outputs are the same bits; the loops run across channels (the same operations on
     * independent channels, which the JIT compiles into vector instructions) instead of along one
     * channel's recursion. Allocates only when called with more channels than before.
     *
     * @param state the state of all channels, {@link #stateLength} long
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    public void filterInterleaved(
            float[] x,
            int offset,
            int count,
            int channels,
            double[] state,
            double[] sum,
            double[] sumSquares,
            int momentOffset) {
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, channels), x.length);
        Objects.checkFromIndexSize(0, stateLength(channels), state.length);
        Objects.checkFromIndexSize(momentOffset, channels * bandCount, sum.length);
        Objects.checkFromIndexSize(momentOffset, channels * bandCount, sumSquares.length);
        if (count == 0) {
            return;
        }
        lanes(channels);
        gather(channels, state, sum, sumSquares, momentOffset);
        final double[] row = laneInput;
        for (int i = 0; i < count; i++) {
            final int from = offset + i * channels;
            for (int c = 0; c < channels; c++) {
                row[c] = x[from + c];
            }
            for (int b = 0; b < bandCount; b++) {
                filterRow(b, row, channels);
            }
        }
        scatter(channels, state, sum, sumSquares, momentOffset);
    }

    /**
     * One sample of every channel through band b's four sections, state and sums in lanes. One loop
     * per section keeps each loop small enough for the JIT to unroll and vectorize.
     */
    private void filterRow(int band, double[] row, int channels) {
        final double[][] z = laneState[band];
        final double[] y = laneOutput;
        final int at = band * SECTIONS * 5;
        section(at, row, y, z[0], z[1], channels);
        section(at + 5, y, y, z[2], z[3], channels);
        section(at + 10, y, y, z[4], z[5], channels);
        section(at + 15, y, y, z[6], z[7], channels);
        final double[] s = laneSum[band];
        final double[] s2 = laneSumSquares[band];
        for (int c = 0; c < channels; c++) {
            final double out = y[c];
            s[c] += out;
            s2[c] += out * out;
        }
    }

    /**
     * One second-order section for one sample of every channel: filterBand's expressions, term for
     * term, so every channel gets the same bits.
     */
    private void section(int at, double[] x, double[] y, double[] z0, double[] z1, int channels) {
        final double[] k = coefficients;
        final double b0 = k[at], b1 = k[at + 1], b2 = k[at + 2], a1 = k[at + 3], a2 = k[at + 4];
        for (int c = 0; c < channels; c++) {
            final double in = x[c];
            final double out = b0 * in + z0[c];
            z0[c] = b1 * in - a1 * out + z1[c];
            z1[c] = b2 * in - a2 * out;
            y[c] = out;
        }
    }

    /** Lane scratch for at least {@code channels} channels. */
    private void lanes(int channels) {
        if (laneInput.length >= channels) {
            return;
        }
        laneInput = new double[channels];
        laneOutput = new double[channels];
        laneState = new double[bandCount][SECTIONS * 2][channels];
        laneSum = new double[bandCount][channels];
        laneSumSquares = new double[bandCount][channels];
    }

    /** Channel-major state and sums into lanes: one array per band and state variable. */
    private void gather(
            int channels, double[] state, double[] sum, double[] sumSquares, int momentOffset) {
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < bandCount; b++) {
                final int z = (c * bandCount + b) * SECTIONS * 2;
                final double[][] lane = laneState[b];
                for (int v = 0; v < SECTIONS * 2; v++) {
                    lane[v][c] = state[z + v];
                }
                laneSum[b][c] = sum[momentOffset + c * bandCount + b];
                laneSumSquares[b][c] = sumSquares[momentOffset + c * bandCount + b];
            }
        }
    }

    /** The inverse of {@link #gather}. */
    private void scatter(
            int channels, double[] state, double[] sum, double[] sumSquares, int momentOffset) {
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < bandCount; b++) {
                final int z = (c * bandCount + b) * SECTIONS * 2;
                final double[][] lane = laneState[b];
                for (int v = 0; v < SECTIONS * 2; v++) {
                    state[z + v] = lane[v][c];
                }
                sum[momentOffset + c * bandCount + b] = laneSum[b][c];
                sumSquares[momentOffset + c * bandCount + b] = laneSumSquares[b][c];
            }
        }
    }

    /**
     * Filters one channel's samples {@code x[offset .. offset + length)} through band {@code band},
     * continuing from and updating that channel's state for the band, and writes the outputs to
     * {@code y[yOffset .. yOffset + length)}: {@code scipy.signal.sosfilt}'s arithmetic, in double.
     *
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    public void filterBand(
            int band,
            int channel,
            double[] state,
            float[] x,
            int offset,
            double[] y,
            int yOffset,
            int length) {
        Objects.checkIndex(band, bandCount);
        Objects.checkFromIndexSize(offset, length, x.length);
        Objects.checkFromIndexSize(yOffset, length, y.length);
        int z = (channel * bandCount + band) * SECTIONS * 2;
        Objects.checkFromIndexSize(z, SECTIONS * 2, state.length);
        int c = band * SECTIONS * 5;
        final double[] k = coefficients;
        // four sections unrolled into locals: the recursion then runs in registers
        final double b00 = k[c], b01 = k[c + 1], b02 = k[c + 2], a01 = k[c + 3], a02 = k[c + 4];
        final double b10 = k[c + 5], b11 = k[c + 6], b12 = k[c + 7], a11 = k[c + 8], a12 = k[c + 9];
        final double b20 = k[c + 10],
                b21 = k[c + 11],
                b22 = k[c + 12],
                a21 = k[c + 13],
                a22 = k[c + 14];
        final double b30 = k[c + 15],
                b31 = k[c + 16],
                b32 = k[c + 17],
                a31 = k[c + 18],
                a32 = k[c + 19];
        double z00 = state[z], z01 = state[z + 1], z10 = state[z + 2], z11 = state[z + 3];
        double z20 = state[z + 4], z21 = state[z + 5], z30 = state[z + 6], z31 = state[z + 7];
        for (int i = 0; i < length; i++) {
            double in = x[offset + i];
            double out = b00 * in + z00;
            z00 = b01 * in - a01 * out + z01;
            z01 = b02 * in - a02 * out;
            in = out;
            out = b10 * in + z10;
            z10 = b11 * in - a11 * out + z11;
            z11 = b12 * in - a12 * out;
            in = out;
            out = b20 * in + z20;
            z20 = b21 * in - a21 * out + z21;
            z21 = b22 * in - a22 * out;
            in = out;
            out = b30 * in + z30;
            z30 = b31 * in - a31 * out + z31;
            z31 = b32 * in - a32 * out;
            y[yOffset + i] = out;
        }
        state[z] = z00;
        state[z + 1] = z01;
        state[z + 2] = z10;
        state[z + 3] = z11;
        state[z + 4] = z20;
        state[z + 5] = z21;
        state[z + 6] = z30;
        state[z + 7] = z31;
    }

    /**
     * The population variance of n samples with the given sum and sum of squares, never below 0
     * (rounding can push sum^2/n a little above the sum of squares).
     */
    public static double variance(double sum, double sumSquares, long n) {
        double mean = sum / n;
        return Math.max(0.0, sumSquares / n - mean * mean);
    }

    /**
     * h = 0.5 log(2 pi e max(sigma^2, floor)) in this kernel's log base, with sigma^2 the
     * population variance of the n samples whose sum and sum of squares are given.
     */
    public double entropy(double sum, double sumSquares, long n) {
        double v = Math.max(variance(sum, sumSquares, n), VARIANCE_FLOOR);
        return 0.5 * Math.log(TWO_PI_E * v) * inverseLogBase;
    }

    /** Whether {@link #entropy} of these moments was raised to the floor (a flat band). */
    public static boolean isFloored(double sum, double sumSquares, long n) {
        return !(variance(sum, sumSquares, n) >= VARIANCE_FLOOR);
    }

    /**
     * h of every channel and band from sums over n samples ({@code channels x bands} values,
     * channel-major, as {@link #filter} accumulates them) into {@code out}, and the floor flags
     * into {@code floored} when it is not null.
     */
    public void entropies(
            double[] sum, double[] sumSquares, long n, double[] out, boolean[] floored) {
        for (int i = 0; i < out.length; i++) {
            out[i] = entropy(sum[i], sumSquares[i], n);
            if (floored != null) {
                floored[i] = isFloored(sum[i], sumSquares[i], n);
            }
        }
    }
}

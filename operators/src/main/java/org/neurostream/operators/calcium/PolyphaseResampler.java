package org.neurostream.operators.calcium;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.neurostream.operators.descriptors.FirDesign;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * Resamples multichannel samples by a rational factor up / down, streaming, with the anti-aliasing
 * filter and alignment of {@code scipy.signal.resample_poly(x, up, down)} (docs/features.md,
 * "Resampling calcium streams"): a low-pass FIR of 2 * 10 max(up, down) + 1 taps, cutoff 1 /
 * max(up, down) of Nyquist, Kaiser window beta 5, gain up; output n at input time n down / up,
 * zero-phase, the input taken as 0 before its first sample:
 *
 * <pre>
 *   y[n] = sum_i x[i] h[n down + H - i up],   H = 10 max(up, down)
 * </pre>
 *
 * Output n is final once input floor((n down + H) / up) is in, so a stream's outputs lag its inputs
 * by H / up input samples (10 for an upsampling, 10 down / up for a downsampling), and the outputs
 * are those of {@code resample_poly} on the whole recording except the last ones, which {@code
 * resample_poly} computes with zeros past the end and this kernel never does while the stream runs
 * ({@link #finish} does, for the offline resampling of a whole recording).
 *
 * <p>Per sample nothing is allocated; the input history (the last ceil(taps / up) samples of each
 * channel) is the state ({@link #writeState}). Not thread-safe.
 */
public final class PolyphaseResampler {
    /** The largest up or down factor: rates must be in a ratio of numbers up to it. */
    public static final int MAX_FACTOR = 1000;

    private final int channels;
    private final int up;
    private final int down;
    private final int half;
    private final double[] coefficients;
    private final int history;
    private final float[] ring;
    private long inputs;
    private long outputs;

    /**
     * A resampler by up / down (reduced to lowest terms).
     *
     * @throws IllegalArgumentException when a factor is outside 1..{@value #MAX_FACTOR} or there
     *     are no channels
     */
    public PolyphaseResampler(final int channels, final int up, final int down) {
        if (channels < 1 || up < 1 || down < 1 || up > MAX_FACTOR || down > MAX_FACTOR) {
            throw new IllegalArgumentException(
                    "resampling by "
                            + up
                            + "/"
                            + down
                            + " of "
                            + channels
                            + " channels: factors must be 1.."
                            + MAX_FACTOR);
        }
        final int g = gcd(up, down);
        this.channels = channels;
        this.up = up / g;
        this.down = down / g;
        final int max = Math.max(this.up, this.down);
        this.half = 10 * max;
        final double[] taps =
                max == 1
                        ? new double[] {1.0}
                        : FirDesign.firwinLowPassKaiser(2 * half + 1, 1.0 / max, 5.0);
        this.coefficients = new double[taps.length];
        for (int i = 0; i < taps.length; i++) {
            coefficients[i] = taps[i] * this.up;
        }
        this.history = (coefficients.length + this.up - 1) / this.up + 1;
        this.ring = new float[history * channels];
    }

    /**
     * A resampler from {@code inHz} to {@code outHz}: up / down is the ratio with the smallest down
     * (at most {@value #MAX_FACTOR}) that gives the output rate within 1e-9 of its value.
     *
     * @throws IllegalArgumentException when the rates are not positive or in no such ratio
     */
    public static PolyphaseResampler ofRates(
            final int channels, final double inHz, final double outHz) {
        final int[] f = factors(inHz, outHz);
        return new PolyphaseResampler(channels, f[0], f[1]);
    }

    /**
     * {up, down} for resampling {@code inHz} to {@code outHz}, in lowest terms.
     *
     * @throws IllegalArgumentException when the rates are not positive or in no ratio of numbers up
     *     to {@value #MAX_FACTOR}
     */
    public static int[] factors(final double inHz, final double outHz) {
        if (!(inHz > 0) || !(outHz > 0) || Double.isInfinite(inHz) || Double.isInfinite(outHz)) {
            throw new IllegalArgumentException(
                    "resampling needs positive rates, got " + inHz + " Hz to " + outHz + " Hz");
        }
        final double ratio = outHz / inHz;
        for (int down = 1; down <= MAX_FACTOR; down++) {
            final long up = Math.round(ratio * down);
            if (up >= 1 && up <= MAX_FACTOR && Math.abs(up - ratio * down) <= 1e-9 * ratio * down) {
                return new int[] {(int) up, down};
            }
        }
        throw new IllegalArgumentException(
                "cannot resample "
                        + inHz
                        + " Hz to "
                        + outHz
                        + " Hz: the rates must be in a ratio of whole numbers up to "
                        + MAX_FACTOR);
    }

    private static int gcd(final int a, final int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The up factor, in lowest terms. */
    public int up() {
        return up;
    }

    /** The down factor, in lowest terms. */
    public int down() {
        return down;
    }

    /** Channels per sample. */
    public int channels() {
        return channels;
    }

    /** The most outputs one input sample can complete: the size of {@link #push}'s output. */
    public int maxOutputsPerInput() {
        return (up + down - 1) / down + 1;
    }

    /** Input samples taken so far. */
    public long inputs() {
        return inputs;
    }

    /** Output samples made so far; output n lies at input time n down / up. */
    public long outputs() {
        return outputs;
    }

    /**
     * Takes one input sample ({@code in[offset, offset + channels)}) and writes the outputs it
     * completes, sample-major, to {@code out} from {@code outOffset}.
     *
     * @return the output samples written (0 to {@link #maxOutputsPerInput()})
     */
    public int push(final float[] in, final int offset, final float[] out, final int outOffset) {
        final int slot = (int) (inputs % history) * channels;
        System.arraycopy(in, offset, ring, slot, channels);
        inputs++;
        return drain(out, outOffset);
    }

    /**
     * Writes the outputs still owed for {@code total} input samples (the whole recording), as if
     * zeros followed its last sample: {@code ceil(total up / down)} outputs in all, as {@code
     * resample_poly} gives.
     *
     * @return the output samples written; {@code out} must hold them all
     */
    public int finish(final float[] out, final int outOffset) {
        final long total = inputs;
        final long wanted = (total * up + down - 1) / down;
        final float[] zeros = new float[channels];
        int written = 0;
        while (outputs < wanted) {
            final int slot = (int) (inputs % history) * channels;
            System.arraycopy(zeros, 0, ring, slot, channels);
            inputs++;
            written += drain(out, outOffset + written * channels);
        }
        final long excess = outputs - wanted;
        outputs = wanted;
        return (int) (written - excess);
    }

    private int drain(final float[] out, final int outOffset) {
        int written = 0;
        final long last = inputs - 1;
        while (true) {
            final long p = outputs * down + half;
            final long needed = p / up;
            if (needed > last) {
                return written;
            }
            final long first =
                    Math.max(
                            Math.max(0, last - history + 1),
                            ceilDiv(p - (coefficients.length - 1), up));
            final int at = outOffset + written * channels;
            for (int c = 0; c < channels; c++) {
                double y = 0;
                for (long i = first; i <= needed; i++) {
                    y +=
                            ring[(int) (i % history) * channels + c]
                                    * coefficients[(int) (p - i * up)];
                }
                out[at + c] = (float) y;
            }
            outputs++;
            written++;
        }
    }

    private static long ceilDiv(final long a, final long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Writes the counters and the input history. */
    public void writeState(final DataOutput out) throws IOException {
        out.writeLong(inputs);
        out.writeLong(outputs);
        StateIo.writeFloats(out, ring, 0, ring.length);
    }

    /**
     * Reads what {@link #writeState} wrote for a resampler of these factors and channels.
     *
     * @throws StateFormatException when the counters are impossible
     */
    public void readState(final DataInput in) throws IOException {
        final long i = in.readLong();
        final long o = in.readLong();
        if (i < 0 || o < 0 || o > (i * up) / down + 1) {
            throw new StateFormatException(
                    "resampler state of " + i + " inputs and " + o + " outputs");
        }
        inputs = i;
        outputs = o;
        StateIo.readFloats(in, ring, 0, ring.length);
    }

    /** A deep copy. */
    public PolyphaseResampler copy() {
        final PolyphaseResampler c = new PolyphaseResampler(channels, up, down);
        c.inputs = inputs;
        c.outputs = outputs;
        System.arraycopy(ring, 0, c.ring, 0, ring.length);
        return c;
    }

    /**
     * Resamples whole channels (channel-major, {@code x[channel][sample]}) by up / down: what
     * {@code scipy.signal.resample_poly(x, up, down, axis=1)} gives, as float32.
     */
    public static float[][] resample(final float[][] x, final int up, final int down) {
        final int channels = x.length;
        final PolyphaseResampler r = new PolyphaseResampler(channels, up, down);
        final int n = x[0].length;
        final long total = ((long) n * r.up + r.down - 1) / r.down;
        final float[] out = new float[(int) (total + r.maxOutputsPerInput()) * channels];
        final float[] sample = new float[channels];
        int written = 0;
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                sample[c] = x[c][s];
            }
            written += r.push(sample, 0, out, written * channels);
        }
        written += r.finish(out, written * channels);
        final float[][] y = new float[channels][written];
        for (int s = 0; s < written; s++) {
            for (int c = 0; c < channels; c++) {
                y[c][s] = out[s * channels + c];
            }
        }
        return y;
    }
}

package org.neurostream.operators.descriptors;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Zero-phase FIR filtering exactly as {@code scipy.signal.filtfilt(b, 1, x, padlen=P)} computes it
 * (default {@code padtype='odd'}): the signal is extended at both ends by P samples of its odd
 * reflection about the end values, filtered forwards with the filter state of a constant input
 * equal to the first extended sample ({@code lfilter_zi}), reversed, filtered again from the state
 * of its (new) first sample, reversed back, and the extensions cut off. The result has the squared
 * magnitude response of the filter and no phase shift.
 *
 * <p>Each pass is a linear convolution: as direct sums for short filters (up to {@value
 * #DIRECT_TAPS} taps), else by overlap-save with power-of-two real FFTs (JTransforms) of 8 x taps
 * (at least 256) points, which gives the same values within double rounding.
 *
 * <p>One instance per thread and per maximum length: every buffer is allocated in the constructor,
 * and {@link #filter} allocates nothing.
 */
public final class ZeroPhaseFir {
    /** Filters with at most this many taps run as direct sums. */
    static final int DIRECT_TAPS = 24;

    private final double[] b;
    private final int taps;
    private final int padlen;
    private final int maxLength;
    private final double[] ext;
    private final double[] pass;
    private final DoubleFFT_1D fft;
    private final int fftSize;
    private final double[] kernelSpectrum;
    private final double[] work;

    /**
     * A filter with coefficients {@code b}, odd extension of {@code padlen} samples at each end,
     * for signals of up to {@code maxLength} samples.
     *
     * @throws IllegalArgumentException when padlen is negative or maxLength is not above padlen
     */
    public ZeroPhaseFir(final double[] b, final int padlen, final int maxLength) {
        this.b = b.clone();
        this.taps = b.length;
        this.padlen = padlen;
        this.maxLength = maxLength;
        if (padlen < 0 || maxLength <= padlen) {
            throw new IllegalArgumentException(
                    "need 0 <= padlen < maxLength, got padlen "
                            + padlen
                            + " and maxLength "
                            + maxLength);
        }
        final int extended = maxLength + 2 * padlen;
        this.ext = new double[extended];
        this.pass = new double[extended];
        if (taps > DIRECT_TAPS) {
            // overlap-save: blocks of 8 x taps (a power of two, at least 256), or one block
            // holding the whole extended signal when that is smaller
            int size = 256;
            while (size < 8 * taps) {
                size <<= 1;
            }
            int whole = 2;
            while (whole < extended + taps - 1) {
                whole <<= 1;
            }
            this.fftSize = Math.min(size, whole);
            this.fft = new DoubleFFT_1D(fftSize);
            this.kernelSpectrum = new double[fftSize];
            System.arraycopy(this.b, 0, kernelSpectrum, 0, taps);
            fft.realForward(kernelSpectrum);
            this.work = new double[fftSize];
        } else {
            this.fftSize = 0;
            this.fft = null;
            this.kernelSpectrum = null;
            this.work = null;
        }
    }

    /** The shortest signal {@link #filter} takes: one sample more than the extension. */
    public int minLength() {
        return padlen + 1;
    }

    /** The number of taps. */
    public int taps() {
        return taps;
    }

    /**
     * Filters {@code x[offset .. offset + length)} (promoted to double) into {@code out[outOffset
     * .. outOffset + length)}.
     *
     * @throws IllegalArgumentException when length is not in [minLength(), maxLength]
     */
    public void filter(
            final float[] x,
            final int offset,
            final int length,
            final double[] out,
            final int outOffset) {
        checkLength(length);
        Objects.checkFromIndexSize(offset, length, x.length);
        final double first = x[offset];
        final double last = x[offset + length - 1];
        for (int i = 0; i < padlen; i++) {
            ext[i] = 2 * first - x[offset + padlen - i];
            ext[padlen + length + i] = 2 * last - x[offset + length - 2 - i];
        }
        for (int i = 0; i < length; i++) {
            ext[padlen + i] = x[offset + i];
        }
        run(length, out, outOffset);
    }

    private void checkLength(final int length) {
        if (length < minLength() || length > maxLength) {
            throw new IllegalArgumentException(
                    "signal of "
                            + length
                            + " samples; this filter takes "
                            + minLength()
                            + " to "
                            + maxLength);
        }
    }

    private void run(final int length, final double[] out, final int outOffset) {
        final int n = length + 2 * padlen;
        // forwards, from the state of a constant input ext[0]
        convolve(ext, n, pass);
        // backwards: reverse, filter from the state of a constant input equal to its first value
        reverse(pass, n);
        convolve(pass, n, ext);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = ext[n - 1 - padlen - i];
        }
    }

    /** y[i] = sum_j b[j] in[i - j], with in[m] = in[0] for m &lt; 0; i in [0, n). */
    private void convolve(final double[] in, final int n, final double[] y) {
        final double[] h = b;
        final int t = taps;
        final double before = in[0];
        if (fft == null) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                final int direct = Math.min(t - 1, i);
                for (int j = 0; j <= direct; j++) {
                    s += h[j] * in[i - j];
                }
                for (int j = direct + 1; j < t; j++) {
                    s += h[j] * before;
                }
                y[i] = s;
            }
            return;
        }
        // overlap-save: each block of fftSize inputs yields fftSize - (t - 1) outputs
        final double[] w = work;
        final double[] k = kernelSpectrum;
        final int lead = t - 1;
        final int step = fftSize - lead;
        for (int start = 0; start < n; start += step) {
            // w[m] = in[start - lead + m], in[] before 0 held at in[0], after n - 1 at 0
            for (int m = 0; m < fftSize; m++) {
                final int at = start - lead + m;
                w[m] = at < 0 ? before : at < n ? in[at] : 0.0;
            }
            fft.realForward(w);
            w[0] *= k[0];
            w[1] *= k[1];
            for (int i = 2; i < fftSize; i += 2) {
                final double re = w[i] * k[i] - w[i + 1] * k[i + 1];
                final double im = w[i] * k[i + 1] + w[i + 1] * k[i];
                w[i] = re;
                w[i + 1] = im;
            }
            fft.realInverse(w, true);
            System.arraycopy(w, lead, y, start, Math.min(step, n - start));
        }
    }

    private static void reverse(final double[] a, final int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            final double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Longest signal accepted. */
    public int maxLength() {
        return maxLength;
    }
}

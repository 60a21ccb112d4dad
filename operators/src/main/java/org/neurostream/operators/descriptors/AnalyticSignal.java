package org.neurostream.operators.descriptors;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The analytic signal x + i H(x) as {@code scipy.signal.hilbert(x, N)[:n]} computes it: the DFT of
 * x zero-padded to N points, positive frequencies doubled, negative ones zeroed (DC, and Nyquist
 * for even N, kept once), the inverse DFT, the first n points. N = n is scipy's default; tensorpac
 * pads to the next 5-smooth length ({@link #nextFastLength}).
 *
 * <p>One instance per thread and transform length; buffers are allocated in the constructor. The
 * transform is JTransforms' complex FFT: allocation-free for a power-of-two N, one scratch array
 * per call inside the library for other lengths.
 */
public final class AnalyticSignal {
    private final int fftLength;
    private final DoubleFFT_1D fft;
    private final double[] buffer;

    /** For signals of up to {@code fftLength} samples, transformed at that length. */
    public AnalyticSignal(final int fftLength) {
        if (fftLength < 1) {
            throw new IllegalArgumentException("transform length must be positive");
        }
        this.fftLength = fftLength;
        this.fft = new DoubleFFT_1D(fftLength);
        this.buffer = new double[2 * fftLength];
    }

    /** The transform length N. */
    public int fftLength() {
        return fftLength;
    }

    /**
     * Writes the analytic signal of {@code x[offset .. offset + n)} (n &lt;= N, zero-padded to N)
     * to {@code re[0 .. n)} and {@code im[0 .. n)}.
     */
    public void transform(
            final double[] x, final int offset, final int n, final double[] re, final double[] im) {
        if (n > fftLength) {
            throw new IllegalArgumentException(n + " samples exceed transform length " + fftLength);
        }
        final double[] a = buffer;
        final int nf = fftLength;
        for (int i = 0; i < n; i++) {
            a[i] = x[offset + i];
        }
        Arrays.fill(a, n, nf, 0.0);
        // the real FFT's packed half spectrum becomes the analytic signal's spectrum in place:
        // X_k at a[2k], a[2k + 1] already for 0 < k < N / 2; h = 1 at DC (and Nyquist), 2 between
        fft.realForward(a);
        final double packed = a[1];
        a[1] = 0;
        final int half = (nf - 1) / 2;
        for (int k = 1; k <= half; k++) {
            a[2 * k] *= 2;
            a[2 * k + 1] *= 2;
        }
        if (nf % 2 == 0) {
            // a[1] held the Nyquist term
            a[nf] = packed;
            a[nf + 1] = 0;
            Arrays.fill(a, nf + 2, 2 * nf, 0.0);
        } else {
            if (half >= 1) {
                // a[1] held the imaginary part of the last bin, whose real part sits at a[N - 1]
                a[nf] = 2 * packed;
            }
            Arrays.fill(a, nf + 1, 2 * nf, 0.0);
        }
        fft.complexInverse(a, true);
        for (int i = 0; i < n; i++) {
            re[i] = a[2 * i];
            im[i] = a[2 * i + 1];
        }
    }

    /**
     * The smallest 5-smooth number (2^a 3^b 5^c) at or above {@code target}: {@code
     * scipy.fftpack.next_fast_len}, the length tensorpac's Hilbert transform pads to.
     */
    public static int nextFastLength(final int target) {
        if (target <= 6) {
            return Math.max(target, 1);
        }
        long best = Long.MAX_VALUE;
        for (long p5 = 1; p5 < 2L * target; p5 *= 5) {
            for (long p35 = p5; p35 < 2L * target; p35 *= 3) {
                long n = p35;
                while (n < target) {
                    n <<= 1;
                }
                best = Math.min(best, n);
            }
        }
        return (int) best;
    }

    /**
     * |re + i im| = sqrt(re^2 + im^2). Math.hypot also guards against overflow and underflow, at
     * several times the cost; spectra and analytic signals of physical samples are far from both.
     */
    static double magnitude(final double re, final double im) {
        return Math.sqrt(re * re + im * im);
    }
}

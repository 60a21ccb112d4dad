package org.neurostream.operators.descriptors;

import org.neurostream.operators.spectral.Band;

/**
 * The median instantaneous frequency of a band's analytic signal: x band-passed by the FIR of
 * {@link DetrendedFluctuation} (firwin, Hamming, round(firSeconds x fs) + 1 taps, filtfilt), its
 * analytic signal z ({@code scipy.signal.hilbert}), the phase advance per sample arg(z[i+1]
 * conj(z[i])) (the same as {@code np.diff(np.unwrap(np.angle(z)))}) times fs / (2 pi), and the
 * median of those N - 1 values (mean of the two middle ones for an even count, as {@code
 * np.median}).
 *
 * <p>One instance per thread and maximum length; allocation-free after construction apart from the
 * FFT of a non-power-of-two length.
 */
public final class InstantaneousFrequency {
    private final double fs;
    private final ZeroPhaseFir filter;
    private final int maxLength;
    private final double[] filtered;
    private final double[] re;
    private final double[] im;
    private final double[] steps;
    private AnalyticSignal analytic;
    private float[] lastInput;
    private int lastOffset;
    private int lastLength;

    /** For {@code band} at {@code fs}, signals of up to {@code maxLength} samples. */
    public InstantaneousFrequency(
            final double fs, final Band band, final double firSeconds, final int maxLength) {
        this.fs = fs;
        int taps = (int) Math.round(firSeconds * fs) + 1;
        if (taps % 2 == 0) {
            taps++;
        }
        this.maxLength = maxLength;
        this.filter =
                new ZeroPhaseFir(
                        FirDesign.firwinBandPass(taps, band.lo(), band.hi(), fs),
                        3 * taps,
                        Math.max(maxLength, 3 * taps + 1));
        this.filtered = new double[maxLength];
        this.re = new double[maxLength];
        this.im = new double[maxLength];
        this.steps = new double[maxLength];
    }

    /** The shortest signal taken. */
    public int minLength() {
        return filter.minLength();
    }

    /**
     * Median instantaneous frequency (Hz) of {@code x[offset .. offset + length)}, or NaN when the
     * signal is shorter than {@link #minLength()}.
     */
    public double compute(final float[] x, final int offset, final int length) {
        if (length < minLength() || length > maxLength) {
            return Double.NaN;
        }
        if (analytic == null || analytic.fftLength() != length) {
            analytic = new AnalyticSignal(length);
        }
        filter.filter(x, offset, length, filtered, 0);
        analytic.transform(filtered, 0, length, re, im);
        lastInput = x;
        lastOffset = offset;
        lastLength = length;
        final double scale = fs / (2 * Math.PI);
        for (int i = 0; i + 1 < length; i++) {
            final double cr = re[i + 1] * re[i] + im[i + 1] * im[i];
            final double ci = im[i + 1] * re[i] - re[i + 1] * im[i];
            steps[i] = Math.atan2(ci, cr) * scale;
        }
        return Selection.median(steps, length - 1);
    }

    /**
     * Whether the last {@link #compute} ran on exactly {@code x[offset .. offset + length)}, so
     * that {@link #real()} and {@link #imaginary()} hold its band's analytic signal.
     */
    public boolean holds(final float[] x, final int offset, final int length) {
        return lastInput == x && lastOffset == offset && lastLength == length;
    }

    /** The real part of the last analytic signal (the band-passed signal). */
    public double[] real() {
        return re;
    }

    /** The imaginary part of the last analytic signal (its Hilbert transform). */
    public double[] imaginary() {
        return im;
    }
}

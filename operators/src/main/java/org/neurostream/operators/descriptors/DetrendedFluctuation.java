package org.neurostream.operators.descriptors;

import org.neurostream.operators.spectral.Band;

/**
 * Detrended fluctuation analysis (Peng et al. 1994; for amplitude envelopes of EEG oscillations
 * Linkenkaer-Hansen et al. 2001, Hardstone et al. 2012) of a band's amplitude envelope, as {@code
 * nolds.dfa(envelope, nvals, overlap=False, order=1, fit_trend='poly', fit_exp='poly')}:
 *
 * <ol>
 *   <li>band-pass: a FIR of round(firSeconds x fs) + 1 taps designed as {@code scipy.signal.firwin}
 *       (Hamming) and run forwards and backwards as {@code scipy.signal.filtfilt(b, 1, x)} (odd
 *       extension of 3 x taps samples);
 *   <li>envelope: |{@code scipy.signal.hilbert}| of the filtered signal;
 *   <li>profile: the cumulative sum of the envelope minus its mean;
 *   <li>for each window size n: the profile cut into floor(N / n) non-overlapping windows from the
 *       start, a least-squares line removed from each, F(n) = sqrt(mean over windows of the mean
 *       squared residual);
 *   <li>alpha = the least-squares slope of log F(n) against log n (sizes with F(n) = 0 left out);
 *       r^2 is that fit's squared correlation.
 * </ol>
 *
 * Window sizes: {@link #windowSizes} (10 log-spaced sizes from 1 s to 6 s by default, rounded to
 * unique sample counts). For fractional Gaussian noise of Hurst exponent H, alpha estimates H.
 *
 * <p>One instance per thread and maximum length; buffers are allocated in the constructor.
 */
public final class DetrendedFluctuation {
    private final ZeroPhaseFir filter;
    private final int[] sizes;
    private final int maxLength;
    private final double[] filtered;
    private final double[] re;
    private final double[] im;
    private final double[] envelope;
    private final double[] profile;
    private final double[] logN;
    private final double[] logF;
    private final CentredSums sums = new CentredSums();
    private AnalyticSignal analytic;
    private double alpha;
    private double rSquared;

    /**
     * DFA of the {@code band} envelope at {@code fs} for signals of up to {@code maxLength}
     * samples, windows of {@code sizes} samples.
     *
     * @throws IllegalArgumentException when the band does not lie inside (0, fs / 2), or a window
     *     size is under 2 or not below maxLength
     */
    public DetrendedFluctuation(
            final double fs,
            final Band band,
            final double firSeconds,
            final int[] sizes,
            final int maxLength) {
        final int taps = (int) Math.round(firSeconds * fs) + 1;
        this.filter =
                new ZeroPhaseFir(
                        FirDesign.firwinBandPass(
                                taps % 2 == 0 ? taps + 1 : taps, band.lo(), band.hi(), fs),
                        3 * (taps % 2 == 0 ? taps + 1 : taps),
                        Math.max(maxLength, 3 * (taps + 1) + 1));
        this.sizes = sizes.clone();
        this.maxLength = maxLength;
        if (sizes.length < 2) {
            throw new IllegalArgumentException("DFA needs at least 2 window sizes");
        }
        for (final int s : sizes) {
            if (s < 2 || s >= maxLength) {
                throw new IllegalArgumentException(
                        "DFA window of " + s + " samples: need 2 <= size < " + maxLength);
            }
        }
        this.filtered = new double[maxLength];
        this.re = new double[maxLength];
        this.im = new double[maxLength];
        this.envelope = new double[maxLength];
        this.profile = new double[maxLength];
        this.logN = new double[sizes.length];
        this.logF = new double[sizes.length];
    }

    /**
     * {@code np.unique(np.round(np.logspace(log10(lo s x fs), log10(hi s x fs), count)))}: the
     * window sizes in samples.
     */
    public static int[] windowSizes(
            final double fs, final double loSeconds, final double hiSeconds, final int count) {
        final double a = Math.log10(loSeconds * fs);
        final double b = Math.log10(hiSeconds * fs);
        final double step = (b - a) / (count - 1);
        return java.util.stream.IntStream.range(0, count)
                .mapToDouble(i -> Math.pow(10, i == count - 1 ? b : i * step + a))
                .mapToInt(v -> (int) Math.rint(v))
                .distinct()
                .sorted()
                .toArray();
    }

    /** The shortest signal the band-pass takes (its odd extension plus one). */
    public int minLength() {
        return Math.max(filter.minLength(), sizes[sizes.length - 1] + 1);
    }

    /**
     * DFA of the band envelope of {@code x[offset .. offset + length)}; then {@link #alpha()} and
     * {@link #rSquared()} hold the results. Returns null, or the reason no exponent exists.
     */
    public String compute(final float[] x, final int offset, final int length) {
        if (length < minLength() || length > maxLength) {
            return "needs " + minLength() + " to " + maxLength + " samples, got " + length;
        }
        if (analytic == null || analytic.fftLength() != length) {
            // one transform length per window length; the streaming windows all have one
            analytic = new AnalyticSignal(length);
        }
        filter.filter(x, offset, length, filtered, 0);
        analytic.transform(filtered, 0, length, re, im);
        return fromAnalytic(re, im, length);
    }

    /**
     * DFA of the envelope of an analytic signal already made with this band-pass ({@link
     * InstantaneousFrequency} of the same band and FIR length makes the same one), so that the two
     * need one filter and one transform between them.
     */
    public String fromAnalytic(final double[] real, final double[] imaginary, final int length) {
        if (length < minLength() || length > maxLength) {
            return "needs " + minLength() + " to " + maxLength + " samples, got " + length;
        }
        for (int i = 0; i < length; i++) {
            envelope[i] = AnalyticSignal.magnitude(real[i], imaginary[i]);
        }
        return fluctuation(envelope, 0, length);
    }

    /**
     * DFA (nolds, non-overlapping windows, linear detrending, polynomial fits) of {@code
     * series[offset .. offset + length)} itself; the results go to {@link #alpha()}, {@link
     * #rSquared()}. Returns null or the reason (all fluctuations zero).
     */
    public String fluctuation(final double[] series, final int offset, final int length) {
        double mean = 0;
        for (int i = 0; i < length; i++) {
            mean += series[offset + i];
        }
        mean /= length;
        double walk = 0;
        for (int i = 0; i < length; i++) {
            walk += series[offset + i] - mean;
            profile[i] = walk;
        }
        int m = 0;
        for (final int n : sizes) {
            final int windows = length / n;
            // x = 0 .. n-1: mean (n-1)/2, sum of squared deviations n (n^2 - 1) / 12
            final double xMean = 0.5 * (n - 1);
            final double sxx = n * ((double) n * n - 1) / 12.0;
            double total = 0;
            for (int w = 0; w < windows; w++) {
                final int start = w * n;
                double yMean = 0;
                for (int i = 0; i < n; i++) {
                    yMean += profile[start + i];
                }
                yMean /= n;
                double sxy = 0;
                for (int i = 0; i < n; i++) {
                    sxy += (i - xMean) * (profile[start + i] - yMean);
                }
                final double slope = sxy / sxx;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    final double r = profile[start + i] - (yMean + slope * (i - xMean));
                    ss += r * r;
                }
                total += ss / n;
            }
            final double f = Math.sqrt(total / windows);
            if (f != 0) {
                logN[m] = Math.log(n);
                logF[m] = Math.log(f);
                m++;
            }
        }
        if (m < 2) {
            alpha = Double.NaN;
            rSquared = Double.NaN;
            return "the envelope's fluctuations are zero at " + (sizes.length - m) + " sizes";
        }
        final CentredSums s = sums.of(logN, logF, m);
        alpha = s.slope();
        rSquared = s.squaredCorrelation();
        return null;
    }

    /** The last DFA exponent. */
    public double alpha() {
        return alpha;
    }

    /** r^2 of the last log-log fit. */
    public double rSquared() {
        return rSquared;
    }

    /** The window sizes, samples. */
    public int[] sizes() {
        return sizes.clone();
    }
}

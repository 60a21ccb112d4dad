package org.neurostream.operators.descriptors;

import java.util.Arrays;
import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Spectral parameterisation of one power spectrum as FOOOF 1.1 ({@code fooof.FOOOF}, the package
 * since renamed specparam) fits it in {@code aperiodic_mode='fixed'}: log10 power over the fitted
 * range = aperiodic component + Gaussian peaks, the aperiodic component L(f) = offset - exponent
 * log10(f) (power falling as 1 / f^exponent).
 *
 * <p>The algorithm, step for step as {@code FOOOF.fit}: (1) a robust aperiodic fit: a first fit of
 * L to the whole log spectrum, then a refit to the points whose residual, clipped at 0, is at or
 * below its 0.025th percentile (the points under the first fit); (2) peak search on the spectrum
 * minus that fit: while the highest point exceeds {@code peakThreshold} standard deviations (and
 * {@code minPeakHeight}), and fewer than {@code maxPeaks} are found, a Gaussian guess at it (width
 * from the nearer half-height crossing, clipped to half the width limits) is subtracted; guesses
 * closer than one standard deviation to the range's ends are dropped, and of two guesses
 * overlapping by 0.75 standard deviations the lower; (3) all peaks fitted together as a sum of
 * Gaussians (centre within 1.5 x 2 widths of its guess and inside the range, height &gt;= 0, width
 * within the limits); (4) the aperiodic component refitted to the spectrum minus the peaks.
 * Reported: offset, exponent, r^2 of the full model against the log spectrum, and per peak its
 * centre, its power above the aperiodic component at the nearest bin and its bandwidth (2 x the
 * Gaussian's standard deviation).
 *
 * <p>Fits: the aperiodic fits are linear in their parameters and solved exactly (the optimum
 * FOOOF's Levenberg-Marquardt converges to). The Gaussians go through Hipparchus'
 * Levenberg-Marquardt with analytic Jacobians and at most 5000 evaluations (FOOOF's {@code maxfev})
 * on parameters transformed so that they cannot leave FOOOF's bounds ({@link #fitPeaks}): it ends
 * where scipy's bounded trust-region method ends, a stationary point of the bounded problem. (An
 * earlier version projected each step into the bounds instead; that stopped short, at points with a
 * least-squares cost 10-30 % above FOOOF's, on 4 of the 128 channels of the golden files.)
 *
 * <p>One instance per thread and frequency grid. Buffers are preallocated: a fit without peaks
 * allocates nothing; the Gaussian fit allocates what Hipparchus' optimiser needs per evaluation.
 */
public final class AperiodicFit {
    private final double[] freqs;
    private final double[] logFreqs;
    private final int n;
    private final double freqResolution;
    private final double stdLow;
    private final double stdHigh;
    private final double meanWidthLimit;
    private final int maxPeaks;
    private final double minPeakHeight;
    private final double peakThreshold;

    private final double[] spectrum;
    private final double[] flatIter;
    private final double[] flatRobust;
    private final double[] clipped;
    private final double[] sorted;
    private final double[] peakFit;
    private final double[] apFit;
    private final double[] model;
    private final double[] selectedFreqs;
    private final double[] selectedPower;
    private final double[] guesses;
    private final double[] keep;
    private final boolean[] drop;
    private final double[] lower;
    private final double[] upper;
    private final double[] line = new double[2];
    private final CentredSums sums = new CentredSums();

    private final LevenbergMarquardtOptimizer optimizer = new LevenbergMarquardtOptimizer();

    /** Offset and exponent of the last fit. */
    private double offset;

    private double exponent;
    private double rSquared;
    private int peaks;
    private final double[] peakCenter;
    private final double[] peakPower;
    private final double[] peakBandwidth;
    private final double[] flat;
    private String failure;

    /**
     * A fit for the frequencies {@code freqs} (Hz, evenly spaced, all &gt; 0: the bins of the
     * fitted range) with FOOOF's settings.
     *
     * @param peakWidthLow lower peak width limit, Hz (FOOOF default 0.5)
     * @param peakWidthHigh upper peak width limit, Hz (default 12)
     * @param maxPeaks most peaks (default unlimited: {@link Integer#MAX_VALUE})
     * @param minPeakHeight least peak height, log10 power (default 0)
     * @param peakThreshold peak threshold in standard deviations of the flattened spectrum (2)
     */
    public AperiodicFit(
            final double[] freqs,
            final double peakWidthLow,
            final double peakWidthHigh,
            final int maxPeaks,
            final double minPeakHeight,
            final double peakThreshold) {
        if (freqs.length < 3 || freqs[0] <= 0) {
            throw new IllegalArgumentException(
                    "the fitted range needs at least 3 frequencies above 0 Hz");
        }
        this.freqs = freqs.clone();
        this.n = freqs.length;
        this.logFreqs = new double[n];
        for (int i = 0; i < n; i++) {
            logFreqs[i] = Math.log10(freqs[i]);
        }
        this.freqResolution = freqs[1] - freqs[0];
        this.stdLow = peakWidthLow / 2;
        this.stdHigh = peakWidthHigh / 2;
        this.meanWidthLimit = (peakWidthLow + peakWidthHigh) / 2;
        this.maxPeaks = maxPeaks;
        this.minPeakHeight = minPeakHeight;
        this.peakThreshold = peakThreshold;
        this.spectrum = new double[n];
        this.flatIter = new double[n];
        this.flatRobust = new double[n];
        this.clipped = new double[n];
        this.sorted = new double[n];
        this.peakFit = new double[n];
        this.apFit = new double[n];
        this.model = new double[n];
        this.selectedFreqs = new double[n];
        this.selectedPower = new double[n];
        // a peak guess takes at least one bin: at most n guesses
        this.guesses = new double[3 * n];
        this.keep = new double[3 * n];
        this.drop = new boolean[n];
        this.lower = new double[3 * n];
        this.upper = new double[3 * n];
        this.peakCenter = new double[n];
        this.peakPower = new double[n];
        this.peakBandwidth = new double[n];
        this.flat = new double[n];
    }

    /** The fitted frequencies, Hz. */
    public double[] frequencies() {
        return freqs.clone();
    }

    /** Number of fitted frequencies. */
    public int size() {
        return n;
    }

    /**
     * Fits the linear power spectrum {@code power[offset .. offset + size())} (the fitted range's
     * bins). Returns null on success, else the reason no fit was made (a non-positive or non-finite
     * power, an optimiser that did not converge); the results are then undefined.
     */
    public String fit(final double[] power, final int from) {
        failure = null;
        peaks = 0;
        for (int i = 0; i < n; i++) {
            final double p = power[from + i];
            if (!(p > 0) || !Double.isFinite(p)) {
                return fail(
                        "power "
                                + p
                                + " at "
                                + freqs[i]
                                + " Hz: the log spectrum is not finite (flat or broken channel)");
            }
            spectrum[i] = Math.log10(p);
        }
        try {
            // (1) robust aperiodic fit
            final double[] first = apFit(logFreqs, spectrum, n);
            gen(first[0], first[1], apFit);
            for (int i = 0; i < n; i++) {
                clipped[i] = Math.max(spectrum[i] - apFit[i], 0);
            }
            final double threshold = percentile(clipped, 0.025);
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (clipped[i] <= threshold) {
                    selectedFreqs[m] = logFreqs[i];
                    selectedPower[m] = spectrum[i];
                    m++;
                }
            }
            if (m < 2) {
                return fail("the robust aperiodic fit kept " + m + " point(s), fewer than 2");
            }
            final double[] robust = apFit(selectedFreqs, selectedPower, m);
            gen(robust[0], robust[1], apFit);
            for (int i = 0; i < n; i++) {
                flatRobust[i] = spectrum[i] - apFit[i];
                flatIter[i] = flatRobust[i];
            }
            // (2) peak search, (3) peak fit
            int g = searchPeaks();
            g = dropNearEdges(g);
            g = dropOverlaps(g);
            Arrays.fill(peakFit, 0.0);
            if (g > 0) {
                fitPeaks(g);
                sortByCentre(guesses, g);
                for (int p = 0; p < g; p++) {
                    addGaussian(peakFit, guesses[3 * p], guesses[3 * p + 1], guesses[3 * p + 2]);
                }
            }
            // (4) final aperiodic fit to the spectrum without peaks
            for (int i = 0; i < n; i++) {
                selectedPower[i] = spectrum[i] - peakFit[i];
            }
            final double[] last = apFit(logFreqs, selectedPower, n);
            offset = last[0];
            exponent = last[1];
            gen(offset, exponent, apFit);
            for (int i = 0; i < n; i++) {
                model[i] = peakFit[i] + apFit[i];
                flat[i] = spectrum[i] - apFit[i];
            }
            peaks = g;
            for (int p = 0; p < g; p++) {
                final double centre = guesses[3 * p];
                int nearest = 0;
                for (int i = 1; i < n; i++) {
                    if (Math.abs(freqs[i] - centre) < Math.abs(freqs[nearest] - centre)) {
                        nearest = i;
                    }
                }
                peakCenter[p] = centre;
                peakPower[p] = model[nearest] - apFit[nearest];
                peakBandwidth[p] = 2 * guesses[3 * p + 2];
            }
            rSquared = sums.of(spectrum, model, n).squaredCorrelation();
            if (!Double.isFinite(offset)
                    || !Double.isFinite(exponent)
                    || !Double.isFinite(rSquared)) {
                return fail("the fit gave a non-finite value");
            }
            return null;
        } catch (final MathIllegalStateException e) {
            return fail("the fit did not converge: " + e.getMessage());
        }
    }

    private String fail(final String reason) {
        failure = reason;
        peaks = 0;
        return reason;
    }

    /** The reason the last fit failed, or null. */
    public String failure() {
        return failure;
    }

    /** Aperiodic offset (log10 power) of the last fit. */
    public double offset() {
        return offset;
    }

    /** Aperiodic exponent of the last fit. */
    public double exponent() {
        return exponent;
    }

    /** r^2 of the last fit's model against the log spectrum. */
    public double rSquared() {
        return rSquared;
    }

    /** Number of peaks of the last fit. */
    public int peakCount() {
        return peaks;
    }

    /** Centre of peak {@code p}, Hz, in increasing order. */
    public double peakCenter(final int p) {
        return peakCenter[p];
    }

    /** Power of peak {@code p} above the aperiodic component, log10 power. */
    public double peakPower(final int p) {
        return peakPower[p];
    }

    /** Bandwidth of peak {@code p}: twice the Gaussian's standard deviation, Hz. */
    public double peakBandwidth(final int p) {
        return peakBandwidth[p];
    }

    /** The aperiodic-corrected log spectrum of the last fit at fitted bin {@code i}. */
    public double flattened(final int i) {
        return flat[i];
    }

    /**
     * Least squares of power = offset - exponent x over the first m points, solved exactly: the
     * model is linear in its parameters, so this is the optimum FOOOF's curve_fit converges to.
     * Returns {offset, exponent} in {@link #line}.
     */
    private double[] apFit(final double[] x, final double[] power, final int m) {
        final CentredSums s = sums.of(x, power, m);
        if (!(s.sxx > 0)) {
            throw new MathIllegalStateException(
                    LocalizedCoreFormats.SIMPLE_MESSAGE,
                    "the aperiodic fit's " + m + " points share one frequency");
        }
        final double slope = s.slope();
        line[0] = s.meanY - slope * s.meanX;
        line[1] = -slope;
        return line;
    }

    private void gen(final double o, final double e, final double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = o - Math.log10(Math.pow(freqs[i], e));
        }
    }

    /** FOOOF's iterative peak search on flatIter; returns the number of guesses. */
    private int searchPeaks() {
        int g = 0;
        while (g < maxPeaks && g < n) {
            int maxIndex = 0;
            for (int i = 1; i < n; i++) {
                if (flatIter[i] > flatIter[maxIndex]) {
                    maxIndex = i;
                }
            }
            final double maxHeight = flatIter[maxIndex];
            if (maxHeight <= peakThreshold * std(flatIter)) {
                break;
            }
            if (!(maxHeight > minPeakHeight)) {
                break;
            }
            final double half = 0.5 * maxHeight;
            int left = -1;
            for (int i = maxIndex - 1; i > 0; i--) {
                if (flatIter[i] <= half) {
                    left = i;
                    break;
                }
            }
            int right = -1;
            for (int i = maxIndex + 1; i < n; i++) {
                if (flatIter[i] <= half) {
                    right = i;
                    break;
                }
            }
            double guessStd;
            if (left < 0 && right < 0) {
                guessStd = meanWidthLimit;
            } else {
                int shortSide = Integer.MAX_VALUE;
                if (left >= 0) {
                    shortSide = Math.min(shortSide, maxIndex - left);
                }
                if (right >= 0) {
                    shortSide = Math.min(shortSide, right - maxIndex);
                }
                final double fwhm = shortSide * 2 * freqResolution;
                guessStd = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
            }
            guessStd = Math.min(Math.max(guessStd, stdLow), stdHigh);
            final double centre = freqs[maxIndex];
            guesses[3 * g] = centre;
            guesses[3 * g + 1] = maxHeight;
            guesses[3 * g + 2] = guessStd;
            g++;
            addGaussian(flatIter, centre, -maxHeight, guessStd);
        }
        return g;
    }

    private int dropNearEdges(final int g) {
        final double lo = freqs[0];
        final double hi = freqs[n - 1];
        int kept = 0;
        for (int p = 0; p < g; p++) {
            final double c = guesses[3 * p];
            final double w = guesses[3 * p + 2];
            if (Math.abs(c - lo) > w && Math.abs(c - hi) > w) {
                System.arraycopy(guesses, 3 * p, guesses, 3 * kept, 3);
                kept++;
            }
        }
        return kept;
    }

    private int dropOverlaps(final int g) {
        sortByCentre(guesses, g);
        Arrays.fill(drop, 0, g, false);
        for (int p = 0; p + 1 < g; p++) {
            final double upperEdge = guesses[3 * p] + guesses[3 * p + 2] * 0.75;
            final double lowerEdge = guesses[3 * (p + 1)] - guesses[3 * (p + 1) + 2] * 0.75;
            if (upperEdge > lowerEdge) {
                // the lower of the two goes (the first when equal, as np.argmin)
                drop[guesses[3 * (p + 1) + 1] < guesses[3 * p + 1] ? p + 1 : p] = true;
            }
        }
        int kept = 0;
        for (int p = 0; p < g; p++) {
            if (!drop[p]) {
                System.arraycopy(guesses, 3 * p, keep, 3 * kept, 3);
                kept++;
            }
        }
        System.arraycopy(keep, 0, guesses, 0, 3 * kept);
        return kept;
    }

    /** Stable insertion sort of g (centre, height, std) triples by centre. */
    private static void sortByCentre(final double[] triples, final int g) {
        for (int i = 1; i < g; i++) {
            final double c = triples[3 * i];
            final double h = triples[3 * i + 1];
            final double w = triples[3 * i + 2];
            int j = i - 1;
            while (j >= 0 && triples[3 * j] > c) {
                System.arraycopy(triples, 3 * j, triples, 3 * (j + 1), 3);
                j--;
            }
            triples[3 * (j + 1)] = c;
            triples[3 * (j + 1) + 1] = h;
            triples[3 * (j + 1) + 2] = w;
        }
    }

    /**
     * All g Gaussians fitted together to the robustly flattened spectrum, within FOOOF's bounds:
     * Levenberg-Marquardt on transformed parameters that cannot leave the bounds (MINUIT's
     * transforms: x = lo + (hi - lo)(sin u + 1) / 2 for two bounds, x = lo - 1 + sqrt(u^2 + 1) for
     * a lower bound only), so that every step is a true least-squares step and the fit ends at a
     * stationary point of the bounded problem, as scipy's trust-region method does; an active bound
     * is a point where dx/du = 0. The start is FOOOF's guesses, moved strictly inside the bounds as
     * scipy moves them (by 1e-10 x max(1, |bound|)).
     */
    private void fitPeaks(final int g) {
        final int params = 3 * g;
        final double lo = freqs[0];
        final double hi = freqs[n - 1];
        for (int p = 0; p < g; p++) {
            final double c = guesses[3 * p];
            final double w = guesses[3 * p + 2];
            final double cLow = c - 2 * 1.5 * w;
            final double cHigh = c + 2 * 1.5 * w;
            lower[3 * p] = cLow > lo ? cLow : lo;
            upper[3 * p] = cHigh < hi ? cHigh : hi;
            lower[3 * p + 1] = 0;
            upper[3 * p + 1] = Double.POSITIVE_INFINITY;
            lower[3 * p + 2] = stdLow;
            upper[3 * p + 2] = stdHigh;
        }
        final double[] start = new double[params];
        for (int k = 0; k < params; k++) {
            start[k] = toInternal(strictlyInside(guesses[k], lower[k], upper[k]), k);
        }
        final double[] f = freqs;
        final double[] x = new double[params];
        final double[] dx = new double[params];
        final MultivariateJacobianFunction model =
                point -> {
                    for (int k = 0; k < params; k++) {
                        x[k] = toExternal(point.getEntry(k), k);
                        dx[k] = derivative(point.getEntry(k), k);
                    }
                    // Hipparchus keeps the evaluations it may return to: new arrays each time
                    final double[] value = new double[n];
                    final double[][] jacobian = new double[n][params];
                    for (int p = 0; p < g; p++) {
                        final double c = x[3 * p];
                        final double h = x[3 * p + 1];
                        final double w = x[3 * p + 2];
                        for (int i = 0; i < n; i++) {
                            final double d = f[i] - c;
                            final double e = Math.exp(-d * d / (2 * w * w));
                            value[i] += h * e;
                            jacobian[i][3 * p] = h * e * d / (w * w) * dx[3 * p];
                            jacobian[i][3 * p + 1] = e * dx[3 * p + 1];
                            jacobian[i][3 * p + 2] = h * e * d * d / (w * w * w) * dx[3 * p + 2];
                        }
                    }
                    return valueAndJacobian(value, jacobian);
                };
        final LeastSquaresOptimizer.Optimum optimum =
                optimizer.optimize(
                        new LeastSquaresBuilder()
                                .start(start)
                                .model(model)
                                .target(flatRobust)
                                .maxEvaluations(5000)
                                .maxIterations(5000)
                                .build());
        for (int k = 0; k < params; k++) {
            guesses[k] = toExternal(optimum.getPoint().getEntry(k), k);
        }
    }

    /** scipy's make_strictly_feasible: a start on a bound moves 1e-10 x max(1, |bound|) inside. */
    private static double strictlyInside(final double v, final double lo, final double hi) {
        final double inLow = lo + 1e-10 * Math.max(1, Math.abs(lo));
        final double inHigh = hi - 1e-10 * Math.max(1, Math.abs(hi));
        final double x = v <= inLow ? inLow : v >= inHigh ? inHigh : v;
        return x < lo || x > hi ? 0.5 * (lo + hi) : x;
    }

    /** Bounded parameter k's value for the internal (unbounded) value u. */
    private double toExternal(final double u, final int k) {
        final double lo = lower[k];
        final double hi = upper[k];
        return Double.isInfinite(hi)
                ? lo - 1 + Math.sqrt(u * u + 1)
                : lo + (hi - lo) * (Math.sin(u) + 1) / 2;
    }

    /** d(external) / du of parameter k at u. */
    private double derivative(final double u, final int k) {
        return Double.isInfinite(upper[k])
                ? u / Math.sqrt(u * u + 1)
                : (upper[k] - lower[k]) * Math.cos(u) / 2;
    }

    /** The internal value of bounded parameter k at external value v (inside its bounds). */
    private double toInternal(final double v, final int k) {
        final double lo = lower[k];
        final double hi = upper[k];
        if (Double.isInfinite(hi)) {
            final double s = v - lo + 1;
            return Math.sqrt(s * s - 1);
        }
        return Math.asin(Math.max(-1, Math.min(1, 2 * (v - lo) / (hi - lo) - 1)));
    }

    private static Pair<RealVector, RealMatrix> valueAndJacobian(
            final double[] value, final double[][] jacobian) {
        return new Pair<>(
                new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private void addGaussian(final double[] out, final double c, final double h, final double w) {
        for (int i = 0; i < n; i++) {
            final double d = freqs[i] - c;
            out[i] += h * Math.exp(-d * d / (2 * w * w));
        }
    }

    /** numpy's percentile (linear interpolation) of x[0 .. n). */
    private double percentile(final double[] x, final double q) {
        System.arraycopy(x, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        final double index = q / 100 * (n - 1);
        final int below = (int) Math.floor(index);
        final int above = Math.min(below + 1, n - 1);
        final double fraction = index - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }

    /** Population standard deviation (np.std). */
    private double std(final double[] x) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[i];
        }
        mean /= n;
        double s = 0;
        for (int i = 0; i < n; i++) {
            final double d = x[i] - mean;
            s += d * d;
        }
        return Math.sqrt(s / n);
    }
}

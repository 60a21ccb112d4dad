package org.neurostream.operators.avalanche;

import java.util.Arrays;

/**
 * Power-law fits by maximum likelihood with x_min chosen by the Kolmogorov-Smirnov distance
 * (Clauset, Shalizi &amp; Newman 2009; docs/features.md#power-law-fits).
 *
 * <p>Discrete law: P(x) = x^-alpha / zeta(alpha, x_min) for whole x &gt;= x_min, zeta the Hurwitz
 * zeta function. For a given x_min the log-likelihood -n ln zeta(alpha, x_min) - alpha sum ln x has
 * one maximum, where the model's E[ln X] = -zeta'/zeta equals the tail's mean of ln x; it is found
 * by a safeguarded Newton iteration (the derivative is -Var[ln X], from zeta''). The standard error
 * is 1 / sqrt(n Var[ln X]) at the estimate (the exact Fisher information).
 *
 * <p>x_min candidates: the distinct observed values that leave at least {@code minTail} values
 * (default {@value #DEFAULT_MIN_TAIL}) and at least two distinct values in the tail. The KS
 * distance of a candidate is the supremum over every whole x &gt;= x_min of |empirical CDF - model
 * CDF| (the convention of R poweRlaw, which evaluates every integer up to the largest value); the
 * candidate with the smallest distance wins, the smaller x_min on a tie.
 *
 * <p>Speed: one sort, then suffix counts and suffix sums of ln x, so each candidate's likelihood
 * equation costs a few zeta evaluations. The KS sweep of a candidate costs one exp per distinct
 * tail value (the model CCDF comes from the Euler-Maclaurin tail for gaps and a running sum for
 * consecutive values) and ends early, with the exact result, as soon as its running maximum reaches
 * the best distance so far (it cannot win) or both CCDFs have fallen below its running maximum (no
 * later point can raise it). Fitting 1e6 avalanche sizes takes well under 2 s.
 *
 * <p>Continuous law (for sizes measured as summed amplitudes): P(x) = (alpha - 1) / x_min (x /
 * x_min)^-alpha, alpha = 1 + n / sum ln(x / x_min), standard error (alpha - 1) / sqrt(n), KS over
 * the tail's distinct values, same x_min rule.
 *
 * <p>The methods are static and thread-safe; each call allocates its scratch (a few arrays of the
 * input's length), so they belong at the end of an analysis, not per event.
 */
public final class PowerLawFitter {

    /**
     * Default least number of values in the tail of an x_min candidate
     * (docs/features.md#power-law-fits: 100).
     */
    public static final int DEFAULT_MIN_TAIL = 100;

    /** Exponents beyond this are reported as no fit (the tail is a point mass at x_min). */
    static final double MAX_ALPHA = 50.0;

    private static final double[] BERNOULLI_OVER_FACTORIAL = {
        1.0 / 12.0,
        -1.0 / 720.0,
        1.0 / 30240.0,
        -1.0 / 1209600.0,
        1.0 / 47900160.0,
        -691.0 / 1307674368000.0,
        1.0 / 74724249600.0,
        -3617.0 / 10670622842880000.0,
    };

    private PowerLawFitter() {}

    /**
     * Fits the discrete power law with x_min chosen by KS among the distinct values of {@code
     * values[from, to)} that leave at least {@code minTail} values in the tail. The array is not
     * modified.
     *
     * @throws IllegalArgumentException when a value is below 1 or minTail &lt; 1
     */
    public static PowerLawFit fitDiscrete(long[] values, int from, int to, int minTail) {
        if (minTail < 1) {
            throw new IllegalArgumentException("minTail must be >= 1, got " + minTail);
        }
        Distinct d = Distinct.ofLongs(values, from, to);
        return d.scanDiscrete(minTail, Long.MIN_VALUE);
    }

    /** {@link #fitDiscrete(long[], int, int, int)} over the whole array. */
    public static PowerLawFit fitDiscrete(long[] values, int minTail) {
        return fitDiscrete(values, 0, values.length, minTail);
    }

    /**
     * Fits the discrete power law with a fixed x_min (for instance 1, to see what ignoring the
     * x_min selection does): alpha from the values &gt;= xmin, KS over that tail.
     *
     * @throws IllegalArgumentException when a value is below 1 or xmin is not one of the values
     */
    public static PowerLawFit fitDiscreteAt(long[] values, int from, int to, long xmin) {
        Distinct d = Distinct.ofLongs(values, from, to);
        if (Arrays.binarySearch(d.x, xmin) < 0) {
            throw new IllegalArgumentException("xmin " + xmin + " is not one of the values");
        }
        return d.scanDiscrete(1, xmin);
    }

    /**
     * Fits the continuous power law with x_min chosen by KS among the distinct values of {@code
     * values[from, to)} that leave at least {@code minTail} values in the tail.
     *
     * @throws IllegalArgumentException when a value is not finite and positive, or minTail &lt; 1
     */
    public static PowerLawFit fitContinuous(double[] values, int from, int to, int minTail) {
        if (minTail < 1) {
            throw new IllegalArgumentException("minTail must be >= 1, got " + minTail);
        }
        Distinct d = Distinct.ofDoubles(values, from, to);
        return d.scanContinuous(minTail);
    }

    /**
     * The discrete maximum-likelihood exponent for a tail with minimum {@code xmin} and mean ln x
     * {@code meanLog}; out[0] = alpha, out[1] = Var[ln X] at alpha. Returns false when there is no
     * finite estimate (mean ln x at ln x_min, or alpha beyond {@link #MAX_ALPHA}).
     */
    static boolean solveDiscrete(
            double xmin, double lnXmin, double meanLog, double[] out, double[] zeta) {
        double excess = meanLog - Math.log(xmin - 0.5);
        if (!(meanLog - lnXmin > 1e-12)) {
            return false;
        }
        // Clauset et al. (3.7) as the start: within a few per cent of the root for x_min >= 6.
        double alpha = Math.min(1.0 + 1.0 / excess, MAX_ALPHA);
        double lo = 1.0;
        double hi = MAX_ALPHA;
        double var = 0.0;
        for (int iter = 0; iter < 200; iter++) {
            HurwitzZeta.scaled(alpha, xmin, lnXmin, zeta);
            double m1 = -zeta[1] / zeta[0];
            var = zeta[2] / zeta[0] - m1 * m1;
            double g = m1 - meanLog;
            if (g > 0) {
                lo = alpha;
            } else {
                hi = alpha;
            }
            double next = var > 0 ? alpha + g / var : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            double step = Math.abs(next - alpha);
            alpha = next;
            if (step <= 1e-13 * alpha || hi - lo <= 1e-13 * alpha) {
                HurwitzZeta.scaled(alpha, xmin, lnXmin, zeta);
                m1 = -zeta[1] / zeta[0];
                var = zeta[2] / zeta[0] - m1 * m1;
                break;
            }
        }
        if (!(alpha < MAX_ALPHA * (1 - 1e-9)) || !(var > 0)) {
            return false;
        }
        out[0] = alpha;
        out[1] = var;
        return true;
    }

    /** Sorted distinct values with suffix counts and suffix sums of ln x. */
    private static final class Distinct {
        final int n;
        final int count;
        final double[] x;
        final double[] lnx;

        /** tail[i] = number of values >= x[i]; tail[count] = 0. */
        final int[] tail;

        /** logTail[i] = sum of ln v over the values v >= x[i]. */
        final double[] logTail;

        private Distinct(double[] sorted) {
            n = sorted.length;
            double[] xs = new double[n];
            int[] counts = new int[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (c > 0 && sorted[i] == xs[c - 1]) {
                    counts[c - 1]++;
                } else {
                    xs[c] = sorted[i];
                    counts[c++] = 1;
                }
            }
            count = c;
            x = Arrays.copyOf(xs, c);
            lnx = new double[c];
            tail = new int[c + 1];
            logTail = new double[c + 1];
            for (int i = c - 1; i >= 0; i--) {
                lnx[i] = Math.log(x[i]);
                tail[i] = tail[i + 1] + counts[i];
                logTail[i] = logTail[i + 1] + counts[i] * lnx[i];
            }
        }

        static Distinct ofLongs(long[] values, int from, int to) {
            long[] copy = Arrays.copyOfRange(values, from, to);
            Arrays.sort(copy);
            if (copy.length > 0 && copy[0] < 1) {
                throw new IllegalArgumentException(
                        "discrete power-law values must be >= 1; got " + copy[0]);
            }
            double[] d = new double[copy.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = copy[i];
            }
            return new Distinct(d);
        }

        static Distinct ofDoubles(double[] values, int from, int to) {
            double[] copy = Arrays.copyOfRange(values, from, to);
            for (double v : copy) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(
                            "continuous power-law values must be finite and > 0; got " + v);
                }
            }
            Arrays.sort(copy);
            return new Distinct(copy);
        }

        /** The last candidate index: the tail must hold minTail values and two distinct ones. */
        private int lastCandidate(int minTail) {
            int last = count - 2;
            while (last >= 0 && tail[last] < minTail) {
                last--;
            }
            return last;
        }

        private String noCandidateReason(int minTail) {
            if (n < minTail) {
                return "only " + n + " values; the fit needs at least " + minTail + " in the tail";
            }
            return count < 2
                    ? "all " + n + " values are equal"
                    : "no tail of at least " + minTail + " values holds two distinct values";
        }

        /** Scans the candidates (or only {@code fixedXmin} when it is not Long.MIN_VALUE). */
        PowerLawFit scanDiscrete(int minTail, long fixedXmin) {
            int first = 0;
            int last;
            if (fixedXmin != Long.MIN_VALUE) {
                while (first < count && x[first] < fixedXmin) {
                    first++;
                }
                if (first >= count - 1) {
                    return PowerLawFit.none(
                            n, true, "fewer than two distinct values >= " + fixedXmin);
                }
                last = first;
            } else {
                last = lastCandidate(minTail);
                if (last < 0) {
                    return PowerLawFit.none(n, true, noCandidateReason(minTail));
                }
            }
            double[] solution = new double[2];
            double[] zeta = new double[3];
            double[] coef = new double[BERNOULLI_OVER_FACTORIAL.length];
            double bestKs = Double.POSITIVE_INFINITY;
            int best = -1;
            double bestAlpha = Double.NaN;
            double bestVar = Double.NaN;
            for (int j = first; j <= last; j++) {
                double meanLog = logTail[j] / tail[j];
                // The candidate xmin = x[j]; skip it when the tail is a point mass in effect.
                if (!solveDiscrete(x[j], lnx[j], meanLog, solution, zeta)) {
                    continue;
                }
                double alpha = solution[0];
                HurwitzZeta.scaled(alpha, x[j], lnx[j], zeta);
                double ks = discreteKs(j, alpha, zeta[0], bestKs, coef);
                if (ks < bestKs) {
                    bestKs = ks;
                    best = j;
                    bestAlpha = alpha;
                    bestVar = solution[1];
                }
            }
            if (best < 0) {
                return PowerLawFit.none(
                        n,
                        true,
                        "no x_min candidate gives a finite exponent" + " below " + MAX_ALPHA);
            }
            int nTail = tail[best];
            return new PowerLawFit(
                    bestAlpha,
                    1.0 / Math.sqrt(nTail * bestVar),
                    x[best],
                    nTail,
                    n,
                    bestKs,
                    true,
                    null);
        }

        /**
         * KS distance of the discrete law (alpha, x_min = x[j]) with scaled normaliser {@code
         * zScaled} = x_min^alpha zeta(alpha, x_min); returns +infinity as soon as it reaches {@code
         * bound}.
         */
        private double discreteKs(
                int j, double alpha, double zScaled, double bound, double[] coef) {
            final double invN = 1.0 / tail[j];
            final double invZ = 1.0 / zScaled;
            final double lnXmin = lnx[j];
            final double sm1 = alpha - 1.0;
            // Euler-Maclaurin tail with no direct terms: accurate from a >= max(10, 2 alpha) on.
            final double tailFrom = Math.max(10.0, Math.ceil(2.0 * alpha));
            double p = alpha;
            for (int t = 0; t < coef.length; t++) {
                coef[t] = BERNOULLI_OVER_FACTORIAL[t] * p;
                p *= (alpha + 2 * t + 1) * (alpha + 2 * t + 2);
            }
            double d = 0.0;
            double sCur = 1.0; // model P(X >= x[i])
            double eCur = 1.0; // (x[i] / x_min)^-alpha
            for (int i = j; i < count; i++) {
                double xi = x[i];
                double sAfter = sCur - eCur * invZ; // model P(X >= x[i] + 1)
                double eNext = tail[i + 1] * invN; // empirical P(X >= x[i] + 1) = P(X >= x[i+1])
                d = Math.max(d, Math.abs(eNext - sAfter));
                if (i + 1 == count) {
                    break;
                }
                double xn = x[i + 1];
                double eNew = Math.exp(-alpha * (lnx[i + 1] - lnXmin));
                if (xn == xi + 1.0) {
                    sCur = sAfter;
                } else {
                    if (xn >= tailFrom) {
                        double inv = 1.0 / xn;
                        double inv2 = inv * inv;
                        double poly = 0.0;
                        for (int t = coef.length - 1; t >= 0; t--) {
                            poly = poly * inv2 + coef[t];
                        }
                        sCur = eNew * (xn / sm1 + 0.5 + poly * inv) * invZ;
                    } else {
                        double s = sAfter;
                        for (double k = xi + 1.0; k < xn; k += 1.0) {
                            s -= Math.exp(-alpha * (Math.log(k) - lnXmin)) * invZ;
                        }
                        sCur = s;
                    }
                    d = Math.max(d, Math.abs(eNext - sCur));
                }
                eCur = eNew;
                if (d >= bound) {
                    return Double.POSITIVE_INFINITY;
                }
                if (Math.max(eNext, sAfter) <= d) {
                    break;
                }
            }
            return d >= bound ? Double.POSITIVE_INFINITY : d;
        }

        PowerLawFit scanContinuous(int minTail) {
            int last = lastCandidate(minTail);
            if (last < 0) {
                return PowerLawFit.none(n, false, noCandidateReason(minTail));
            }
            double bestKs = Double.POSITIVE_INFINITY;
            int best = -1;
            double bestAlpha = Double.NaN;
            for (int j = 0; j <= last; j++) {
                int nt = tail[j];
                double sumLog = logTail[j] - nt * lnx[j];
                double alpha = 1.0 + nt / sumLog;
                if (!(alpha < MAX_ALPHA)) {
                    continue;
                }
                double ks = continuousKs(j, alpha, bestKs);
                if (ks < bestKs) {
                    bestKs = ks;
                    best = j;
                    bestAlpha = alpha;
                }
            }
            if (best < 0) {
                return PowerLawFit.none(
                        n,
                        false,
                        "no x_min candidate gives a finite exponent" + " below " + MAX_ALPHA);
            }
            int nTail = tail[best];
            return new PowerLawFit(
                    bestAlpha,
                    (bestAlpha - 1.0) / Math.sqrt(nTail),
                    x[best],
                    nTail,
                    n,
                    bestKs,
                    false,
                    null);
        }

        private double continuousKs(int j, double alpha, double bound) {
            final double invN = 1.0 / tail[j];
            final double lnXmin = lnx[j];
            double d = 0.0;
            for (int i = j; i < count; i++) {
                double s = Math.exp((1.0 - alpha) * (lnx[i] - lnXmin)); // model P(X >= x[i])
                double before = tail[i] * invN;
                double after = tail[i + 1] * invN;
                d = Math.max(d, Math.max(Math.abs(before - s), Math.abs(after - s)));
                if (d >= bound) {
                    return Double.POSITIVE_INFINITY;
                }
                if (Math.max(after, s) <= d) {
                    break;
                }
            }
            return d;
        }
    }
}

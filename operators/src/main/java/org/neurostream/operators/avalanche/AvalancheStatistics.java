package org.neurostream.operators.avalanche;

import java.util.Arrays;

/**
 * Statistics of a set of avalanches (docs/features.md#power-law-fits to #size-duration-scaling):
 * power-law fits of sizes and durations ({@link PowerLawFitter}), the Beggs-Plenz branching ratio,
 * and the size-duration scaling exponent, fitted and predicted.
 *
 * <p>Scaling fit: the avalanches are grouped by duration T; each duration T &gt;= {@link
 * AvalancheOptions#scalingMinDuration()} (default 5 bins) holding at least {@link
 * AvalancheOptions#scalingMinCount()} (default 10) avalanches gives one point (ln T, ln mean S);
 * gamma is the ordinary least-squares slope over these points, all weighted equally, and needs at
 * least 3 of them. (The lower bound skips the smallest durations, where discreteness bends the
 * curve; the count bound keeps the mean sizes from single huge avalanches out.) The predicted
 * exponent is (alpha_T - 1) / (alpha_S - 1).
 *
 * <p>Each call allocates scratch of the input's length; it belongs at the end of an analysis or at
 * a rolling-statistics tick, not per event.
 */
public final class AvalancheStatistics {

    private AvalancheStatistics() {}

    /** The summary of every avalanche in {@code table}, with the MR estimate made elsewhere. */
    public static AvalancheSummary summarize(
            AvalancheTable table, BranchingEstimate regression, AvalancheOptions options) {
        return table.summarize(regression, options);
    }

    /** The summary of avalanches [0, n) given as columns. */
    static AvalancheSummary summarize(
            long[] events,
            double[] amplitude,
            int[] duration,
            long[] first,
            long[] second,
            int n,
            BranchingEstimate regression,
            AvalancheOptions options) {
        boolean byAmplitude = options.sizeMeasure() == SizeMeasure.AMPLITUDE;
        double[] sizes = new double[n];
        long[] durations = new long[n];
        double ratioSum = 0.0;
        boolean positiveAmplitudes = true;
        for (int i = 0; i < n; i++) {
            sizes[i] = byAmplitude ? amplitude[i] : events[i];
            positiveAmplitudes &= amplitude[i] > 0 && Double.isFinite(amplitude[i]);
            durations[i] = duration[i];
            ratioSum += (double) second[i] / first[i];
        }
        PowerLawFit sizeFit;
        if (!byAmplitude) {
            sizeFit = PowerLawFitter.fitDiscrete(events, 0, n, options.minTail());
        } else if (positiveAmplitudes) {
            sizeFit = PowerLawFitter.fitContinuous(sizes, 0, n, options.minTail());
        } else {
            sizeFit =
                    PowerLawFit.none(
                            n,
                            false,
                            "an avalanche's summed amplitude is not" + " finite and positive");
        }
        PowerLawFit durationFit = PowerLawFitter.fitDiscrete(durations, 0, n, options.minTail());
        double ratio = n > 0 ? ratioSum / n : Double.NaN;
        String ratioReason = n > 0 ? null : "no avalanches";
        ScalingFit scaling =
                scaling(
                        sizes,
                        duration,
                        n,
                        options.scalingMinDuration(),
                        options.scalingMinCount());
        double predicted = Double.NaN;
        String predictedReason = null;
        if (sizeFit.valid() && durationFit.valid()) {
            predicted = (durationFit.alpha() - 1.0) / (sizeFit.alpha() - 1.0);
        } else {
            predictedReason =
                    "needs both power-law fits: "
                            + (sizeFit.valid()
                                    ? "durations: " + durationFit.reason()
                                    : "sizes: " + sizeFit.reason());
        }
        return new AvalancheSummary(
                n,
                options.sizeMeasure(),
                sizeFit,
                durationFit,
                ratio,
                ratioReason,
                regression,
                scaling,
                predicted,
                predictedReason);
    }

    /**
     * Fits &lt;S&gt;(T) ~ T^gamma over the durations T &gt;= minDuration holding at least minCount
     * avalanches each (see the class comment).
     */
    public static ScalingFit scaling(
            double[] sizes, int[] durations, int n, int minDuration, int minCount) {
        // Sort (duration, index) pairs packed into longs: durations and indices fit in 31 bits.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) durations[i] << 32) | i;
        }
        Arrays.sort(keys);
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int points = 0;
        int lo = 0;
        int hi = 0;
        int i = 0;
        while (i < n) {
            int t = (int) (keys[i] >>> 32);
            double sum = 0.0;
            int j = i;
            while (j < n && (int) (keys[j] >>> 32) == t) {
                sum += sizes[(int) keys[j]];
                j++;
            }
            int count = j - i;
            if (t >= minDuration && count >= minCount && sum > 0) {
                double x = Math.log(t);
                double y = Math.log(sum / count);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                if (points == 0) {
                    lo = t;
                }
                hi = t;
                points++;
            }
            i = j;
        }
        if (points < 3) {
            return ScalingFit.none(
                    "only "
                            + points
                            + " durations >= "
                            + minDuration
                            + " bins hold "
                            + minCount
                            + " or more avalanches; the fit needs 3");
        }
        double den = points * sxx - sx * sx;
        double gamma = (points * sxy - sx * sy) / den;
        double intercept = (sy - gamma * sx) / points;
        return new ScalingFit(gamma, intercept, points, lo, hi, null);
    }
}

package org.neurostream.operators.avalanche;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Seeded generators of the reference processes with known avalanche statistics
 * (docs/features.md#avalanche-known-answers), for the tests and the benchmarks: Galton-Watson
 * branching, Poisson events, and driven branching for the multistep-regression estimator.
 *
 * <p>Poisson draws are exact: inversion by sequential search below a mean of 10, Hormann's
 * transformed rejection with squeeze (PTRS, 1993, as in numpy) above.
 */
public final class ReferenceProcesses {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double[] LOG_FACTORIAL = new double[64];

    static {
        for (int k = 1; k < LOG_FACTORIAL.length; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private ReferenceProcesses() {}

    /**
     * Galton-Watson branching, one generation per bin: each avalanche starts from one ancestor,
     * generation g + 1 has Poisson(m x generation g) members, and it ends at the first empty
     * generation. Emits the bin counts in order: one empty bin first, then for each avalanche its
     * generation sizes followed by one empty bin, so every avalanche is bounded by empty bins.
     *
     * @param m mean offspring per individual (1 = critical)
     * @param avalanches number of avalanches to emit
     * @param random the seeded source
     * @param bins receives each bin's count
     */
    public static void galtonWatson(
            double m, int avalanches, SplittableRandom random, LongConsumer bins) {
        bins.accept(0);
        for (int a = 0; a < avalanches; a++) {
            long generation = 1;
            while (generation > 0) {
                bins.accept(generation);
                generation = poisson(m * generation, random);
            }
            bins.accept(0);
        }
    }

    /**
     * Sizes (total individuals) of {@code avalanches} Galton-Watson avalanches with mean offspring
     * m, one ancestor each; the benchmark's input.
     */
    public static long[] galtonWatsonSizes(double m, int avalanches, SplittableRandom random) {
        long[] sizes = new long[avalanches];
        for (int a = 0; a < avalanches; a++) {
            long generation = 1;
            long size = 0;
            while (generation > 0) {
                size += generation;
                generation = poisson(m * generation, random);
            }
            sizes[a] = size;
        }
        return sizes;
    }

    /**
     * Driven branching A_{t+1} ~ Poisson(m A_t + h) for {@code steps} steps, starting at the
     * stationary mean h / (1 - m) rounded (m &lt; 1).
     */
    public static long[] drivenBranching(double m, double h, int steps, SplittableRandom random) {
        long[] a = new long[steps];
        long current = Math.round(h / (1.0 - m));
        for (int t = 0; t < steps; t++) {
            a[t] = current;
            current = poisson(m * current + h, random);
        }
        return a;
    }

    /**
     * Times of a Poisson process: {@code count} events with exponential gaps of mean {@code
     * meanGap}, in whole time units (rounded, so coincident events occur), starting after the first
     * gap from time 0.
     */
    public static long[] poissonEventTimes(int count, double meanGap, SplittableRandom random) {
        long[] t = new long[count];
        double now = 0.0;
        for (int i = 0; i < count; i++) {
            now -= meanGap * Math.log(1.0 - random.nextDouble());
            t[i] = Math.round(now);
        }
        return t;
    }

    /** One Poisson(lambda) draw; lambda &gt;= 0 and finite. */
    public static long poisson(double lambda, SplittableRandom random) {
        if (lambda < 10.0) {
            if (lambda <= 0.0) {
                return 0;
            }
            // Inversion by sequential search: p_k = p_{k-1} lambda / k.
            double u = random.nextDouble();
            double p = Math.exp(-lambda);
            double cdf = p;
            long k = 0;
            while (u > cdf && k < 1000) {
                k++;
                p *= lambda / k;
                cdf += p;
            }
            return k;
        }
        double slam = Math.sqrt(lambda);
        double logLam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (long) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * logLam - logFactorial(k)) {
                return (long) k;
            }
        }
    }

    /** ln k! for whole k &gt;= 0: a table, then Stirling's series (error below 1e-13). */
    static double logFactorial(double k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k + 1.0;
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        return (x - 0.5) * Math.log(x)
                - x
                + HALF_LOG_TWO_PI
                + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
    }
}

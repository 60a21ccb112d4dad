package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawFitterTest {

    @Test
    void shouldPickTheSameXminAndKsAsAnExhaustiveScanOverEveryInteger() {
        long[] sizes = cappedCriticalSizes(1500, 5_000, 7L);
        PowerLawFit fast = PowerLawFitter.fitDiscrete(sizes, 100);

        // The reference: every candidate's KS from cumulative sums over every integer from x_min
        // to the largest value, no early exit, no Euler-Maclaurin tail for the model CDF.
        long[] sorted = sizes.clone();
        Arrays.sort(sorted);
        long[] distinct = Arrays.stream(sorted).distinct().toArray();
        double bestKs = Double.POSITIVE_INFINITY;
        long bestXmin = -1;
        double bestAlpha = Double.NaN;
        double[] solution = new double[2];
        double[] zeta = new double[3];
        for (int j = 0; j < distinct.length - 1; j++) {
            long xmin = distinct[j];
            int from = lowerBound(sorted, xmin);
            int nTail = sorted.length - from;
            if (nTail < 100) {
                break;
            }
            double meanLog = 0;
            for (int i = from; i < sorted.length; i++) {
                meanLog += Math.log(sorted[i]);
            }
            meanLog /= nTail;
            assertTrue(PowerLawFitter.solveDiscrete(xmin, Math.log(xmin), meanLog, solution, zeta));
            double alpha = solution[0];
            double norm = HurwitzZeta.zeta(alpha, xmin);
            double model = 0;
            int below = from;
            double ks = 0;
            for (long x = xmin; x <= sorted[sorted.length - 1]; x++) {
                model += Math.pow(x, -alpha) / norm;
                while (below < sorted.length && sorted[below] <= x) {
                    below++;
                }
                ks = Math.max(ks, Math.abs((double) (below - from) / nTail - model));
            }
            if (ks < bestKs) {
                bestKs = ks;
                bestXmin = xmin;
                bestAlpha = alpha;
            }
        }
        assertEquals(bestXmin, (long) fast.xmin());
        assertEquals(bestAlpha, fast.alpha(), 1e-12);
        assertEquals(bestKs, fast.ks(), 1e-9);
    }

    @Test
    void shouldSolveTheLikelihoodEquationSoThatModelMeanLogMatchesTheData() {
        long[] sizes = cappedCriticalSizes(5000, 1_000_000, 11L);
        PowerLawFit fit = PowerLawFitter.fitDiscrete(sizes, 100);
        double meanLog = 0;
        for (long s : sizes) {
            if (s >= fit.xmin()) {
                meanLog += Math.log(s);
            }
        }
        meanLog /= fit.nTail();
        // E[ln X] of the fitted law = -zeta'(alpha, x_min) / zeta(alpha, x_min).
        double modelMeanLog =
                -HurwitzZeta.zetaDerivative(fit.alpha(), fit.xmin())
                        / HurwitzZeta.zeta(fit.alpha(), fit.xmin());
        assertEquals(meanLog, modelMeanLog, 1e-10);
    }

    @Test
    void shouldRecoverTheExponentOfAContinuousParetoSample() {
        SplittableRandom random = new SplittableRandom(3L);
        double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            // Inverse CDF of P(X > x) = (x / 2)^-(alpha - 1), alpha = 2.5, x_min = 2.
            x[i] = 2.0 * Math.pow(1.0 - random.nextDouble(), -1.0 / 1.5);
        }
        PowerLawFit fit = PowerLawFitter.fitContinuous(x, 0, x.length, 100);
        assertTrue(fit.valid());
        assertFalse(fit.discrete());
        assertEquals(2.5, fit.alpha(), 3 * fit.alphaSe() + 0.02);
        assertEquals((fit.alpha() - 1) / Math.sqrt(fit.nTail()), fit.alphaSe(), 1e-15);
        assertTrue(fit.xmin() < 3.0, "x_min " + fit.xmin());
    }

    @Test
    void shouldGiveNoExponentWithAReasonWhenTooFewValues() {
        long[] few = new long[99];
        Arrays.fill(few, 3);
        few[0] = 7;
        PowerLawFit fit = PowerLawFitter.fitDiscrete(few, 100);
        assertFalse(fit.valid());
        assertTrue(Double.isNaN(fit.alpha()) && Double.isNaN(fit.alphaSe()));
        assertTrue(Double.isNaN(fit.ks()) && Double.isNaN(fit.xmin()));
        assertEquals("only 99 values; the fit needs at least 100 in the tail", fit.reason());
    }

    @Test
    void shouldGiveNoExponentWithAReasonWhenAllValuesAreEqual() {
        long[] same = new long[500];
        Arrays.fill(same, 4);
        PowerLawFit fit = PowerLawFitter.fitDiscrete(same, 100);
        assertFalse(fit.valid());
        assertEquals("all 500 values are equal", fit.reason());
        assertEquals(500, fit.n());
    }

    @Test
    void shouldRefuseValuesBelowOneForTheDiscreteLaw() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PowerLawFitter.fitDiscrete(new long[] {0, 1, 2}, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> PowerLawFitter.fitDiscreteAt(new long[] {2, 3, 4}, 0, 3, 1));
    }

    /** Critical Galton-Watson sizes, redrawn when they reach {@code cap}. */
    static long[] cappedCriticalSizes(int n, long cap, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        int k = 0;
        while (k < n) {
            long s = ReferenceProcesses.galtonWatsonSizes(1.0, 1, random)[0];
            if (s < cap) {
                out[k++] = s;
            }
        }
        return out;
    }

    private static int lowerBound(long[] sorted, long v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == v) {
            i--;
        }
        return i;
    }
}

package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultistepRegressionTest {

    @Test
    void shouldGiveTheOrdinaryLeastSquaresSlopeOfEachLag() {
        long[] a = series(3000, 1L);
        MultistepRegression mr = new MultistepRegression(5);
        for (long v : a) {
            mr.add(v);
        }
        double[] r = new double[5];
        mr.slopes(r);
        for (int k = 1; k <= 5; k++) {
            assertEquals(olsSlope(a, 0, a.length, k), r[k - 1], 1e-12, "lag " + k);
        }
    }

    @Test
    void shouldMatchAFreshEstimatorOverTheLastWindowBins() {
        long[] a = series(5000, 4L);
        // zeros in runs, to go through the empty-bin paths
        for (int i = 1000; i < 1300; i++) {
            a[i] = 0;
        }
        MultistepRegression windowed = new MultistepRegression(10, 700);
        for (int i = 0; i < a.length; i++) {
            if (i >= 1000 && i < 1300) {
                if (i == 1000) {
                    windowed.addZeros(300);
                }
            } else {
                windowed.add(a[i]);
            }
        }
        assertEquals(700, windowed.bins());
        double[] r = new double[10];
        windowed.slopes(r);
        for (int k = 1; k <= 10; k++) {
            assertEquals(olsSlope(a, a.length - 700, a.length, k), r[k - 1], 1e-9, "lag " + k);
        }
    }

    @Test
    void shouldFitAnExactGeometricDecayExactly() {
        double[] r = new double[40];
        for (int k = 1; k <= 40; k++) {
            r[k - 1] = 0.3 * Math.pow(0.95, k);
        }
        BranchingEstimate e = MultistepRegression.fit(r, 40, 1000);
        assertEquals(0.95, e.m(), 1e-9);
        assertEquals(0.3, e.b(), 1e-8);
        assertEquals(0.3 * 0.95, e.r1(), 1e-15);
    }

    @Test
    void shouldGiveNoEstimateWithAReasonForShortOrConstantActivity() {
        MultistepRegression mr = new MultistepRegression(40);
        for (int i = 0; i < 41; i++) {
            mr.add(i % 3);
        }
        BranchingEstimate shortRun = mr.estimate();
        assertFalse(shortRun.valid());
        assertTrue(Double.isNaN(shortRun.m()));
        assertEquals(
                "only 41 bins; the MR estimator needs at least kMax + 2 = 42", shortRun.reason());

        MultistepRegression flat = new MultistepRegression(40);
        for (int i = 0; i < 500; i++) {
            flat.add(4);
        }
        assertEquals("the binned activity is constant", flat.estimate().reason());
    }

    @Test
    void shouldRefuseAWindowShorterThanTheLagsNeed() {
        assertThrows(IllegalArgumentException.class, () -> new MultistepRegression(40, 41));
        assertThrows(IllegalArgumentException.class, () -> new MultistepRegression(0));
    }

    private static long[] series(int n, long seed) {
        return ReferenceProcesses.drivenBranching(0.9, 5.0, n, new SplittableRandom(seed));
    }

    private static double olsSlope(long[] a, int from, int to, int k) {
        int n = to - from - k;
        double mx = 0;
        double my = 0;
        for (int t = from; t < to - k; t++) {
            mx += a[t];
            my += a[t + k];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = from; t < to - k; t++) {
            sxy += (a[t] - mx) * (a[t + k] - my);
            sxx += (a[t] - mx) * (a[t] - mx);
        }
        return sxy / sxx;
    }
}

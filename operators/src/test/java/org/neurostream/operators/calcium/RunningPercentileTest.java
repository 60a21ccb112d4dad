package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningPercentileTest {

    /** numpy.percentile(x, q), method 'linear', by sorting. */
    static double bruteForce(final double[] x, final int from, final int to, final double q) {
        final double[] s = Arrays.copyOfRange(x, from, to);
        Arrays.sort(s);
        final double p = q / 100.0 * (s.length - 1);
        final int j = (int) Math.floor(p);
        final double t = p - j;
        if (j + 1 >= s.length) {
            return s[j];
        }
        final double d = s[j + 1] - s[j];
        return t >= 0.5 ? s[j + 1] - d * (1 - t) : s[j] + d * t;
    }

    @Test
    void shouldAgreeWithSortingOnRandomDataForManyWindowsAndPercentiles() {
        final SplittableRandom random = new SplittableRandom(42);
        final int[] windowSizes = {1, 2, 3, 7, 64, 500};
        final double[] percentiles = {0, 8, 37.5, 50, 92, 100};
        int checks = 0;
        for (final int w : windowSizes) {
            for (final double q : percentiles) {
                final int n = 3 * w + 50;
                final double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    // rounded values so that ties occur
                    x[i] = Math.rint(random.nextDouble() * 40 - 20) / 4 + (i % 97 == 0 ? 1e6 : 0);
                }
                final RunningPercentile rp = new RunningPercentile(1, w, q);
                for (int i = 0; i < n; i++) {
                    rp.add(0, x[i]);
                    final double expected = bruteForce(x, Math.max(0, i - w + 1), i + 1, q);
                    assertEquals(
                            expected, rp.value(0), 0.0, "W " + w + " q " + q + " after " + (i + 1));
                    assertEquals(Math.min(i + 1, w), rp.count(0));
                    checks++;
                }
            }
        }
        assertTrue(checks > 10_000);
    }

    @Test
    void shouldKeepWindowsIndependent() {
        final RunningPercentile rp = new RunningPercentile(3, 5, 50);
        for (int i = 0; i < 20; i++) {
            rp.add(0, i);
            rp.add(1, -i);
            if (i % 2 == 0) {
                rp.add(2, 100 + i);
            }
        }
        assertEquals(17.0, rp.value(0));
        assertEquals(-17.0, rp.value(1));
        assertEquals(114.0, rp.value(2));
        rp.clear(1);
        assertTrue(Double.isNaN(rp.value(1)));
        assertEquals(17.0, rp.value(0));
    }

    @Test
    void shouldFollowASlidingWindowOfGaussianNoiseLikeNumpy() {
        // the default baseline shape: q = 8 over 500 values, on 5000 gaussian values
        final SplittableRandom random = new SplittableRandom(7);
        final double[] x = new double[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 + 10 * SyntheticCalcium.gaussian(random);
        }
        final RunningPercentile rp = new RunningPercentile(1, 500, 8);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            rp.add(0, x[i]);
            worst =
                    Math.max(
                            worst,
                            Math.abs(rp.value(0) - bruteForce(x, Math.max(0, i - 499), i + 1, 8)));
        }
        assertEquals(0.0, worst);
    }

    @Test
    void shouldRefuseImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> new RunningPercentile(0, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> new RunningPercentile(1, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new RunningPercentile(1, 5, 101));
    }
}

package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.operators.spectral.Band;

/** Seeded synthetic signals whose descriptors are known in advance. */
class DescriptorKnownAnswerTest {
    private static final double FS = 160;

    @Test
    void shouldGivePlvPliAndWpliOfOneForAFixedPhaseLag() {
        final int n = 320;
        final int epochs = 20;
        final float[][] x = new float[2][n * epochs];
        final Random random = new Random(1);
        final double lag = Math.PI / 3;
        for (int e = 0; e < epochs; e++) {
            // every epoch: components on whole bins 1-45 Hz with fresh amplitudes and phases,
            // the second channel the same components lagging by a fixed angle
            for (int k = 2; k <= 90; k++) {
                final double a = 1 + random.nextDouble();
                final double phase = 2 * Math.PI * random.nextDouble();
                for (int i = 0; i < n; i++) {
                    final double w = 2 * Math.PI * k * i / n;
                    x[0][e * n + i] += (float) (a * Math.cos(w + phase));
                    x[1][e * n + i] += (float) (a * Math.cos(w + phase - lag));
                }
            }
        }
        final PhaseSynchronyKernel k =
                new PhaseSynchronyKernel(2, FS, n, Band.DEFAULT_BANDS, epochs);
        final double[] plv = new double[5];
        final double[] pli = new double[5];
        final double[] wpli = new double[5];
        k.compute(x, 0, epochs, new boolean[] {true, true}, plv, pli, wpli);
        for (int b = 0; b < 5; b++) {
            assertEquals(1.0, plv[b], 1e-3, "plv band " + b);
            assertEquals(1.0, pli[b], 1e-12, "pli band " + b);
            assertEquals(1.0, wpli[b], 1e-12, "wpli band " + b);
        }
    }

    @Test
    void shouldGiveTheKnownBiasOfIndependentNoiseForThirtyEpochs() {
        final int channels = 8;
        final int n = 320;
        final int epochs = 30;
        final float[][] x = new float[channels][n * epochs];
        final Random random = new Random(2);
        for (final float[] xc : x) {
            for (int i = 0; i < xc.length; i++) {
                xc[i] = (float) random.nextGaussian();
            }
        }
        final PhaseSynchronyKernel k =
                new PhaseSynchronyKernel(channels, FS, n, Band.DEFAULT_BANDS, epochs);
        final int values = 5 * k.pairs();
        final double[] plv = new double[values];
        final double[] pli = new double[values];
        final double[] wpli = new double[values];
        final boolean[] usable = new boolean[channels];
        java.util.Arrays.fill(usable, true);
        k.compute(x, 0, epochs, usable, plv, pli, wpli);
        // E|mean of E unit phasors| ~ sqrt(pi / (4 E)); E|mean of E random signs| =
        // C(E, E/2) / 2^E for even E
        final double expectedPlv = Math.sqrt(Math.PI / (4 * epochs));
        double binomial = 1;
        for (int i = 1; i <= epochs / 2; i++) {
            binomial *= (double) (epochs / 2 + i) / i / 4;
        }
        final double expectedPli = binomial;
        final double meanPlv = java.util.Arrays.stream(plv).average().orElseThrow();
        final double meanPli = java.util.Arrays.stream(pli).average().orElseThrow();
        assertEquals(expectedPlv, meanPlv, 0.05 * expectedPlv, "mean PLV " + meanPlv);
        assertEquals(expectedPli, meanPli, 0.05 * expectedPli, "mean PLI " + meanPli);
        assertTrue(java.util.Arrays.stream(wpli).average().orElseThrow() < 0.35);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.5, 2.0})
    void shouldRecoverTheExponentOfOneOverFNoiseWithGaussianPeaksWithin005(final double chi) {
        final int n = 160 * 240;
        final double[] spectrum = new double[n];
        final Random random = new Random(3);
        final double[] a = new double[2 * n];
        for (int k = 1; k < n / 2; k++) {
            final double f = k * FS / n;
            final double logPeaks =
                    0.5 * Math.exp(-Math.pow(f - 10, 2) / 2)
                            + 0.3 * Math.exp(-Math.pow(f - 22, 2) / 8);
            final double amplitude = Math.sqrt(Math.pow(f, -chi) * Math.pow(10, logPeaks));
            final double phase = 2 * Math.PI * random.nextDouble();
            a[2 * k] = amplitude * Math.cos(phase);
            a[2 * k + 1] = amplitude * Math.sin(phase);
            a[2 * (n - k)] = a[2 * k];
            a[2 * (n - k) + 1] = -a[2 * k + 1];
        }
        new DoubleFFT_1D(n).complexInverse(a, false);
        final float[][] x = new float[1][n];
        for (int i = 0; i < n; i++) {
            x[0][i] = (float) (1000 * a[2 * i]);
        }
        final DescriptorKernels kernels =
                new DescriptorKernels(DescriptorOptions.DEFAULTS, 1, FS, n);
        kernels.screen(x, 0);
        final DescriptorRecord[] both = kernels.aperiodicAndAlpha(x, 0);
        final AperiodicRecord r = (AperiodicRecord) both[0];
        assertNotNull(r.exponent[0], "fit failed");
        assertEquals(chi, r.exponent[0], 0.05, "exponent");
        final boolean alphaPeak =
                java.util.Arrays.stream(r.peakCenterHz).anyMatch(c -> Math.abs(c - 10) < 0.5);
        assertTrue(
                alphaPeak, "a peak near 10 Hz among " + java.util.Arrays.toString(r.peakCenterHz));
        assertEquals(10.0, ((AlphaRecord) both[1]).peakHz[0], 0.5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.5, 0.7, 0.9})
    void shouldEstimateTheHurstExponentOfFractionalGaussianNoiseWithin005(final double hurst) {
        final int n = 1 << 15;
        final double[] x = fractionalGaussianNoise(n, hurst, new Random(4));
        final int[] sizes = DetrendedFluctuation.windowSizes(FS, 0.1, 6, 10);
        final DetrendedFluctuation dfa =
                new DetrendedFluctuation(FS, new Band("alpha", 8, 13), 2, sizes, n);
        assertEquals(null, dfa.fluctuation(x, 0, n));
        assertEquals(hurst, dfa.alpha(), 0.05, "DFA alpha");
        assertTrue(dfa.rSquared() > 0.98, "r^2 " + dfa.rSquared());
    }

    @Test
    void shouldGiveAModulationIndexRisingWithImposedThetaGammaCoupling() {
        final int n = 160 * 60;
        final ModulationIndex mi =
                new ModulationIndex(FS, new Band("theta", 4, 8), new Band("gamma", 30, 45), 18, n);
        final Random random = new Random(5);
        final double[] noise = new double[n];
        for (int i = 0; i < n; i++) {
            noise[i] = random.nextGaussian() * 0.2;
        }
        double previous = -1;
        for (final double coupling : List.of(0.0, 0.25, 0.5, 1.0)) {
            final float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                final double theta = Math.sin(2 * Math.PI * 6 * i / FS);
                final double gamma = 0.5 * Math.sin(2 * Math.PI * 38 * i / FS);
                x[i] = (float) (theta + (1 + coupling * theta) * gamma + noise[i]);
            }
            final double value = mi.compute(x, 0);
            assertTrue(value > previous, "MI " + value + " at coupling " + coupling);
            if (coupling == 0) {
                assertTrue(value < 1e-3, "MI without coupling " + value);
            }
            previous = value;
        }
        assertTrue(previous > 0.01, "MI at full coupling " + previous);
    }

    @Test
    void shouldGiveTheHjorthParametersOfASampledSine() {
        final int n = 16_000;
        final float[] x = new float[n];
        final double w = 2 * Math.PI * 10 / FS;
        for (int i = 0; i < n; i++) {
            x[i] = (float) (3 * Math.sin(w * i + 0.3));
        }
        final double[] out = new double[3];
        Hjorth.compute(x, 0, n, out, 0);
        assertEquals(4.5, out[0], 1e-3, "activity = amplitude^2 / 2");
        assertEquals(2 * Math.sin(w / 2), out[1], 1e-4, "mobility of a sampled sine");
        assertEquals(1.0, out[2], 1e-3, "complexity of a sine");
    }

    @Test
    void shouldFindTheInstantaneousFrequencyOfAnAlphaRhythm() {
        final int n = 160 * 30;
        final float[] x = new float[n];
        final Random random = new Random(6);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (5 * Math.sin(2 * Math.PI * 10.3 * i / FS) + random.nextGaussian());
        }
        final InstantaneousFrequency f =
                new InstantaneousFrequency(FS, new Band("alpha", 8, 13), 2, n);
        assertEquals(10.3, f.compute(x, 0, n), 0.02);
    }

    /** Davies-Harte circulant embedding: n samples of unit-variance fGn of Hurst exponent h. */
    static double[] fractionalGaussianNoise(final int n, final double h, final Random random) {
        final int m = 2 * n;
        final double[] c = new double[2 * m];
        for (int k = 0; k <= n; k++) {
            final double g =
                    0.5
                            * (Math.pow(k + 1, 2 * h)
                                    - 2 * Math.pow(k, 2 * h)
                                    + Math.pow(Math.abs(k - 1), 2 * h));
            c[2 * k] = g;
            if (k > 0 && k < n) {
                c[2 * (m - k)] = g;
            }
        }
        final DoubleFFT_1D fft = new DoubleFFT_1D(m);
        fft.complexForward(c);
        final double[] z = new double[2 * m];
        for (int j = 0; j <= n; j++) {
            final double lambda = Math.max(c[2 * j], 0);
            if (j == 0 || j == n) {
                z[2 * j] = Math.sqrt(lambda / m) * random.nextGaussian();
            } else {
                final double s = Math.sqrt(lambda / (2 * m));
                z[2 * j] = s * random.nextGaussian();
                z[2 * j + 1] = s * random.nextGaussian();
                z[2 * (m - j)] = z[2 * j];
                z[2 * (m - j) + 1] = -z[2 * j + 1];
            }
        }
        fft.complexForward(z);
        final double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = z[2 * i];
        }
        return x;
    }
}

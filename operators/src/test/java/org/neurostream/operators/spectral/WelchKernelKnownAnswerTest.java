package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The known answers of docs/features.md#band-power-known-answers (fs 256 Hz, 60 s, 2 s segments
 * with 50 % overlap).
 */
class WelchKernelKnownAnswerTest {

    private static final double FS = 256;
    private static final int SAMPLES = 60 * 256;
    private static final double[] AMPLITUDES = {4, 3, 10, 2, 1};
    private static final double[] FREQUENCIES = {2, 6, 10, 20, 40};

    @Test
    void shouldGiveHalfTheSquaredAmplitudePerBandForNoiselessSinusoids() {
        float[] x = sinusoids(new Random(1), 0.0);

        double[] powers = trapzBandPowers(x);

        double[] expected = {8, 4.5, 50, 2, 0.5};
        for (int b = 0; b < expected.length; b++) {
            assertEquals(expected[b], powers[b], 1e-5 * expected[b], "band " + b);
        }
    }

    @Test
    void shouldAddWhiteNoisePowerOfBandwidthOver128() {
        float[] x = sinusoids(new Random(20240611), 1.0);

        double[] powers = trapzBandPowers(x);

        // A^2/2 + (hi - lo)/128; three times the spread over noise draws stated in
        // docs/features.md#band-power-known-answers.
        double[] expected = {8.0234, 4.5313, 50.0391, 2.1328, 0.6172};
        double[] tolerance = {0.15, 0.15, 0.36, 0.15, 0.15};
        for (int b = 0; b < expected.length; b++) {
            assertEquals(expected[b], powers[b], tolerance[b], "band " + b);
        }
    }

    @Test
    void shouldGiveWhiteNoiseOfUnitVarianceAMeanDensityOfTwoOver256() {
        Random random = new Random(7);
        float[] x = new float[SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(FS));
        double[] psd = new double[kernel.bins()];

        int segments = kernel.psd(x, 0, x.length, psd);

        double mean = 0;
        for (int k = 1; k < psd.length - 1; k++) {
            mean += psd[k];
        }
        mean /= psd.length - 2;
        assertEquals(59, segments);
        assertEquals(2.0 / 256, mean, 0.03 * 2.0 / 256);
    }

    @Test
    void shouldPutTheNoiselessAlphaSinusoidInAlphaWithRelativePowerOfItsShare() {
        float[] x = sinusoids(new Random(3), 0.0);
        WelchKernel kernel =
                new WelchKernel(WelchConfig.builder(FS).integration(BandIntegration.TRAPZ).build());
        double[] out = new double[5];
        double[] relative = new double[5];

        kernel.bandPowers(new float[][] {x}, 0, x.length, out, relative);

        assertEquals(50.0 / 65.0, relative[2], 1e-5);
    }

    private static double[] trapzBandPowers(float[] x) {
        WelchKernel kernel =
                new WelchKernel(
                        WelchConfig.builder(FS)
                                .nperseg(512)
                                .noverlap(256)
                                .integration(BandIntegration.TRAPZ)
                                .build());
        double[] out = new double[kernel.bandCount()];
        int segments = kernel.bandPowers(new float[][] {x}, 0, x.length, out, null);
        assertEquals(59, segments);
        return out;
    }

    /**
     * The signal of docs/features.md#band-power-known-answers: five sinusoids with random phases
     * plus white noise of the given sd.
     */
    private static float[] sinusoids(Random random, double noiseSd) {
        double[] phases = new double[AMPLITUDES.length];
        for (int j = 0; j < phases.length; j++) {
            phases[j] = 2 * Math.PI * random.nextDouble();
        }
        float[] x = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double t = i / FS;
            double v = noiseSd * random.nextGaussian();
            for (int j = 0; j < AMPLITUDES.length; j++) {
                v += AMPLITUDES[j] * Math.sin(2 * Math.PI * FREQUENCIES[j] * t + phases[j]);
            }
            x[i] = (float) v;
        }
        return x;
    }
}

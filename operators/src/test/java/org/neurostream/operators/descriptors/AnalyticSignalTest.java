package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analytic signal against its definition, computed with a plain DFT. */
class AnalyticSignalTest {

    @ParameterizedTest(name = "n={0} N={1}")
    @CsvSource({"8,8", "7,7", "15,15", "12,16", "9,10", "20,25", "1,1", "2,2"})
    void shouldMatchTheDefinitionForOddAndEvenLengths(final int n, final int fftLength) {
        final Random random = new Random(n * 31L + fftLength);
        final double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        final double[] re = new double[n];
        final double[] im = new double[n];
        new AnalyticSignal(fftLength).transform(x, 0, n, re, im);
        // X_k of x zero-padded to N; h_k = 1 at 0 and N/2, 2 below N/2, 0 above; inverse DFT
        final int nf = fftLength;
        final double[] xr = new double[nf];
        final double[] xi = new double[nf];
        for (int k = 0; k < nf; k++) {
            for (int i = 0; i < n; i++) {
                xr[k] += x[i] * Math.cos(2 * Math.PI * k * i / nf);
                xi[k] -= x[i] * Math.sin(2 * Math.PI * k * i / nf);
            }
            final double h = k == 0 || 2 * k == nf ? 1 : 2 * k < nf ? 2 : 0;
            xr[k] *= h;
            xi[k] *= h;
        }
        for (int i = 0; i < n; i++) {
            double zr = 0;
            double zi = 0;
            for (int k = 0; k < nf; k++) {
                final double c = Math.cos(2 * Math.PI * k * i / nf);
                final double s = Math.sin(2 * Math.PI * k * i / nf);
                zr += xr[k] * c - xi[k] * s;
                zi += xr[k] * s + xi[k] * c;
            }
            assertEquals(zr / nf, re[i], 1e-12, "real " + i);
            assertEquals(zi / nf, im[i], 1e-12, "imaginary " + i);
        }
    }
}

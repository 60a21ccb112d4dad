package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.npy.NpyArray;

/** Against CaImAn's formulas evaluated by SciPy (make_golden.py). */
class Ar1EstimatorTest {

    @Test
    void shouldEstimateNoiseAndGLikeCaimanOnSciPy() throws IOException {
        final NpyArray traces = Golden.npy("ar1_traces.npy");
        final double[] all = traces.toDoubleArray();
        final double[] shortTrace = Golden.npy("ar1_short.npy").toDoubleArray();
        final List<String[]> golden = Golden.csv("ar1_golden.csv");
        final Ar1Estimator estimator = new Ar1Estimator(2000);
        assertEquals(5, golden.size());
        for (final String[] row : golden) {
            final int i = Integer.parseInt(row[0]);
            final int n = Integer.parseInt(row[1]);
            final double[] y = i < 4 ? all : shortTrace;
            final int offset = i < 4 ? i * 2000 : 0;
            final double sigma = estimator.noiseSigma(y, offset, n);
            final double expectedSigma = Double.parseDouble(row[2]);
            // the Welch kernel computes in float32: 1e-5 relative
            assertEquals(expectedSigma, sigma, 1e-5 * expectedSigma, "sigma of trace " + i);
            final double g = Ar1Estimator.ar1Coefficient(y, offset, n, sigma);
            assertEquals(Double.parseDouble(row[3]), g, 1e-5, "g of trace " + i);
        }
    }

    @Test
    void shouldGiveBackTheNormalQuantilesOfSciPy() throws IOException {
        for (final String[] row : Golden.csv("normal_quantiles.csv")) {
            final double p = Double.parseDouble(row[0]);
            final double z = Double.parseDouble(row[1]);
            assertEquals(
                    z, Ar1Estimator.normalQuantile(p), 1.2e-9 * Math.max(1, Math.abs(z)), "p " + p);
        }
        assertTrue(Double.isNaN(Ar1Estimator.normalQuantile(0)));
        assertTrue(Double.isNaN(Ar1Estimator.normalQuantile(1)));
    }

    @Test
    void shouldNotEstimateFromTooFewSamples() {
        final Ar1Estimator estimator = new Ar1Estimator(100);
        assertTrue(Double.isNaN(estimator.noiseSigma(new double[7], 0, 7)));
        assertTrue(Double.isNaN(Ar1Estimator.ar1Coefficient(new double[7], 0, 7, 0)));
        assertTrue(
                Double.isNaN(Ar1Estimator.ar1Coefficient(new double[50], 0, 50, 0)),
                "constant trace");
    }
}

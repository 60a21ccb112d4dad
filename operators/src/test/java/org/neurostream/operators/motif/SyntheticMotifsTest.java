package org.neurostream.operators.motif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ICANN synthetic benchmark at its full width (N = 128, M = 200, D = 31, p_A = p_B = 0.001)
 * over 5000 bins instead of many trials, so that it runs in seconds. Known answers
 * (docs/features.md#spiking-motif-known-answers): true-positive rate about 0.95 with the generating
 * kernels, about 0.75 for correlation.
 */
class SyntheticMotifsTest {
    private static final int M = 200;
    private static final int N = 128;
    private static final int D = 31;

    @Test
    void shouldDetectAtLeast93PercentOfOccurrencesWithTheGeneratingKernels() {
        SyntheticMotifs data = SyntheticMotifs.generate(M, N, D, 5000, 0.001, 0.001, 1);
        MotifKernel kernel = MotifKernel.fromDense(data.kernel(), data.generatingBias(), M, N, D);

        double tpr = MotifEvaluation.truePositiveRate(kernel, data);

        assertTrue(tpr >= 0.93, "true-positive rate " + tpr);
        assertTrue(data.occurrences().size() > 800, data.occurrences().size() + " occurrences");
    }

    @Test
    void shouldBeatTheCorrelationBaselineByAboutTwentyPoints() {
        SyntheticMotifs data = SyntheticMotifs.generate(M, N, D, 5000, 0.001, 0.001, 2);
        MotifKernel generating =
                MotifKernel.fromDense(data.kernel(), data.generatingBias(), M, N, D);
        MotifKernel correlation =
                MotifKernel.fromDense(
                        MotifEvaluation.correlationKernel(data.kernel(), data.pA()),
                        new float[M],
                        M,
                        N,
                        D);

        double hd = MotifEvaluation.truePositiveRate(generating, data);
        double corr = MotifEvaluation.truePositiveRate(correlation, data);

        assertEquals(0.75, corr, 0.06, "correlation baseline");
        assertTrue(hd - corr > 0.12, "generating " + hd + " vs correlation " + corr);
    }

    @Test
    void shouldDrawKernelsAsTheBenchmarkDescribes() {
        float[] k = SyntheticMotifs.kernels(40, N, D, 7);
        int nonZero = 0;
        int firstDelayNonZero = 0;
        for (int i = 0; i < k.length; i++) {
            nonZero += k[i] != 0 ? 1 : 0;
            firstDelayNonZero += i % D == 0 && k[i] != 0 ? 1 : 0;
        }
        // 5 % kept; the [1, -0.8, -0.2] filter spreads most of them over 3 delays.
        assertEquals(0.134, nonZero / (double) k.length, 0.01);
        assertEquals(0, firstDelayNonZero, "the envelope is 0 at s = 0");
        assertArrayEquals(k, SyntheticMotifs.kernels(40, N, D, 7), "seeded");
    }

    @Test
    void shouldDrawOccurrencesAwayFromBothEndsAtRatePB() {
        SyntheticMotifs data = SyntheticMotifs.generate(50, 16, D, 40_000, 0.001, 0.002, 3);
        BinnedEvents occ = data.occurrences();

        assertTrue(occ.bin(0) >= D && occ.bin(occ.size() - 1) < 40_000 - D);
        assertEquals(0.002 * (40_000 - 2 * D) / 40_000, data.occurrenceRate(), 0.0002);
        // Background alone would give 16 * 40000 * 0.001 = 640 events; motifs add to it.
        assertTrue(data.input().size() > 640 * 1.5, data.input().size() + " input events");
    }
}

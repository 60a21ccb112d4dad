package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvalancheStatisticsTest {

    @Test
    void shouldFitTheScalingExponentOverDurationsFromTheLowerBoundWithEnoughAvalanches() {
        // <S>(T) = 3 T^2 exactly for T = 5..20 (10 avalanches each); T = 2 and T = 30 are off
        // the law but excluded: T = 2 is below 5, T = 30 has only 9 avalanches.
        int n = 16 * 10 + 10 + 9;
        double[] sizes = new double[n];
        int[] durations = new int[n];
        int i = 0;
        for (int t = 5; t <= 20; t++) {
            for (int k = 0; k < 10; k++) {
                durations[i] = t;
                sizes[i++] = 3.0 * t * t + (k % 2 == 0 ? 1 : -1); // mean stays 3 T^2
            }
        }
        for (int k = 0; k < 10; k++) {
            durations[i] = 2;
            sizes[i++] = 1000;
        }
        for (int k = 0; k < 9; k++) {
            durations[i] = 30;
            sizes[i++] = 1;
        }
        ScalingFit fit = AvalancheStatistics.scaling(sizes, durations, n, 5, 10);
        assertTrue(fit.valid());
        assertEquals(2.0, fit.gamma(), 1e-12);
        assertEquals(Math.log(3.0), fit.intercept(), 1e-12);
        assertEquals(16, fit.durations());
        assertEquals(5, fit.minDuration());
        assertEquals(20, fit.maxDuration());
    }

    @Test
    void shouldGiveNullExponentsWithReasonsForTooFewAvalanches() {
        AvalancheTable table = new AvalancheTable();
        for (int i = 0; i < 30; i++) {
            table.onAvalanche(10L * i + 1, 1 + i % 4, 1 + i, 1.0 + i, 1, i % 4 == 0 ? 0 : 1);
        }
        AvalancheSummary s =
                AvalancheStatistics.summarize(
                        table,
                        BranchingEstimate.none(40, 0, "no bins"),
                        AvalancheOptions.defaults());
        assertEquals(30, s.avalanches());
        assertFalse(s.size().valid());
        assertTrue(Double.isNaN(s.size().alpha()));
        assertEquals("only 30 values; the fit needs at least 100 in the tail", s.size().reason());
        assertFalse(s.duration().valid());
        assertFalse(s.scaling().valid());
        assertTrue(Double.isNaN(s.gammaPredicted()));
        assertEquals(
                "needs both power-law fits: sizes: only 30 values; the fit needs at least 100"
                        + " in the tail",
                s.gammaPredictedReason());
        // the Beggs-Plenz ratio needs only one avalanche: 3 of every 4 have ratio 1 / 1
        assertEquals(22.0 / 30.0, s.branchingRatio(), 1e-15);
        assertEquals(null, s.branchingRatioReason());
    }

    @Test
    void shouldGiveNoBranchingRatioWithoutAvalanches() {
        AvalancheSummary s =
                AvalancheStatistics.summarize(
                        new AvalancheTable(),
                        BranchingEstimate.none(40, 0, "no bins"),
                        AvalancheOptions.defaults());
        assertTrue(Double.isNaN(s.branchingRatio()));
        assertEquals("no avalanches", s.branchingRatioReason());
    }

    @Test
    void shouldFitSummedAmplitudesWithTheContinuousLawWhenAsked() {
        AvalancheTable table = new AvalancheTable();
        java.util.SplittableRandom random = new java.util.SplittableRandom(8L);
        for (int i = 0; i < 2000; i++) {
            double amplitude = 3.0 * Math.pow(1.0 - random.nextDouble(), -1.0 / 0.5);
            table.onAvalanche(2L * i + 1, 1, 1, amplitude, 1, 0);
        }
        AvalancheOptions options =
                AvalancheOptions.builder().sizeMeasure(SizeMeasure.AMPLITUDE).build();
        AvalancheSummary s =
                AvalancheStatistics.summarize(
                        table, BranchingEstimate.none(40, 0, "no bins"), options);
        assertFalse(s.size().discrete());
        assertEquals(1.5, s.size().alpha(), 3 * s.size().alphaSe() + 0.02);
    }
}

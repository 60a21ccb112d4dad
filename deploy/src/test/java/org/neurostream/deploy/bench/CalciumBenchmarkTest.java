package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short run of the calcium benchmark: it measures, and refuses what it cannot measure. */
class CalciumBenchmarkTest {

    @Test
    void shouldReportAPositiveFiniteRateForAShortRun() {
        final double rate = CalciumBenchmark.roiFramesPerSecond(50, 30, 0.2, 1L);
        assertTrue(Double.isFinite(rate) && rate > 1e4, "rate " + rate);
    }

    @Test
    void shouldRefuseWhatItCannotMeasure() {
        assertThrows(
                IllegalArgumentException.class,
                () -> CalciumBenchmark.roiFramesPerSecond(0, 30, 0.2, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> CalciumBenchmark.roiFramesPerSecond(5, 0, 0.2, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> CalciumBenchmark.roiFramesPerSecond(5, 30, 0, 1L));
    }
}

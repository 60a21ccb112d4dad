package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short run of the power-law benchmark: it measures, and refuses what it cannot measure. */
class AvalancheBenchmarkTest {

    @Test
    void shouldReportAPositiveFiniteTimeForASmallSample() {
        double seconds = AvalancheBenchmark.powerLawFitSeconds(20_000, 1, 1L);

        assertTrue(Double.isFinite(seconds) && seconds > 0 && seconds < 5, "seconds " + seconds);
    }

    @Test
    void shouldRejectAnEmptyMeasurement() {
        assertThrows(
                IllegalArgumentException.class,
                () -> AvalancheBenchmark.powerLawFitSeconds(0, 1, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> AvalancheBenchmark.powerLawFitSeconds(10, 0, 1L));
    }
}

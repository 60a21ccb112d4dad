package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short run of the band-power benchmark: it measures, and refuses what it cannot measure. */
class BandPowerBenchmarkTest {

    @Test
    void shouldReportAPositiveFiniteRateForAShortRun() {
        double rate = BandPowerBenchmark.samplesPerSecond(4, 256, 512, 256, 4096, 0.2, 1L);

        assertTrue(Double.isFinite(rate) && rate > 1e5, "rate " + rate);
    }

    @Test
    void shouldRejectASpanShorterThanOneSegment() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BandPowerBenchmark.samplesPerSecond(4, 256, 512, 256, 511, 0.2, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> BandPowerBenchmark.samplesPerSecond(0, 256, 512, 256, 4096, 0.2, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> BandPowerBenchmark.samplesPerSecond(4, 256, 512, 256, 4096, 0, 1L));
    }
}

package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short run of the motif detection benchmark: it measures what it says it measures. */
class MotifDetectBenchmarkTest {

    @Test
    void shouldReportAPositiveRateAtTheRequestedDensity() {
        MotifDetectBenchmark.Result r =
                MotifDetectBenchmark.measure(40, 64, 15, 3000, 0.05, 0.2, 1L);

        assertTrue(
                Double.isFinite(r.eventsPerCpuSecond()) && r.eventsPerCpuSecond() > 1e5,
                "rate " + r);
        assertEquals(0.05, r.density(), 0.002);
        assertTrue(r.events() > 100 && r.detectionsPerPass() > 0, r.toString());
    }

    @Test
    void shouldRefuseANonPositiveTime() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MotifDetectBenchmark.measure(4, 8, 3, 100, 0.5, 0, 1L));
    }
}

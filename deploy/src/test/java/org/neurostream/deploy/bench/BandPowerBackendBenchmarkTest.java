package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.OpenClDevices;

/** The backend benchmark reports a positive rate for the backend that actually ran (short runs). */
class BandPowerBackendBenchmarkTest {

    @Test
    void shouldReportTheCpuBackendAndAPositiveRate() {
        final BandPowerBackendBenchmark.Result r =
                BandPowerBackendBenchmark.run(BackendKind.CPU, 8, 1024, 0.1, 0.2);
        assertEquals("cpu", r.backend());
        assertTrue(r.samplesPerSecond() > 0, "rate " + r.samplesPerSecond());
        assertEquals(r.samplesPerSecond() / (384 * 30_000.0), r.probesInRealTime(), 1e-12);
    }

    @Test
    void shouldRunOnOpenClWhenADeviceExists() {
        final BandPowerBackendBenchmark.Result r =
                BandPowerBackendBenchmark.run(BackendKind.OPENCL, 8, 1024, 0.1, 0.2);
        assertEquals(OpenClDevices.all().isEmpty() ? "cpu" : "opencl", r.backend());
        assertTrue(r.samplesPerSecond() > 0, "rate " + r.samplesPerSecond());
    }

    @Test
    void shouldRefuseABatchShorterThanOneSegment() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BandPowerBackendBenchmark.run(BackendKind.CPU, 8, 4096, 0.1, 0.2));
    }
}

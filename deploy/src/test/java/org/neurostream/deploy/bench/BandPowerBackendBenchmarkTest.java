package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BackendOptions;
import org.neurostream.operators.compute.OpenClDevices;
import org.neurostream.operators.compute.OpenClProfile;

/** The backend benchmark reports a positive rate for the backend that actually ran (short runs). */
class BandPowerBackendBenchmarkTest {

    @Test
    void shouldReportTheCpuBackendAndAPositiveRate() {
        final BandPowerBackendBenchmark.Result r =
                BandPowerBackendBenchmark.arrays(BackendKind.CPU, 8, 1024, 0.1, 0.2);
        assertEquals("cpu", r.backend());
        assertTrue(r.samplesPerSecond() > 0, "rate " + r.samplesPerSecond());
        assertEquals(r.samplesPerSecond() / (384 * 30_000.0), r.probesInRealTime(), 1e-12);
    }

    @Test
    void shouldRunThroughTheSlotsOnOpenClWhenADeviceExistsWithAsManyInFlightAsSlots() {
        final BandPowerBackendBenchmark.Result r =
                BandPowerBackendBenchmark.slots(
                        BackendKind.OPENCL, 8, 1024, 0.1, 0.2, BackendOptions.DEFAULT);
        final boolean device = !OpenClDevices.all().isEmpty();
        assertEquals(device ? "opencl" : "cpu", r.backend());
        assertEquals(device ? 3 : 1, r.inFlight());
        assertTrue(r.samplesPerSecond() > 0, "rate " + r.samplesPerSecond());
        assertTrue(r.batches() > 0, "batches " + r.batches());
        assertEquals(List.of(), r.profile(), "no profile unless asked for");
    }

    @Test
    void shouldReportADeviceTimeForEveryTransferAndKernelWhenProfiled() {
        assumeTrue(
                !OpenClDevices.all().isEmpty() || System.getenv("CI") != null,
                "skipped: no OpenCL device to profile");
        final BandPowerBackendBenchmark.Result r =
                BandPowerBackendBenchmark.slots(
                        BackendKind.OPENCL,
                        8,
                        1024,
                        0.1,
                        0.2,
                        BackendOptions.DEFAULT.withProfiling(true));
        final List<String> names = r.profile().stream().map(OpenClProfile.Entry::name).toList();
        assertEquals(List.of("h2d", "welch_fft_pairs", "welch_psd_bands", "d2h"), names);
        for (final OpenClProfile.Entry e : r.profile()) {
            assertTrue(e.count() >= r.batches(), e.toString());
            assertTrue(e.deviceNanos() > 0, e.toString());
        }
        assertEquals(8L * 3000 * 4, r.profile().get(0).bytes() / r.profile().get(0).count());
    }

    @Test
    void shouldRefuseABatchShorterThanOneSegment() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BandPowerBackendBenchmark.arrays(BackendKind.CPU, 8, 4096, 0.1, 0.2));
    }
}

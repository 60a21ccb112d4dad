package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurostream.operators.spectral.WelchConfig;

/** Backend selection, and the fallback to the CPU path when OpenCL cannot run or stops running. */
class BandPowerBackendsTest {

    private static final WelchConfig CONFIG = WelchConfig.builder(250).nperseg(256).build();

    @Test
    void shouldParseBackendKindsCaseInsensitively() {
        assertEquals(BackendKind.AUTO, BackendKind.parse(" Auto "));
        assertEquals(BackendKind.CPU, BackendKind.parse("cpu"));
        assertEquals(BackendKind.OPENCL, BackendKind.parse("OPENCL"));
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BackendKind.parse("cuda"));
        assertTrue(e.getMessage().contains("auto, cpu or opencl"), e.getMessage());
    }

    @Test
    void shouldGiveTheCpuPathWhenCpuIsRequested() {
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.CPU)) {
            assertInstanceOf(CpuBandPowerBackend.class, b);
            assertEquals("cpu", b.name());
            assertEquals("java", b.device());
        }
    }

    @Test
    void shouldTakeOpenClUnderAutoOnlyWhenAGpuDeviceExists() {
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.AUTO)) {
            assertEquals(OpenClDevices.firstGpu().isPresent() ? "opencl" : "cpu", b.name());
        }
    }

    @Test
    void shouldFallBackToTheCpuPathWhenTheKernelDoesNotBuild() {
        OpenClTestDevice.require();
        final float[][] x = OpenClBandPowerParityTest.noise(3, 2000, 3L, 1.0);
        try (BandPowerBackend b =
                BandPowerBackends.create(CONFIG, BackendKind.OPENCL, "__kernel void broken( {")) {
            assertEquals("cpu", b.name());
            assertArrayEquals(cpu(x), run(b, x));
        }
    }

    @Test
    void shouldComputeTheFailingBatchAndAllLaterOnesOnTheCpuWhenTheDeviceFails() {
        OpenClTestDevice.require();
        final float[][] first = OpenClBandPowerParityTest.noise(5, 2000, 1L, 1.0);
        final float[][] second = OpenClBandPowerParityTest.noise(5, 2000, 2L, 1.0);
        final float[][] third = OpenClBandPowerParityTest.noise(5, 2000, 3L, 1.0);
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.OPENCL)) {
            final FallbackBandPowerBackend fallback =
                    assertInstanceOf(FallbackBandPowerBackend.class, b);
            assertEquals("opencl", b.name());
            run(b, first);
            assertNull(fallback.fallbackReason());

            fallback.openCl().simulateDeviceFault();
            // the failing batch comes back once, whole, computed by the CPU path
            assertArrayEquals(cpu(second), run(b, second));
            assertEquals("cpu", b.name());
            assertNotNull(fallback.fallbackReason());
            assertNull(fallback.openCl());
            assertArrayEquals(cpu(third), run(b, third));
        }
    }

    @Test
    void shouldRejectShortOutputsBeforeTouchingTheDevice() {
        OpenClTestDevice.require();
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.OPENCL)) {
            final float[][] x = new float[2][1000];
            assertThrows(
                    IllegalArgumentException.class,
                    () -> b.bandPowers(x, 0, 1000, new double[9], null));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> b.bandPowers(x, 1, 1000, new double[10], null));
            // a caller's mistake is not a device failure: the backend stays on the device
            assertEquals("opencl", b.name());
        }
    }

    private static double[] cpu(final float[][] x) {
        try (BandPowerBackend b = new CpuBandPowerBackend(CONFIG)) {
            return run(b, x);
        }
    }

    /** Band powers then relative powers of every channel, in one array. */
    private static double[] run(final BandPowerBackend b, final float[][] x) {
        final int n = x.length * b.bandCount();
        final double[] out = new double[n];
        final double[] relative = new double[n];
        b.bandPowers(x, 0, x[0].length, out, relative);
        final double[] both = new double[2 * n];
        System.arraycopy(out, 0, both, 0, n);
        System.arraycopy(relative, 0, both, n, n);
        return both;
    }
}

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
    void shouldCompleteEveryBatchInFlightOnTheCpuWhenTheDeviceFailsAtAWait() {
        OpenClTestDevice.require();
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.OPENCL)) {
            final FallbackBandPowerBackend fallback =
                    assertInstanceOf(FallbackBandPowerBackend.class, b);
            final float[][][] batches = new float[b.depth()][][];
            for (int s = 0; s < b.depth(); s++) {
                batches[s] = OpenClBandPowerParityTest.noise(4 + s, 1500 + 100 * s, 40L + s, 1.0);
                fill(b, s, batches[s]);
                b.submit(s);
            }
            // the device is lost while all three are in flight: the wait for slot 1 fails
            fallback.openCl().simulateFaultOnComplete();
            assertArrayEquals(cpu(batches[1]), complete(b, 1, batches[1].length));
            assertEquals("cpu", b.name());
            assertNotNull(fallback.fallbackReason());
            // the other two were handed over with their samples and complete once each
            assertArrayEquals(cpu(batches[0]), complete(b, 0, batches[0].length));
            assertArrayEquals(cpu(batches[2]), complete(b, 2, batches[2].length));
            assertThrows(IllegalStateException.class, () -> b.complete(2, new double[99], null));
            // and the slots go on, on the CPU
            final float[][] next = OpenClBandPowerParityTest.noise(3, 1200, 77L, 1.0);
            fill(b, 1, next);
            b.submit(1);
            assertArrayEquals(cpu(next), complete(b, 1, next.length));
        }
    }

    @Test
    void shouldSubmitTheFailingBatchOnTheCpuWhenTheDeviceRefusesItsLaunch() {
        OpenClTestDevice.require();
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.OPENCL)) {
            final FallbackBandPowerBackend fallback =
                    assertInstanceOf(FallbackBandPowerBackend.class, b);
            final float[][] first = OpenClBandPowerParityTest.noise(5, 2000, 1L, 1.0);
            final float[][] second = OpenClBandPowerParityTest.noise(6, 1800, 2L, 1.0);
            fill(b, 0, first);
            b.submit(0);
            fill(b, 2, second);
            fallback.openCl().simulateDeviceFault();
            b.submit(2); // refused by the device: submitted on the CPU instead
            assertEquals("cpu", b.name());
            assertArrayEquals(cpu(second), complete(b, 2, second.length));
            assertArrayEquals(cpu(first), complete(b, 0, first.length));
        }
    }

    @Test
    void shouldRefuseSlotCallsOutOfOrder() {
        OpenClTestDevice.require();
        try (BandPowerBackend b = BandPowerBackends.create(CONFIG, BackendKind.OPENCL)) {
            assertThrows(IllegalStateException.class, () -> b.submit(0));
            assertThrows(IllegalStateException.class, () -> b.complete(0, new double[9], null));
            assertThrows(IndexOutOfBoundsException.class, () -> b.input(b.depth(), 1, 300));
            final float[][] x = OpenClBandPowerParityTest.noise(2, 600, 5L, 1.0);
            fill(b, 0, x);
            b.submit(0);
            assertThrows(IllegalStateException.class, () -> b.input(0, 2, 600));
            assertThrows(IllegalStateException.class, () -> b.submit(0));
            assertThrows(
                    IllegalStateException.class,
                    () -> b.bandPowers(x, 0, 600, new double[10], null),
                    "the synchronous path needs every slot");
            OpenClBandPowerParityTest.assertSlotParity(CONFIG, b, 0, x);
            assertEquals("opencl", b.name(), "a caller's mistake is not a device failure");
        }
    }

    @Test
    void shouldRunTheSlotsOnTheCpuPathToo() {
        try (BandPowerBackend b = new CpuBandPowerBackend(CONFIG, 2)) {
            final float[][] x = OpenClBandPowerParityTest.noise(3, 900, 6L, 1.0);
            final float[][] y = OpenClBandPowerParityTest.noise(2, 1100, 7L, 1.0);
            fill(b, 0, x);
            b.submit(0);
            fill(b, 1, y);
            b.submit(1);
            assertArrayEquals(cpu(y), complete(b, 1, y.length));
            assertArrayEquals(cpu(x), complete(b, 0, x.length));
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

    private static void fill(final BandPowerBackend b, final int slot, final float[][] x) {
        final java.nio.FloatBuffer in = b.input(slot, x.length, x[0].length);
        for (final float[] channel : x) {
            in.put(channel);
        }
    }

    /** Band powers then relative powers of the slot's batch, in one array. */
    private static double[] complete(final BandPowerBackend b, final int slot, final int channels) {
        final int n = channels * b.bandCount();
        final double[] out = new double[n];
        final double[] relative = new double[n];
        b.complete(slot, out, relative);
        final double[] both = new double[2 * n];
        System.arraycopy(out, 0, both, 0, n);
        System.arraycopy(relative, 0, both, n, n);
        return both;
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

package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * Windows of several streams (different channel counts) and two sampling rates queued in one batch
 * get, at the flush and not before, the band powers the {@link WelchKernel} gives each window
 * alone: to the bit on the CPU, within the parity tolerance on OpenCL.
 */
class BandPowerBatchTest {
    private static final WelchConfig EEG = WelchConfig.builder(160).nperseg(320).build();
    private static final WelchConfig FAST = WelchConfig.builder(256).nperseg(256).build();

    /** A window to queue: its configuration, samples and the outputs the batch writes. */
    private record Window(WelchConfig config, float[][] samples, double[] out, double[] relative) {
        static Window of(final WelchConfig config, final int channels, final long seed) {
            final int bands = config.bands().size();
            return new Window(
                    config,
                    OpenClBandPowerParityTest.noise(channels, 2 * config.nperseg(), seed, 1.0),
                    new double[channels * bands],
                    new double[channels * bands]);
        }
    }

    private static List<Window> windows() {
        final List<Window> w = new ArrayList<>();
        w.add(Window.of(EEG, 8, 1));
        w.add(Window.of(FAST, 3, 2));
        w.add(Window.of(EEG, 5, 3));
        w.add(Window.of(EEG, 64, 4));
        w.add(Window.of(FAST, 1, 5));
        return w;
    }

    private static void assertLikeTheKernelAlone(final List<Window> windows, final double tol) {
        for (final Window w : windows) {
            final int values = w.out().length;
            final double[] out = new double[values];
            final double[] relative = new double[values];
            new WelchKernel(w.config())
                    .bandPowers(w.samples(), 0, w.samples()[0].length, out, relative);
            for (int k = 0; k < values; k++) {
                assertEquals(out[k], w.out()[k], tol * Math.abs(out[k]), "power " + k);
                assertEquals(relative[k], w.relative()[k], tol * relative[k], "relative " + k);
            }
        }
    }

    private static void queueAndFlush(final BandPowerBatch batch, final List<Window> windows) {
        for (final Window w : windows) {
            batch.add(w.config(), w.samples(), 0, w.samples()[0].length, w.out(), w.relative());
        }
        assertEquals(windows.size(), batch.windows());
        for (final Window w : windows) {
            assertArrayEquals(new double[w.out().length], w.out(), "nothing before the flush");
        }
        batch.flush();
        assertEquals(0, batch.windows());
        assertEquals(0, batch.rows());
    }

    @Test
    void shouldGiveEachWindowTheKernelsBandPowersAtTheFlushOnTheCpu() {
        try (BandPowerBatch batch = new BandPowerBatch(BackendKind.CPU, 4096)) {
            final List<Window> first = windows();
            queueAndFlush(batch, first);
            assertLikeTheKernelAlone(first, 0);
            // and again, with the buffers grown by the first batch
            final List<Window> second = windows();
            queueAndFlush(batch, second);
            assertLikeTheKernelAlone(second, 0);
        }
    }

    @Test
    void shouldGiveEachWindowTheKernelsBandPowersWithinTheParityToleranceOnOpenCl() {
        OpenClTestDevice.require();
        try (BandPowerBatch batch = new BandPowerBatch(BackendKind.OPENCL, 4096)) {
            final List<Window> windows = windows();
            queueAndFlush(batch, windows);
            assertEquals("opencl", batch.name());
            assertLikeTheKernelAlone(windows, 1e-4);
        }
    }

    @Test
    void shouldSayItIsFullOnceItHoldsItsMostRows() {
        try (BandPowerBatch batch = new BandPowerBatch(BackendKind.CPU, 10)) {
            final Window eight = Window.of(EEG, 8, 1);
            batch.add(EEG, eight.samples(), 0, 640, eight.out(), null);
            assertFalse(batch.full());
            batch.add(EEG, eight.samples(), 0, 640, eight.out(), null);
            assertTrue(batch.full());
            assertEquals(16, batch.rows());
        }
    }

    @Test
    void shouldRefuseAShortOutputWhenTheWindowIsQueued() {
        try (BandPowerBatch batch = new BandPowerBatch(BackendKind.CPU, 10)) {
            final Window w = Window.of(EEG, 8, 1);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> batch.add(EEG, w.samples(), 0, 640, new double[3], null));
            assertEquals(0, batch.windows());
        }
    }
}

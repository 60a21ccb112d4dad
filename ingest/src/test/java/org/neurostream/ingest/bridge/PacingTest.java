package org.neurostream.ingest.bridge;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PacingTest {
    @Test
    void shouldParseSpeedsAndMax() {
        assertEquals(1.0, Pacing.parse("1").speed());
        assertEquals(2.5, Pacing.parse("2.5x").speed());
        assertEquals(Double.POSITIVE_INFINITY, Pacing.parse("MAX").speed());
    }

    @Test
    void shouldRefuseNonPositiveOrNonNumericSpeeds() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Pacing.parse("-1"));
        assertEquals(
                "speed must be a positive number or 'max', not 'fast'",
                assertThrows(IllegalArgumentException.class, () -> Pacing.parse("fast"))
                        .getMessage());
    }

    @Test
    void shouldReleaseAtDeviceTimeDividedBySpeed() {
        final Pacing pacing = new Pacing(10);
        pacing.awaitDeviceTime(0);
        final long start = System.nanoTime();
        pacing.awaitDeviceTime(1_000_000_000L); // 1 s of device time at 10x: 100 ms of wall time
        final long waited = System.nanoTime() - start;
        assertTrue(waited >= 95_000_000L, "released after " + waited + " ns");
    }

    @Test
    void shouldNeverWaitAtMaxSpeed() {
        final Pacing pacing = Pacing.parse("max");
        final long start = System.nanoTime();
        pacing.awaitDeviceTime(3_600_000_000_000L);
        assertTrue(System.nanoTime() - start < 50_000_000L);
    }

    @Test
    void shouldNotHoldAStreamBackWhileAnotherSleepsUntilItsNextItem() throws Exception {
        final DeviceTimeOrder order = new DeviceTimeOrder(2);
        final Pacing frames = new Pacing(1).inOrder(order.participant(0));
        final Pacing markers = new Pacing(1).inOrder(order.participant(1));
        final Thread marker =
                new Thread(
                        () -> {
                            markers.awaitDeviceTime(0); // sent at once
                            markers.awaitDeviceTime(3_000_000_000L); // sleeps 3 s first
                        });
        marker.start();
        frames.awaitDeviceTime(0);
        final long start = System.nanoTime();
        for (long t = 10_000_000L; t <= 200_000_000L; t += 10_000_000L) {
            frames.awaitDeviceTime(t);
        }
        final long took = System.nanoTime() - start;
        order.participant(0).leave();
        marker.interrupt();
        marker.join();
        // frames due within 0.2 s go out without waiting the 3 s until the next marker is due
        assertTrue(took < 2_000_000_000L, "20 frames of 0.2 s took " + took + " ns");
    }
}

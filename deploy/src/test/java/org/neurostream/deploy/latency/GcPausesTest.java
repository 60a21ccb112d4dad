package org.neurostream.deploy.latency;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.neurostream.core.time.WallClock;

class GcPausesTest {
    @Test
    void shouldPlaceACollectionOfThisJvmInsideTheWindowItRanIn() throws InterruptedException {
        // a pause's times come from the JVM's uptime in whole ms on the JVM's start in whole ms,
        // so they can fall a few ms either side of this clock: the window opens a second early
        final long before = WallClock.epochNanos();
        try (GcPauses pauses = new GcPauses(before - 1_000_000_000L)) {
            System.gc();
            final long after = WallClock.epochNanos();
            // the notification comes on a thread of the JVM's, shortly after the collection
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (pauses.count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(pauses.count() >= 1, "a full collection is a pause");
            assertTrue(pauses.overlaps(before - 1_000_000_000L, after + 1_000_000_000L));
            assertFalse(pauses.overlaps(after + 2_000_000_000L, after + 3_000_000_000L));
            assertTrue(pauses.maxMs() <= pauses.totalMs());
        }
    }

    @Test
    void shouldLeaveOutPausesBeforeTheWindow() {
        // a window that starts in an hour: no collection of this JVM falls in it
        final long from = WallClock.epochNanos() + 3_600_000_000_000L;
        try (GcPauses pauses = new GcPauses(from)) {
            pauses.add(from - 500_000_000L, from - 480_000_000L);
            pauses.add(from + 2_000_000_000L, from + 2_030_000_000L);
            pauses.add(from + 3_000_000_000L, from + 3_010_000_000L);
            assertEquals(2, pauses.count());
            assertEquals(40.0, pauses.totalMs(), 1e-9);
            assertEquals(30.0, pauses.maxMs(), 1e-9);
            assertTrue(pauses.overlaps(from + 1_990_000_000L, from + 2_005_000_000L));
            assertFalse(pauses.overlaps(from - 500_000_000L, from - 480_000_000L));
        }
    }

    @Test
    void shouldTellPausesFromConcurrentCycles() {
        assertTrue(GcPauses.isPause("PS Scavenge"));
        assertTrue(GcPauses.isPause("G1 Young Generation"));
        assertFalse(GcPauses.isPause("ZGC Cycles"));
        assertFalse(GcPauses.isPause("G1 Concurrent GC"));
    }
}

package org.neurostream.deploy.latency;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.neurostream.core.time.WallClock;

class HiccupsTest {
    @Test
    void shouldTimeEveryWakeUpFromTheWindowsStartOn() throws InterruptedException {
        final Hiccups hiccups = new Hiccups(0).start();
        Thread.sleep(300);
        hiccups.close();
        final LatencySnapshot late = hiccups.lateness();
        // 60 wake-ups asked for in 300 ms; a loaded machine wakes fewer, never none
        assertTrue(late.count() >= 5 && late.count() <= 61, "wake-ups: " + late.count());
        assertTrue(late.p50Ms() >= 0 && late.p50Ms() <= late.maxMs());
    }

    @Test
    void shouldCountNothingBeforeTheWindow() throws InterruptedException {
        final Hiccups hiccups = new Hiccups(WallClock.epochNanos() + 3_600_000_000_000L).start();
        Thread.sleep(50);
        hiccups.close();
        assertEquals(0, hiccups.lateness().count());
    }
}

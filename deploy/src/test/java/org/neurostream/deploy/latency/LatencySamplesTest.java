package org.neurostream.deploy.latency;

import static org.junit.jupiter.api.Assertions.*;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldFindWhichOfTheTailWasInFlightDuringAPause() {
        final LatencySamples samples = new LatencySamples();
        // 98 records of 2 ms, one second apart, and two of 40 ms: the one at 50 s during a pause
        for (int i = 0; i < 100; i++) {
            final long sent = i * 1_000 * MS;
            samples.record(sent, sent + (i == 50 || i == 75 ? 40 : 2) * MS);
        }
        try (GcPauses pauses = new GcPauses(0)) {
            pauses.add(50_010 * MS, 50_035 * MS);
            assertArrayEquals(new int[] {2, 1}, samples.tail(99, pauses));
        }
        assertEquals(100, samples.snapshot().count());
        assertEquals(2.0, samples.snapshot().p50Ms(), 0.01);
        assertEquals(40.0, samples.snapshot().maxMs(), 0.05);
    }

    @Test
    void shouldGiveBackTheSameHistogramFromItsText() {
        final LatencySamples samples = new LatencySamples();
        for (int i = 1; i <= 1000; i++) {
            samples.record(0, i * 10_000L);
        }
        final Histogram h = LatencySamples.decode(samples.encoded());
        assertEquals(1000, h.getTotalCount());
        assertEquals(samples.snapshot().p99Ms(), h.getValueAtPercentile(99) / 1000.0, 1e-9);
    }

    @Test
    void shouldRefuseTextThatIsNoHistogram() {
        assertThrows(IllegalArgumentException.class, () -> LatencySamples.decode("AAAA"));
    }
}

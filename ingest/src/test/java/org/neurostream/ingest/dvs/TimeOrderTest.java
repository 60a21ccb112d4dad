package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time going backwards: drop-and-count (the default), reorder within a bound, or keep. */
class TimeOrderTest {
    @TempDir Path dir;

    /** An EVT 2.0 file whose events have the given times (all below 2^34 us), x = index. */
    private Path evt2WithTimes(final long... times) throws IOException {
        final RawWords w = new RawWords().header("% evt 2.0", "% geometry 64x64");
        for (int i = 0; i < times.length; i++) {
            w.timeHigh2(times[i] >>> 6).cd2(i & 1, (int) (times[i] & 63), i % 2048, 0);
        }
        final Path file = dir.resolve("times" + times.length + "-" + System.nanoTime() + ".raw");
        Files.write(file, w.bytes());
        return file;
    }

    private static long[] times(
            final Path file, final TimeOrder order, final int capacity, final long[] counted)
            throws IOException {
        try (EventFileReader reader = EventFileReader.open(file, order)) {
            final EventBatch batch = new EventBatch(capacity);
            long[] all = new long[0];
            while (reader.read(batch) > 0) {
                final int at = all.length;
                all = Arrays.copyOf(all, at + batch.size());
                System.arraycopy(batch.t(), 0, all, at, batch.size());
            }
            counted[0] = reader.backwardsCount();
            return all;
        }
    }

    @Test
    void shouldDropAndCountBackwardEventsByDefault() throws IOException {
        final Path file = evt2WithTimes(10, 20, 15, 30, 25, 100, 40);
        final long[] counted = new long[1];
        try (EventFileReader reader = EventFileReader.open(file)) {
            assertEquals(TimeOrder.Mode.DROP, reader.timeOrder().mode());
        }
        assertArrayEquals(
                new long[] {10, 20, 30, 100}, times(file, TimeOrder.DEFAULT, 16, counted));
        assertEquals(3, counted[0]);
    }

    @Test
    void shouldKeepFileOrderAndOnlyCountWhenAskedTo() throws IOException {
        final Path file = evt2WithTimes(10, 20, 15, 30, 25, 100, 40);
        final long[] counted = new long[1];
        assertArrayEquals(
                new long[] {10, 20, 15, 30, 25, 100, 40},
                times(file, TimeOrder.keep(), 16, counted));
        assertEquals(3, counted[0]);
    }

    @Test
    void shouldSortWithinTheBoundAndDropWhatComesLaterThanIt() throws IOException {
        final Path file = evt2WithTimes(10, 20, 15, 30, 25, 100, 40);
        final long[] counted = new long[1];
        assertArrayEquals(
                new long[] {10, 15, 20, 25, 30, 100},
                times(file, TimeOrder.reorder(10), 16, counted));
        assertEquals(1, counted[0], "40 came 60 us after 100, beyond the 10 us bound");
    }

    @Test
    void shouldReorderJitteredEventsCompletelyWhateverTheBatchSize() throws IOException {
        final SplittableRandom random = new SplittableRandom(4);
        final long[] t = new long[5000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1000 + 3L * i + random.nextInt(0, 50); // up to 50 us of jitter
        }
        final Path file = evt2WithTimes(t);
        final long[] sorted = t.clone();
        Arrays.sort(sorted);
        final long[] counted = new long[1];
        assertArrayEquals(sorted, times(file, TimeOrder.reorder(50), 16, counted));
        assertEquals(0, counted[0]);
        assertArrayEquals(sorted, times(file, TimeOrder.reorder(50), 777, counted));
        final long[] dropped = times(file, TimeOrder.drop(), 100, counted);
        assertEquals(t.length, dropped.length + counted[0]);
        assertTrue(counted[0] > 1000, "jitter makes many backward steps: " + counted[0]);
        for (int i = 1; i < dropped.length; i++) {
            assertTrue(dropped[i] >= dropped[i - 1]);
        }
    }

    @Test
    void shouldRejectANegativeBound() {
        assertThrows(IllegalArgumentException.class, () -> TimeOrder.reorder(-1));
    }
}

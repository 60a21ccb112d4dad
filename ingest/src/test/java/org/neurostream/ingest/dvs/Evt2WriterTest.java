package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EVT 2.0 files written here decode back, through EventFileReader, to the events written. */
class Evt2WriterTest {
    @TempDir Path dir;

    @Test
    void shouldDecodeBackToTheEventsWrittenAcrossTimeHighSteps() throws IOException {
        final int n = 20_000;
        final long[] t = new long[n];
        final int[] x = new int[n];
        final int[] y = new int[n];
        final int[] p = new int[n];
        final SplittableRandom random = new SplittableRandom(3);
        long now = (1L << 33) - 5_000_000; // crosses bit 33 of the time: all 34 bits are used
        for (int i = 0; i < n; i++) {
            now += random.nextInt(500); // gaps up to 8 TIME_HIGH periods, and ties
            t[i] = now;
            x[i] = random.nextInt(640);
            y[i] = random.nextInt(480);
            p[i] = random.nextInt(2);
        }
        final Path file = dir.resolve("written.raw");
        try (Evt2Writer writer = new Evt2Writer(Files.newOutputStream(file), 640, 480, "test")) {
            for (int i = 0; i < n; i++) {
                writer.write(t[i], x[i], y[i], p[i]);
            }
            assertEquals(n, writer.eventCount());
        }
        try (EventFileReader reader = EventFileReader.open(file)) {
            assertEquals(EventFormat.EVT2, reader.format());
            assertEquals(640, reader.width());
            assertEquals(480, reader.height());
            final EventBatch batch = new EventBatch(4096);
            int k = 0;
            while (reader.read(batch) > 0) {
                for (int i = 0; i < batch.size(); i++, k++) {
                    assertEquals(t[k], batch.t()[i], "t of event " + k);
                    assertEquals(x[k], batch.x()[i], "x of event " + k);
                    assertEquals(y[k], batch.y()[i], "y of event " + k);
                    assertEquals(p[k], batch.p()[i], "p of event " + k);
                }
            }
            assertEquals(n, k);
        }
    }

    @Test
    void shouldWriteOneTimeHighPerSixtyFourMicrosecondsThatHoldEvents() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Evt2Writer writer = new Evt2Writer(bytes, 32, 32)) {
            writer.write(0, 1, 2, 1);
            writer.write(63, 3, 4, 0);
            writer.write(64, 5, 6, 1);
        }
        final byte[] all = bytes.toByteArray();
        final String header =
                "% evt 2.0\n% format EVT2;height=32;width=32\n% geometry 32x32\n" + "% end\n";
        assertEquals(header.length() + 5 * 4, all.length, "2 TIME_HIGH + 3 CD words");
        final int[] words = new int[5];
        for (int w = 0; w < 5; w++) {
            final int at = header.length() + 4 * w;
            words[w] =
                    (all[at] & 0xFF)
                            | (all[at + 1] & 0xFF) << 8
                            | (all[at + 2] & 0xFF) << 16
                            | (all[at + 3] & 0xFF) << 24;
        }
        assertArrayEquals(
                new int[] {
                    0x8000_0000,
                    1 << 28 | 1 << 11 | 2,
                    63 << 22 | 3 << 11 | 4,
                    0x8000_0001,
                    1 << 28 | 5 << 11 | 6
                },
                words);
    }

    @Test
    void shouldRefuseTimeGoingBackwardsAndPixelsOutsideTheSensor() throws IOException {
        try (Evt2Writer writer = new Evt2Writer(OutputStream.nullOutputStream(), 32, 16)) {
            writer.write(100, 0, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> writer.write(99, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.write(100, 32, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.write(100, 0, 16, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.write(100, 0, 0, 2));
            assertEquals(1, writer.eventCount());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new Evt2Writer(OutputStream.nullOutputStream(), 4096, 16));
    }
}

package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVT 2.0 and EVT 3.0 streams built word by word, using every word type, whose events are known:
 * the skip before the first TIME_HIGH, time-high loops, EM suppression, vectors, ignored types.
 */
class SyntheticRawTest {
    @TempDir Path dir;

    private static final long EVT2_MAX_BASE = ((1L << 28) - 1) << 6;
    private static final long EVT3_MAX_BASE = ((1L << 12) - 1) << 12;

    /** Every word type of EVT 2.0, with a 34-bit time loop. */
    private static byte[] evt2Stream() {
        return new RawWords()
                .header("% evt 2.0", "% geometry 2048x2048", "% end")
                .cd2(1, 3, 1, 1) // before the first TIME_HIGH: skipped
                .type2(0xA, 1)
                .timeHigh2(100)
                .cd2(0, 5, 10, 20)
                .cd2(1, 63, 2047, 2047)
                .type2(0xA, 0x3 << 22 | 2 << 8 | 1) // trigger: counted, not an event
                .type2(0xE, 0x123)
                .type2(0xF, 0xFFFFFFF)
                .timeHigh2((1 << 28) - 1)
                .cd2(1, 1, 3, 4)
                .timeHigh2(0) // wraps: 2^34 us later than base 0
                .cd2(0, 7, 5, 6)
                .timeHigh2(2)
                .cd2(1, 0, 7, 8)
                .bytes();
    }

    private static final long[][] EVT2_EVENTS = {
        {6405, 10, 20, 0},
        {6463, 2047, 2047, 1},
        {EVT2_MAX_BASE + 1, 3, 4, 1},
        {(1L << 34) + 7, 5, 6, 0},
        {(1L << 34) + 128, 7, 8, 1},
    };

    /** Every word type of EVT 3.0, with a 24-bit time loop. */
    private static byte[] evt3Stream() {
        return new RawWords()
                .header("% evt 3.0", "% format EVT3;height=720;width=1280")
                .type3(0x0, 5)
                .type3(0x2, 3) // before the first TIME_HIGH: skipped
                .type3(0x8, 1)
                .type3(0x0, 0x800 | 7) // y = 7, slave system bit set
                .type3(0x2, 0x800 | 100)
                .type3(0x6, 0x010)
                .type3(0x3, 200) // base x 200, polarity 0
                .type3(0x4, 0b1000_0000_0101) // x 200, 202, 211
                .type3(0x5, 0xF00 | 0x81) // x 212, 219; bits 11..8 unused
                .type3(0x7, 0x003)
                .type3(0xE, 0x123)
                .type3(0xF, 0xFFF)
                .type3(0xA, 0x101) // trigger: counted, not an event
                .type3(0x1, 5) // EM: the next X words are not CD events
                .type3(0x2, 50)
                .type3(0x3, 0x800 | 300)
                .type3(0x4, 0xFFF) // nothing emitted, base x still advances to 312
                .type3(0x0, 8) // CD again
                .type3(0x5, 0x01) // x 312, polarity 1 from the base
                .type3(0x8, 0xFFF)
                .type3(0x2, 1)
                .type3(0x6, 0xFFF)
                .type3(0x2, 0x800 | 2)
                .type3(0x8, 0) // wraps: 2^24 us later
                .type3(0x2, 3)
                .type3(0x6, 5)
                .type3(0x2, 0x800 | 4)
                .bytes();
    }

    private static final long[][] EVT3_EVENTS = {
        {4096, 100, 7, 1},
        {4112, 200, 7, 0},
        {4112, 202, 7, 0},
        {4112, 211, 7, 0},
        {4112, 212, 7, 0},
        {4112, 219, 7, 0},
        {4112, 312, 8, 1},
        {EVT3_MAX_BASE, 1, 8, 0},
        {EVT3_MAX_BASE + 0xFFF, 2, 8, 1},
        {1L << 24, 3, 8, 0},
        {(1L << 24) + 5, 4, 8, 1},
    };

    private Path write(final String name, final byte[] bytes) throws IOException {
        final Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static long[][] readAll(final EventFileReader reader) throws IOException {
        final List<long[]> events = new ArrayList<>();
        final EventBatch batch = new EventBatch(EventBatch.MIN_CAPACITY);
        while (reader.read(batch) > 0) {
            for (int i = 0; i < batch.size(); i++) {
                events.add(new long[] {batch.t()[i], batch.x()[i], batch.y()[i], batch.p()[i]});
            }
        }
        return events.toArray(new long[0][]);
    }

    private static long[][] toArray(final EventBatch batch) {
        final long[][] events = new long[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            events[i] = new long[] {batch.t()[i], batch.x()[i], batch.y()[i], batch.p()[i]};
        }
        return events;
    }

    @Test
    void shouldDecodeEveryEvt2WordTypeAndTheTimeHighLoop() throws IOException {
        try (EventFileReader reader = EventFileReader.open(write("s.raw", evt2Stream()))) {
            assertEquals(EventFormat.EVT2, reader.format());
            assertEquals(2048, reader.width());
            assertArrayEquals(EVT2_EVENTS, readAll(reader));
        }
    }

    @Test
    void shouldDecodeEveryEvt3WordTypeAndTheTimeHighLoop() throws IOException {
        try (EventFileReader reader = EventFileReader.open(write("s.raw", evt3Stream()))) {
            assertEquals(EventFormat.EVT3, reader.format());
            assertEquals(1280, reader.width());
            assertEquals(720, reader.height());
            assertArrayEquals(EVT3_EVENTS, readAll(reader));
        }
    }

    @Test
    void shouldGiveTheSameEvt2EventsWhenFedOneByteAtATime() {
        final byte[] bytes = evt2Stream();
        final int data = PropheseeHeader.parse(bytes, bytes.length, true).length();
        final Evt2Decoder decoder = new Evt2Decoder();
        final EventBatch batch = new EventBatch(64);
        int consumed = data;
        for (int end = data; end <= bytes.length; end++) {
            consumed = decoder.decode(bytes, consumed, end, batch);
        }
        assertEquals(bytes.length, consumed);
        assertNull(decoder.error());
        assertArrayEquals(EVT2_EVENTS, toArray(batch));
        assertEquals(
                1, decoder.triggerCount(), "the trigger before the first TIME_HIGH is skipped");
        assertEquals(2, decoder.skippedWords());
    }

    @Test
    void shouldGiveTheSameEvt3EventsWhenFedOneByteAtATime() {
        final byte[] bytes = evt3Stream();
        final int data = PropheseeHeader.parse(bytes, bytes.length, true).length();
        final Evt3Decoder decoder = new Evt3Decoder();
        final EventBatch batch = new EventBatch(64);
        int consumed = data;
        for (int end = data; end <= bytes.length; end++) {
            consumed = decoder.decode(bytes, consumed, end, batch);
        }
        assertEquals(bytes.length, consumed);
        assertNull(decoder.error());
        assertArrayEquals(EVT3_EVENTS, toArray(batch));
        assertEquals(1, decoder.triggerCount());
        assertEquals(2, decoder.skippedWords());
    }

    @Test
    void shouldStopAnEvt3VectorAtTheBatchEdgeAndResumeWithoutLoss() {
        final byte[] bytes =
                new RawWords()
                        .type3(0x8, 0)
                        .type3(0x0, 1)
                        .type3(0x3, 0)
                        .type3(0x4, 0xFFF)
                        .type3(0x4, 0xFFF)
                        .bytes();
        final Evt3Decoder decoder = new Evt3Decoder();
        final EventBatch batch = new EventBatch(EventBatch.MIN_CAPACITY);
        final int stop = decoder.decode(bytes, 0, bytes.length, batch);
        assertEquals(12, batch.size(), "the second VECT_12 needs 12 free slots, 4 are left");
        assertEquals(8, stop);
        batch.clear();
        assertEquals(bytes.length, decoder.decode(bytes, stop, bytes.length, batch));
        assertEquals(12, batch.size());
        assertEquals(12, batch.x()[0]);
        assertEquals(23, batch.x()[11]);
    }

    @Test
    void shouldStopAtAnUndefinedEvt2WordAndNameItsOffset() throws IOException {
        final byte[] bytes =
                new RawWords()
                        .header("% evt 2.0")
                        .timeHigh2(1)
                        .cd2(1, 0, 1, 1)
                        .cd2(0, 1, 2, 2)
                        .type2(0x5, 0x1234)
                        .cd2(1, 2, 3, 3)
                        .bytes();
        final Path file = write("bad.raw", bytes);
        try (EventFileReader reader = EventFileReader.open(file)) {
            final EventBatch batch = new EventBatch(64);
            assertEquals(2, reader.read(batch), "the events before the bad word");
            final EventFormatException e =
                    assertThrows(EventFormatException.class, () -> reader.read(batch));
            assertEquals(10 + 12, e.offset());
            assertEquals("undefined EVT 2.0 word type 0x5 (word 0x50001234)", e.reason());
            assertEquals(
                    file + ": byte 22: undefined EVT 2.0 word type 0x5 (word 0x50001234)",
                    e.getMessage());
            assertThrows(
                    EventFormatException.class, () -> reader.read(batch), "and again after that");
        }
    }

    @Test
    void shouldStopAtAnUndefinedEvt3WordAndNameItsOffset() throws IOException {
        final byte[] bytes =
                new RawWords()
                        .header("% evt 3.0")
                        .type3(0x8, 1)
                        .type3(0x0, 1)
                        .type3(0x2, 5)
                        .type3(0x9, 0x001)
                        .type3(0x2, 6)
                        .bytes();
        try (EventFileReader reader = EventFileReader.open(write("bad.raw", bytes))) {
            final EventBatch batch = new EventBatch(64);
            assertEquals(1, reader.read(batch));
            final EventFormatException e =
                    assertThrows(EventFormatException.class, () -> reader.read(batch));
            assertEquals(10 + 6, e.offset());
            assertTrue(e.reason().startsWith("undefined EVT 3.0 word type 0x9"), e.reason());
        }
    }

    @Test
    void shouldReportATruncatedLastWord() throws IOException {
        final byte[] whole = evt3Stream();
        final Path file = write("cut.raw", Arrays.copyOf(whole, whole.length - 1));
        try (EventFileReader reader = EventFileReader.open(file)) {
            final EventBatch batch = new EventBatch(64);
            assertEquals(EVT3_EVENTS.length - 1, reader.read(batch));
            final EventFormatException e =
                    assertThrows(EventFormatException.class, () -> reader.read(batch));
            assertEquals(whole.length - 2, e.offset());
            assertEquals(
                    "truncated: the last 1 byte(s) do not form a whole 2-byte word", e.reason());
        }
    }
}

package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
    @TempDir Path tmp;

    @Test
    void shouldReadBackEveryFrameByteForByteWithItsArrivalTime() throws Exception {
        final Path dir = tmp.resolve("j");
        final List<byte[]> written = new ArrayList<>();
        try (JournalWriter w =
                JournalWriter.create(dir, JournalTestFrames.metadata("S1", "eeg", "aux"))) {
            for (int i = 0; i < 500; i++) {
                final byte[] f =
                        JournalTestFrames.frame(i % 2 == 0 ? "S1/eeg" : "S1/aux", i / 2, 2, 8);
                written.add(f);
                w.append(f, 0, f.length, 1_000_000L + i);
            }
        }
        final List<byte[]> read = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            assertEquals(
                    500,
                    r.readAll(
                            (DirectBuffer b, int o, int l, long t) -> {
                                final byte[] copy = new byte[l];
                                b.getBytes(o, copy);
                                read.add(copy);
                                arrivals.add(t);
                            }));
            assertTrue(r.endReached());
            assertEquals("S1", r.metadata().sessionId);
            assertEquals(List.of("C3", "C4"), r.metadata().streams.get(0).channelLabels);
        }
        for (int i = 0; i < 500; i++) {
            assertArrayEquals(written.get(i), read.get(i), "frame " + i);
            assertEquals(1_000_000L + i, arrivals.get(i));
        }
        final SessionMetadata m = JournalReader.readMetadata(dir);
        assertEquals(500L, m.frames);
        assertNotNull(m.endTimeNs);
    }

    @Test
    void shouldCarryFramesLargerThanAQueueChunkIntact() throws Exception {
        final Path dir = tmp.resolve("big");
        // 384 channels x 1500 samples = 2.3 MB per frame, 40 frames cross several mapped chunks
        final byte[][] frames = new byte[40][];
        try (JournalWriter w = JournalWriter.create(dir, JournalTestFrames.metadata("NP", "ap"))) {
            for (int i = 0; i < frames.length; i++) {
                frames[i] = JournalTestFrames.frame("NP/ap", i, 384, 1500);
                w.append(frames[i], 0, frames[i].length, i);
            }
        }
        final int[] count = {0};
        try (JournalReader r = JournalReader.open(dir)) {
            r.readAll(
                    (b, o, l, t) -> {
                        final byte[] copy = new byte[l];
                        b.getBytes(o, copy);
                        assertArrayEquals(frames[(int) t], copy, "frame " + t);
                        count[0]++;
                    });
        }
        assertEquals(40, count[0]);
    }

    @Test
    void shouldKeepTheKafkaOriginOfAFrameNextToItAndHandOutOnlyTheFrame() throws Exception {
        final Path dir = tmp.resolve("origin");
        final byte[] a = JournalTestFrames.frame("S1/eeg", 0, 2, 8);
        final byte[] b = JournalTestFrames.frame("S1/eeg", 1, 2, 8);
        try (JournalWriter w = JournalWriter.create(dir, JournalTestFrames.metadata("S1", "eeg"))) {
            w.append(
                    a,
                    0,
                    a.length,
                    5,
                    "neuro.raw.eeg".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    1,
                    41L);
            w.append(b, 0, b.length, 6);
        }
        final List<String> seen = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            r.readAll(
                    (buf, o, l, t) -> {
                        final byte[] copy = new byte[l];
                        buf.getBytes(o, copy);
                        assertArrayEquals(t == 5 ? a : b, copy);
                        seen.add(
                                r.hasOrigin()
                                        ? r.originTopic()
                                                + "/"
                                                + r.originPartition()
                                                + "@"
                                                + r.originOffset()
                                        : "-");
                    });
        }
        assertEquals(List.of("neuro.raw.eeg/1@41", "-"), seen);
    }
}

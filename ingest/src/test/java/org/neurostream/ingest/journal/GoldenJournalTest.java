package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal checked in as written by format version 1 must stay readable, frame for frame. */
class GoldenJournalTest {
    @TempDir Path tmp;

    @Test
    void shouldReadTheVersion1GoldenJournalFrameForFrame() throws Exception {
        final Path dir = copyOfGolden();
        final int[] count = {0};
        try (JournalReader r = JournalReader.open(dir)) {
            final SessionMetadata m = r.metadata();
            assertEquals(1, m.version);
            assertEquals("G1", m.sessionId);
            assertEquals(GoldenJournal.START_TIME_NS, m.startTimeNs);
            assertEquals("2001-09-09T01:46:39Z", m.startTime);
            assertEquals(List.of("eeg.edf", "aux.edf"), m.sourceFiles);
            assertEquals(
                    List.of("G1/eeg", "G1/aux"), m.streams.stream().map(s -> s.streamId).toList());
            assertEquals(160.0, m.streams.get(1).sampleRate, 0.0);
            assertEquals(40L, m.frames);
            assertEquals(
                    40,
                    r.readAll(
                            (b, o, l, t) -> {
                                final int i = count[0]++;
                                final byte[] copy = new byte[l];
                                b.getBytes(o, copy);
                                assertArrayEquals(GoldenJournal.frame(i), copy, "frame " + i);
                                assertEquals(
                                        GoldenJournal.ARRIVAL_BASE + i * 1_000_000L,
                                        t,
                                        "arrival of frame " + i);
                            }));
            assertTrue(r.endReached());
        }
        assertEquals(GoldenJournal.FRAMES, count[0]);
    }

    private Path copyOfGolden() throws Exception {
        final Path golden =
                Path.of(
                                GoldenJournalTest.class
                                        .getResource("/journal/golden-v1/journal.json")
                                        .toURI())
                        .getParent();
        final Path dir = Files.createDirectories(tmp.resolve("golden-v1"));
        try (Stream<Path> files = Files.list(golden)) {
            for (final Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}

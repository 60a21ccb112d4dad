package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalBadInputTest {
    @TempDir Path tmp;

    private Path journal(final String name, final int frames) throws Exception {
        final Path dir = tmp.resolve(name);
        try (JournalWriter w = JournalWriter.create(dir, JournalTestFrames.metadata("S1", "eeg"))) {
            for (int i = 0; i < frames; i++) {
                final byte[] f = JournalTestFrames.frame("S1/eeg", i, 64, 8);
                w.append(f, 0, f.length, i);
            }
        }
        return dir;
    }

    @Test
    void shouldDeliverTheReadablePartOfATruncatedJournalThenNameIt() throws Exception {
        final Path dir = journal("cut", 1000);
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path p : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(600_000);
                }
            }
        }
        final long[] sequences = {0, -1};
        try (JournalReader r = JournalReader.open(dir)) {
            final JournalTruncatedException e =
                    assertThrows(
                            JournalTruncatedException.class,
                            () ->
                                    r.readAll(
                                            (b, o, l, t) -> {
                                                // frames come in order, none skipped
                                                assertEquals(sequences[1] + 1, t);
                                                sequences[1] = t;
                                                sequences[0]++;
                                            }));
            // 2120-byte documents: about 280 fit into 600 kB after Chronicle's header and index
            assertTrue(e.framesRead() > 200 && e.framesRead() < 300, "read " + e.framesRead());
            assertEquals(sequences[0], e.framesRead());
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    dir + ": journal truncated: " + e.framesRead() + " of 1000"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRefuseAJournalFromANewerFormatVersionNamingIt() throws Exception {
        final Path dir = journal("newer", 3);
        final Path meta = dir.resolve(JournalFormat.METADATA_FILE);
        Files.writeString(
                meta, Files.readString(meta).replace("\"version\" : 1", "\"version\" : 3"));
        final JournalFormatException e =
                assertThrows(JournalFormatException.class, () -> JournalReader.open(dir));
        assertEquals(
                dir
                        + ": journal format version 3 is newer than this NeuroStream reads (up to 2);"
                        + " read it with a newer NeuroStream",
                e.getMessage());
    }

    @Test
    void shouldRefuseAFolderThatIsNotAJournal() throws Exception {
        final Path dir = Files.createDirectories(tmp.resolve("plain"));
        JournalFormatException e =
                assertThrows(JournalFormatException.class, () -> JournalReader.open(dir));
        assertEquals(dir + ": not a NeuroStream journal (no journal.json)", e.getMessage());

        Files.writeString(dir.resolve("journal.json"), "{\"hello\": ", StandardCharsets.UTF_8);
        e = assertThrows(JournalFormatException.class, () -> JournalReader.open(dir));
        assertTrue(
                e.getMessage().startsWith(dir + ": not a NeuroStream journal (journal.json is not"),
                e.getMessage());

        Files.writeString(
                dir.resolve("journal.json"),
                "{\"format\": \"something-else\"}",
                StandardCharsets.UTF_8);
        e = assertThrows(JournalFormatException.class, () -> JournalReader.open(dir));
        assertEquals(
                dir + ": not a NeuroStream journal (format 'something-else' in journal.json)",
                e.getMessage());

        e =
                assertThrows(
                        JournalFormatException.class,
                        () -> JournalReader.open(tmp.resolve("absent")));
        assertEquals(tmp.resolve("absent") + ": no such folder", e.getMessage());
    }

    @Test
    void shouldReadAJournalWhoseRecorderNeverClosedItWithoutComplaint() throws Exception {
        final Path dir = tmp.resolve("open");
        final JournalWriter w = JournalWriter.create(dir, JournalTestFrames.metadata("S1", "eeg"));
        for (int i = 0; i < 10; i++) {
            final byte[] f = JournalTestFrames.frame("S1/eeg", i, 4, 8);
            w.append(f, 0, f.length, i);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            assertEquals(10, r.readAll((b, o, l, t) -> {}));
            assertFalse(r.endReached());
            assertFalse(r.recorderClosed());
            // tailing: what the recorder appends next shows up on the next poll
            final byte[] f = JournalTestFrames.frame("S1/eeg", 10, 4, 8);
            w.append(f, 0, f.length, 10);
            final long[] last = {-1};
            assertEquals(1, r.poll((b, o, l, t) -> last[0] = t, 100));
            assertEquals(10, last[0]);
            w.close();
            assertEquals(0, r.poll((b, o, l, t) -> {}, 100));
            assertTrue(r.endReached());
            assertTrue(r.recorderClosed());
            r.checkWhole();
        }
    }

    @Test
    void shouldRefuseToRecordOverAnExistingJournal() throws Exception {
        final Path dir = journal("twice", 1);
        final Exception e =
                assertThrows(
                        java.io.IOException.class,
                        () -> JournalWriter.create(dir, JournalTestFrames.metadata("S1", "eeg")));
        assertEquals(dir + ": holds a journal already; record into a new folder", e.getMessage());
    }
}

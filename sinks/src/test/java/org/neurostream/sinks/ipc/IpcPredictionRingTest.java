package org.neurostream.sinks.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.time.WallClock;

class IpcPredictionRingTest {
    @TempDir Path dir;

    private static PredictionRecord prediction(
            final String stream, final long start, final String label, final double p) {
        final PredictionRecord pr = new PredictionRecord();
        pr.streamId = stream;
        pr.seq = 40 + start % 1000;
        pr.startNs = start;
        pr.endNs = start + 2_000_000_000L;
        pr.ingestNs = 1_700_000_000_000_000_000L + start;
        pr.model = "motor-imagery";
        pr.label = label;
        pr.probability = p;
        return pr;
    }

    private static List<String> drain(final IpcPredictionReader reader) {
        final IpcPredictionDecoder d = new IpcPredictionDecoder();
        final List<String> got = new ArrayList<>();
        do {
            reader.poll(
                    (buffer, offset, length) -> {
                        d.wrap(buffer, offset, length);
                        got.add(
                                d.sequence()
                                        + "|"
                                        + d.streamId()
                                        + "|"
                                        + d.streamSeq()
                                        + "|"
                                        + d.startNs()
                                        + "|"
                                        + d.endNs()
                                        + "|"
                                        + d.ingestNs()
                                        + "|"
                                        + d.model()
                                        + "|"
                                        + d.label()
                                        + "|"
                                        + d.probability());
                    });
        } while (reader.backlogBytes() > 0);
        return got;
    }

    @Test
    void shouldReadBackEveryFieldInOrderInTheSameProcess() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            assertTrue(w.offer(prediction("s01/eeg", 0, "left", 0.25)));
            assertTrue(w.offer(prediction("s01/eeg", 1_000_000_000L, "right", 0.875)));
            assertTrue(w.offer(prediction("s02/ü-Ω-😀", 7, "öffnen", 1.0)));
            assertEquals(
                    List.of(
                            "0|s01/eeg|40|0|2000000000|1700000000000000000|motor-imagery|left|0.25",
                            "1|s01/eeg|40|1000000000|3000000000|1700000001000000000|motor-imagery|right|0.875",
                            "2|s02/ü-Ω-😀|47|7|2000000007|1700000000000000007|motor-imagery|öffnen|1.0"),
                    drain(r));
            assertEquals(List.of(), drain(r));
            assertEquals(3, r.written());
            assertEquals(0, r.dropped());
        }
    }

    @Test
    void shouldStampEmissionTimeBetweenOfferAndRead() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            final long before = WallClock.epochNanos();
            final long beforeMono = System.nanoTime();
            w.offer(prediction("s", 0, "a", 0.5));
            final long[] emit = new long[2];
            final IpcPredictionDecoder d = new IpcPredictionDecoder();
            r.poll(
                    (b, o, l) -> {
                        d.wrap(b, o, l);
                        emit[0] = d.emitNs();
                        emit[1] = d.emitMonotonicNs();
                    });
            final long afterMono = System.nanoTime();
            final long after = WallClock.epochNanos();
            assertTrue(
                    emit[0] >= before && emit[0] <= after,
                    "emission stamp " + emit[0] + " outside [" + before + ", " + after + "]");
            assertTrue(
                    emit[1] >= beforeMono && emit[1] <= afterMono,
                    "monotonic stamp "
                            + emit[1]
                            + " outside ["
                            + beforeMono
                            + ", "
                            + afterMono
                            + "]");
        }
    }

    @Test
    void shouldWriteNullStringsAsEmpty() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            w.offer(null, 9, 1, 2, 3, null, null, 0.5);
            assertEquals(List.of("0||9|1|2|3|||0.5"), drain(r));
        }
    }

    @Test
    void shouldDropAndCountWithoutBlockingWhenTheRingIsFull() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file, 4096);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            final int[] accepted = {0};
            // 100 k offers into a 4 KiB ring nobody reads: must return promptly, not wait.
            assertTimeoutPreemptively(
                    Duration.ofSeconds(5),
                    () -> {
                        for (int i = 0; i < 100_000; i++) {
                            if (w.offer(prediction("s01/eeg", i, "left", 0.5))) {
                                accepted[0]++;
                            }
                        }
                    });
            // Each record is 8 (ring header) + 72 + 7 + 13 + 4 = 104 bytes: 39 fit in 4096.
            assertEquals(39, accepted[0]);
            assertEquals(39, w.written());
            assertEquals(100_000 - 39, w.dropped());
            assertEquals(100_000 - 39, r.dropped());
            assertEquals(39, drain(r).size());
            assertTrue(w.offer(prediction("s01/eeg", 5, "after", 0.5)));
            // The record after the drops carries the sequence of the 100 001st offer: a visible
            // gap.
            assertTrue(drain(r).get(0).startsWith("100000|"));
        }
    }

    @Test
    void shouldDropARecordLongerThanTheRingTakes() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file, 1024)) {
            assertFalse(w.offer(prediction("x".repeat(w.maxRecordLength()), 0, "a", 0.5)));
            assertEquals(1, w.dropped());
            assertEquals(0, w.written());
        }
    }

    @Test
    void shouldContinueSequenceWhenAWriterReopensTheFile() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionReader ignored = openWriterThenReader(file);
                IpcPredictionWriter again = IpcPredictionWriter.open(file, 1 << 16);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            again.offer(prediction("s", 9, "b", 0.5));
            final List<String> got = drain(r);
            assertEquals(2, got.size());
            assertTrue(got.get(0).startsWith("0|"));
            assertTrue(got.get(1).startsWith("1|s|49|9|"));
        }
    }

    private static IpcPredictionReader openWriterThenReader(final Path file) throws Exception {
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file, 1 << 16)) {
            w.offer(prediction("s", 1, "a", 0.5));
        }
        return IpcPredictionReader.open(file);
    }

    @Test
    void shouldSkipTheBacklogOnRequest() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file);
                IpcPredictionReader r = IpcPredictionReader.open(file)) {
            w.offer(prediction("old", 1, "a", 0.5));
            w.offer(prediction("old", 2, "a", 0.5));
            assertEquals(2, r.discardBacklog());
            w.offer(prediction("new", 3, "a", 0.5));
            assertEquals(
                    List.of("2|new|43|3|2000000003|1700000000000000003|motor-imagery|a|0.5"),
                    drain(r));
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAnIpcFileByName() throws Exception {
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "x".repeat(4096), StandardCharsets.US_ASCII);
        final IpcFormatException e =
                assertThrows(IpcFormatException.class, () -> IpcPredictionReader.open(text));
        assertEquals(
                text
                        + " is not a NeuroStream IPC file: magic 0x78787878 where 'NSIP' was"
                        + " expected",
                e.getMessage());
        // A writer never overwrites a file that is not its own.
        assertThrows(IpcFormatException.class, () -> IpcPredictionWriter.open(text, 4096));
        assertEquals("x".repeat(4096), Files.readString(text));
    }

    @Test
    void shouldRefuseAFileShorterThanTheHeader() throws Exception {
        final Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[10]);
        final IpcFormatException e =
                assertThrows(IpcFormatException.class, () -> IpcPredictionReader.open(tiny));
        assertTrue(
                e.getMessage().contains("10 bytes, shorter than the 128-byte header"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnotherVersion() throws Exception {
        final Path file = dir.resolve("p.ipc");
        IpcPredictionWriter.open(file, 4096).close();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[IpcDescriptor.VERSION_OFFSET] = 9;
        Files.write(file, bytes);
        final IpcFormatException e =
                assertThrows(IpcFormatException.class, () -> IpcPredictionReader.open(file));
        assertTrue(
                e.getMessage().endsWith("version 9; this build reads version 2"), e.getMessage());
    }

    @Test
    void shouldRefuseToContinueAFileOfAnotherCapacity() throws Exception {
        final Path file = dir.resolve("p.ipc");
        IpcPredictionWriter.open(file, 4096).close();
        final IpcFormatException e =
                assertThrows(IpcFormatException.class, () -> IpcPredictionWriter.open(file, 8192));
        assertTrue(
                e.getMessage().contains("ring of 4096 bytes, not the 8192 asked for"),
                e.getMessage());
    }

    @Test
    void shouldReportAMissingFileAsMissing() {
        assertThrows(
                NoSuchFileException.class,
                () -> IpcPredictionReader.open(dir.resolve("absent.ipc")));
    }
}

package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.sinks.ipc.IpcPredictionWriter;

class TailIpcCommandTest {
    @TempDir Path dir;

    private static final Pattern LINE =
            Pattern.compile(
                    "stream=s01/eeg seq=(\\d+) interval=\\[(\\d+\\.\\d{3}),"
                            + " (\\d+\\.\\d{3})\\) s label=(\\w+) p=(\\d\\.\\d{4}) latency_us=\\d+\\.\\d");

    @Test
    void shouldPrintOneLinePerPredictionAndStopAfterCount() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file)) {
            w.offer("s01/eeg", 0, 12_000_000_000L, 14_000_000_000L, 0, "m", "left", 0.73101);
            w.offer("s01/eeg", 1, 13_000_000_000L, 15_000_000_000L, 0, "m", "right", 0.25);
            w.offer("s01/eeg", 2, 14_000_000_000L, 16_000_000_000L, 0, "m", "left", 0.5);
        }
        final CommandRun run =
                CommandRun.of("tail-ipc", file.toString(), "--count", "2", "--timeout", "20s");
        assertEquals(0, run.exitCode(), run.err());
        final String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        final var first = LINE.matcher(lines[0]);
        assertTrue(first.matches(), lines[0]);
        assertEquals("0", first.group(1));
        assertEquals("12.000", first.group(2));
        assertEquals("14.000", first.group(3));
        assertEquals("left", first.group(4));
        assertEquals("0.7310", first.group(5));
        assertTrue(lines[1].contains("seq=1 interval="), lines[1]);
        assertTrue(lines[1].contains("label=right p=0.2500"), lines[1]);
    }

    @Test
    void shouldMarkWhereTheWriterDropped() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file, 1024)) {
            int written = 0;
            while (w.offer("s01/eeg", 0, 0, 1, 0, "m", "a", 0.5)) {
                written++;
            }
            // The loop's last offer was dropped; one more makes a gap of two.
            assertFalse(w.offer("s01/eeg", 0, 0, 1, 0, "m", "a", 0.5));
            final int expected = written + 1;
            final CommandRun[] run = new CommandRun[1];
            final Thread tail =
                    new Thread(
                            () ->
                                    run[0] =
                                            CommandRun.of(
                                                    "tail-ipc",
                                                    file.toString(),
                                                    "--count",
                                                    Integer.toString(expected),
                                                    "--timeout",
                                                    "20s"));
            tail.start();
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (w.backlogBytes() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(w.offer("s01/eeg", 0, 0, 1, 0, "m", "after", 0.5));
            tail.join();
            assertEquals(0, run[0].exitCode(), run[0].err());
            final String[] lines = run[0].out().split("\n");
            assertEquals(written + 2, lines.length, run[0].out());
            assertEquals("gap: 2 dropped by the writer", lines[written]);
            assertTrue(lines[written + 1].contains("label=after"), lines[written + 1]);
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAnIpcFileWithExitTwo() throws Exception {
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello".repeat(100));
        final CommandRun run = CommandRun.of("tail-ipc", text.toString(), "--timeout", "5s");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not a NeuroStream IPC file"), run.err());
    }

    @Test
    void shouldExitThreeWhenFewerThanCountArriveBeforeTheTimeout() throws Exception {
        final Path file = dir.resolve("p.ipc");
        try (IpcPredictionWriter w = IpcPredictionWriter.open(file)) {
            w.offer("s01/eeg", 0, 0, 1, 0, "m", "a", 0.5);
        }
        final CommandRun run =
                CommandRun.of("tail-ipc", file.toString(), "--count", "5", "--timeout", "300ms");
        assertEquals(3, run.exitCode());
        assertEquals(1, run.out().split("\n").length, run.out());
    }
}

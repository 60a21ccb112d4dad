package org.neurostream.sinks.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpcCrossProcessTest {
    private static final int COUNT = 5000;

    @Test
    void shouldDeliverEveryPredictionInOrderToAReaderInAnotherProcess(@TempDir final Path dir)
            throws Exception {
        final Path file = dir.resolve("predictions.ipc");
        try (IpcPredictionWriter writer = IpcPredictionWriter.open(file, 1 << 16)) {
            final Process reader = startReader(file);
            try {
                final BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(
                                        reader.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine());
                // The other process's output is collected on its own thread: a full pipe would
                // stop the reader and then the ring.
                final List<String> lines =
                        java.util.Collections.synchronizedList(new ArrayList<>());
                final Thread collector =
                        new Thread(
                                () -> {
                                    try {
                                        for (String line = out.readLine();
                                                line != null;
                                                line = out.readLine()) {
                                            lines.add(line);
                                        }
                                    } catch (final java.io.IOException e) {
                                        lines.add("collector: " + e);
                                    }
                                });
                collector.start();
                // The 64 KiB ring holds about 700 records: every record arriving means the other
                // process read while this one wrote. Waiting for room keeps the writer from
                // dropping.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int i = 0; i < COUNT; i++) {
                    while (writer.backlogBytes() > writer.capacity() / 2) {
                        assertTrue(
                                System.nanoTime() < deadline, "the reader stopped reading at " + i);
                        Thread.onSpinWait();
                    }
                    assertTrue(
                            writer.offer(
                                    "s01/stream-" + (i % 7),
                                    i / 7,
                                    1_000L * i,
                                    1_000L * i + 500,
                                    42L + i,
                                    "decoder-α",
                                    i % 3 == 0 ? "left" : "right",
                                    i / (double) COUNT),
                            "dropped prediction " + i);
                }
                assertTrue(reader.waitFor(60, TimeUnit.SECONDS), "reader process did not end");
                collector.join(10_000);
                assertEquals(0, reader.exitValue(), "reader exit status; output " + tail(lines));
                assertEquals(COUNT + 1, lines.size());
                for (int i = 0; i < COUNT; i++) {
                    assertEquals(expectedLine(i), lines.get(i));
                }
                assertEquals("dropped 0", lines.get(COUNT));
            } finally {
                reader.destroyForcibly();
            }
            assertEquals(COUNT, writer.written());
            assertEquals(0, writer.dropped());
        }
    }

    private static String expectedLine(final int i) {
        return String.format(
                Locale.ROOT,
                "%d %s %d %s %s %s %d %d %d",
                i,
                "s01/stream-" + (i % 7),
                i / 7,
                "decoder-α",
                i % 3 == 0 ? "left" : "right",
                Double.toString(i / (double) COUNT),
                1_000L * i,
                1_000L * i + 500,
                42L + i);
    }

    private static Process startReader(final Path file) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-")) {
                command.add(arg);
            }
        }
        command.add("-Xmx64m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IpcReaderProcess.class.getName());
        command.add(file.toString());
        command.add(Integer.toString(COUNT));
        command.add("60000");
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String tail(final List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 3), lines.size()).toString();
    }
}

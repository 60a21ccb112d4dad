package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neurostream.ingest.journal.JournalReader;

/**
 * {@code neurostream record} in a JVM of its own (this JVM's flags and class path), for the tests
 * that kill or stop a recorder, and a wait for its journal to hold enough frames.
 */
final class RecorderProcess {
    private RecorderProcess() {}

    /** Starts {@code neurostream record <args>}, its stdout and stderr into {@code log}. */
    static Process start(final Path log, final String... args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent"))
                        .toList());
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.neurostream.deploy.cli.NeuroStreamCli",
                        "record"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits up to 60 s for {@code journal} to hold {@code frames} frames; fails otherwise. */
    static void awaitFrames(final Path journal, final long frames, final Process recorder)
            throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && recorder.isAlive()) {
            if (Files.isRegularFile(journal.resolve("journal.json"))) {
                try (JournalReader r = JournalReader.open(journal)) {
                    if (r.readAll((b, o, l, t) -> {}) >= frames) {
                        return;
                    }
                } catch (final Exception e) {
                    // the queue may not exist yet
                }
            }
            Thread.sleep(50);
        }
        fail(
                "the recorder did not journal "
                        + frames
                        + " frames in time (alive: "
                        + recorder.isAlive()
                        + ")");
    }
}

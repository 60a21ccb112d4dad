package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurostream.deploy.replay.ReplayParity.DATA;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --backend opencl} gives the motif detections of {@code replay --backend cpu}, one
 * for one: two event-camera streams and the spikes of a calcium session, their bins decided in
 * launches shared by the streams of each subtask (on one subtask and on two). Without suppression
 * every detection's bin and motif equal, its potential within 1e-4 relative (float32 on the
 * device); with the shipped models' suppression (potentials recomputed exactly on the host) every
 * file equal to the byte, and the log shows both motif operators on the device. On PoCL's CPU
 * device here and in CI.
 */
class ReplayMotifOpenClParityIT {
    private static final double TOLERANCE = 1e-4;

    @TempDir Path tmp;

    /** Two event cameras and a calcium session, recorded into a journal. */
    private Path journal() throws Exception {
        final Path secondCamera = tmp.resolve("moving-bars-b.raw");
        Files.copy(DATA.resolve("dvs/moving-bars.raw"), secondCamera);
        return ReplayParity.record(
                tmp.resolve("journal"),
                DATA.resolve("dvs/moving-bars.raw"),
                secondCamera,
                DATA.resolve("calcium/synthetic-gcamp.npy"));
    }

    @Test
    void shouldRunTheShippedSuppressionModelsOnOpenClWithTheDetectionsOfTheCpu() throws Exception {
        ReplayParity.requireOpenCl();
        final Path journal = journal();
        final String[] models = {
            "--motif-model",
            DATA.resolve("models/moving-bars.json").toString(),
            "--calcium-motif-model",
            DATA.resolve("models/calcium-bursts.json").toString()
        };
        final Path cpu = ReplayParity.replay(journal, tmp.resolve("cpu"), "cpu", 1, models);
        final List<String> files = ReplayParity.list(cpu);
        for (final String stream :
                List.of("moving-bars_dvs", "moving-bars-b_dvs", "synthetic-gcamp_calcium")) {
            final Path motifs = cpu.resolve("motifs_" + stream + ".csv");
            assertTrue(files.contains(motifs.getFileName().toString()), files.toString());
            assertTrue(
                    Files.readAllLines(motifs).size() > 10, "detections to compare in " + motifs);
        }
        for (final int parallelism : new int[] {1, 2}) {
            final List<String> log = new ArrayList<>();
            final Path openCl =
                    logged(
                            log,
                            () ->
                                    ReplayParity.replay(
                                            journal,
                                            tmp.resolve("opencl-" + parallelism),
                                            "opencl",
                                            parallelism,
                                            models));
            // both motif operators chose the device, suppression on the host, and none failed
            for (final int radius : new int[] {3, 4}) {
                assertTrue(
                        log.stream()
                                .anyMatch(
                                        l ->
                                                l.startsWith(
                                                                "motif backend: requested opencl,"
                                                                        + " using opencl")
                                                        && l.contains(
                                                                "suppression radius "
                                                                        + radius
                                                                        + " on the host")),
                        "radius " + radius + " on the device: " + log);
            }
            assertTrue(
                    log.stream()
                            .noneMatch(
                                    l ->
                                            l.startsWith(
                                                            "motif backend: requested opencl, using cpu")
                                                    || l.contains("opencl motif detection failed")),
                    log.toString());
            assertEquals(files, ReplayParity.list(openCl), openCl.toString());
            for (final String f : files) {
                assertArrayEquals(
                        Files.readAllBytes(cpu.resolve(f)),
                        Files.readAllBytes(openCl.resolve(f)),
                        openCl + "/" + f);
            }
        }
    }

    /** A replay whose output folder it returns. */
    private interface Replay {
        Path run() throws Exception;
    }

    /**
     * Runs {@code replay} with NeuroStream's log messages (INFO and above) added to {@code log}.
     */
    private static Path logged(final List<String> log, final Replay replay) throws Exception {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        final AbstractAppender appender =
                new AbstractAppender("motif-parity", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(final LogEvent event) {
                        lines.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        final LoggerConfig config = context.getConfiguration().getLoggerConfig("org.neurostream");
        config.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        try {
            return replay.run();
        } finally {
            config.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
            synchronized (lines) {
                log.addAll(lines);
            }
        }
    }

    @Test
    void shouldDetectOnOpenClInSharedLaunchesTheMotifsOfTheCpu() throws Exception {
        ReplayParity.requireOpenCl();
        final Path journal = journal();
        final Path models = tmp.resolve("models");
        final String[] onDevice = {
            "--motif-model",
            ReplayParity.withoutSuppression(DATA.resolve("models/moving-bars.json"), models)
                    .toString(),
            "--calcium-motif-model",
            ReplayParity.withoutSuppression(DATA.resolve("models/calcium-bursts.json"), models)
                    .toString()
        };

        final Path cpu = ReplayParity.replay(journal, tmp.resolve("cpu"), "cpu", 1, onDevice);
        final List<String> files = ReplayParity.list(cpu);
        for (final String stream :
                List.of("moving-bars_dvs", "moving-bars-b_dvs", "synthetic-gcamp_calcium")) {
            final Path motifs = cpu.resolve("motifs_" + stream + ".csv");
            assertTrue(files.contains(motifs.getFileName().toString()), files.toString());
            assertTrue(
                    Files.readAllLines(motifs).size() > 10, "detections to compare in " + motifs);
        }

        for (final Path openCl :
                List.of(
                        ReplayParity.replay(journal, tmp.resolve("opencl"), "opencl", 1, onDevice),
                        ReplayParity.replay(
                                journal, tmp.resolve("opencl-2"), "opencl", 2, onDevice))) {
            assertEquals(files, ReplayParity.list(openCl), openCl.toString());
            for (final String f : files) {
                if (f.startsWith("motifs_")) {
                    ReplayParity.assertWithinTolerance(
                            cpu.resolve(f), openCl.resolve(f), TOLERANCE, "potential");
                } else {
                    assertArrayEquals(
                            Files.readAllBytes(cpu.resolve(f)),
                            Files.readAllBytes(openCl.resolve(f)),
                            openCl + "/" + f);
                }
            }
        }
    }
}

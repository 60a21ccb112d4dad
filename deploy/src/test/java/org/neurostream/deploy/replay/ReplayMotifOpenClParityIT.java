package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurostream.deploy.replay.ReplayParity.DATA;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.MotifBackendLog;

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

    /** The files of the cpu run {@code cpu}, after checking every stream has detections. */
    private static List<String> detectionFiles(final Path cpu) throws Exception {
        final List<String> files = ReplayParity.list(cpu);
        for (final String stream :
                List.of("moving-bars_dvs", "moving-bars-b_dvs", "synthetic-gcamp_calcium")) {
            final Path motifs = cpu.resolve("motifs_" + stream + ".csv");
            assertTrue(files.contains(motifs.getFileName().toString()), files.toString());
            assertTrue(
                    Files.readAllLines(motifs).size() > 10, "detections to compare in " + motifs);
        }
        return files;
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
        final List<String> files = detectionFiles(cpu);
        for (final int parallelism : new int[] {1, 2}) {
            final Path openCl;
            try (MotifBackendLog log = MotifBackendLog.open()) {
                openCl =
                        ReplayParity.replay(
                                journal,
                                tmp.resolve("opencl-" + parallelism),
                                "opencl",
                                parallelism,
                                models);
                // both motif operators on the device, suppression on the host, none failed
                log.assertMotifOnDeviceWithSuppression(3);
                log.assertMotifOnDeviceWithSuppression(4);
            }
            assertEquals(files, ReplayParity.list(openCl), openCl.toString());
            for (final String f : files) {
                assertArrayEquals(
                        Files.readAllBytes(cpu.resolve(f)),
                        Files.readAllBytes(openCl.resolve(f)),
                        openCl + "/" + f);
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
        final List<String> files = detectionFiles(cpu);

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

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

/**
 * {@code replay --backend opencl} with motif models that run on the device (no suppression) gives
 * the motif detections of {@code replay --backend cpu}, one for one: two event-camera streams and
 * the spikes of a calcium session, their bins decided in launches shared by the streams of each
 * subtask (on one subtask and on two). Every detection's bin and motif equal, its potential within
 * 1e-4 relative (float32 on the device); every other file equal to the byte. On PoCL's CPU device
 * here and in CI.
 */
class ReplayMotifOpenClParityIT {
    private static final double TOLERANCE = 1e-4;

    @TempDir Path tmp;

    @Test
    void shouldDetectOnOpenClInSharedLaunchesTheMotifsOfTheCpu() throws Exception {
        ReplayParity.requireOpenCl();
        final Path secondCamera = tmp.resolve("moving-bars-b.raw");
        Files.copy(DATA.resolve("dvs/moving-bars.raw"), secondCamera);
        final Path journal =
                ReplayParity.record(
                        tmp.resolve("journal"),
                        DATA.resolve("dvs/moving-bars.raw"),
                        secondCamera,
                        DATA.resolve("calcium/synthetic-gcamp.npy"));
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

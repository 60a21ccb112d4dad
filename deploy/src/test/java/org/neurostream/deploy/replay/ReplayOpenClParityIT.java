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
 * {@code replay --backend opencl} (band power batched over the streams and channel groups of each
 * subtask, motifs on the device) gives the records of {@code replay --backend cpu}: the same files
 * with the same rows, band powers within the parity tolerance (1e-4 relative) and everything else
 * (motif detections, avalanches, predictions, the entropy, every key and time) equal to the byte.
 * On PoCL's CPU device here and in CI.
 */
class ReplayOpenClParityIT {
    private static final double TOLERANCE = 1e-4;

    @TempDir Path tmp;

    @Test
    void shouldReplayOnOpenClTheRecordsOfTheCpu() throws Exception {
        ReplayParity.requireOpenCl();
        final Path journal =
                ReplayParity.record(
                        tmp.resolve("journal"),
                        DATA.resolve("eeg/S001R01.edf"),
                        DATA.resolve("eeg/S001R04.edf"),
                        DATA.resolve("dvs/moving-bars.raw"));

        final Path cpu = replay(journal, "cpu", 1, "cpu");
        final List<String> files = ReplayParity.list(cpu);
        assertTrue(files.contains("features_S001R04_eeg.csv"), files.toString());
        assertTrue(files.contains("motifs_moving-bars_dvs.csv"), files.toString());
        assertTrue(
                Files.readAllLines(cpu.resolve("motifs_moving-bars_dvs.csv")).size() > 10,
                "motif detections to compare");

        for (final Path openCl :
                List.of(
                        replay(journal, "opencl", 1, "opencl"),
                        // 64 channels in groups of 24, 24 and 16 over two subtasks
                        replay(journal, "opencl", 2, "opencl-groups", "--channel-group", "24"))) {
            assertEquals(files, ReplayParity.list(openCl), openCl.toString());
            int rounded = 0;
            for (final String f : files) {
                final byte[] expected = Files.readAllBytes(cpu.resolve(f));
                final byte[] actual = Files.readAllBytes(openCl.resolve(f));
                if (f.startsWith("features_")) {
                    rounded +=
                            ReplayParity.assertWithinTolerance(
                                    cpu.resolve(f), openCl.resolve(f), TOLERANCE);
                } else {
                    assertArrayEquals(expected, actual, openCl + "/" + f);
                }
            }
            // float32 on the device: some band power differs in rounding, or the cpu ran it
            assertTrue(rounded > 0, "no band power of " + openCl + " differs from the cpu's");
        }
    }

    private Path replay(
            final Path journal,
            final String backend,
            final int parallelism,
            final String name,
            final String... more) {
        final String[] args =
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(
                                        "--model",
                                        DATA.resolve("models/rest-vs-imagery.json").toString(),
                                        "--motif-model",
                                        DATA.resolve("models/moving-bars.json").toString()),
                                java.util.stream.Stream.of(more))
                        .toArray(String[]::new);
        return ReplayParity.replay(journal, tmp.resolve("out-" + name), backend, parallelism, args);
    }
}

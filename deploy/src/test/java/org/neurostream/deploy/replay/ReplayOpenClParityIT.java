package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.operators.compute.OpenClDevices;

/**
 * {@code replay --backend opencl} (band power batched over the streams and channel groups of each
 * subtask, motifs on the device) gives the records of {@code replay --backend cpu}: the same files
 * with the same rows, band powers within the parity tolerance (1e-4 relative) and everything else
 * (motif detections, avalanches, predictions, the entropy, every key and time) equal to the byte.
 * On PoCL's CPU device here and in CI.
 */
class ReplayOpenClParityIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path DATA = HOME.resolve("replay-data");
    private static final double TOLERANCE = 1e-4;

    @TempDir Path tmp;

    @Test
    void shouldReplayOnOpenClTheRecordsOfTheCpu() throws Exception {
        // CI installs PoCL: there a missing OpenCL device is a failure, elsewhere a reason to skip
        assumeTrue(
                !OpenClDevices.all().isEmpty() || System.getenv("CI") != null,
                "skipped: no OpenCL device (install pocl-opencl-icd): "
                        + OpenClDevices.absenceReason());
        final Path journal = tmp.resolve("journal");
        final CliRun recorded =
                CliRun.of(
                        "record",
                        "--input",
                        DATA.resolve("eeg/S001R01.edf").toString(),
                        DATA.resolve("eeg/S001R04.edf").toString(),
                        DATA.resolve("dvs/moving-bars.raw").toString(),
                        "--journal",
                        journal.toString(),
                        "--speed",
                        "max");
        assertEquals(0, recorded.exitCode(), recorded.err());

        final Path cpu = replay(journal, "cpu", 1, "cpu");
        final List<String> files = list(cpu);
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
            assertEquals(files, list(openCl), openCl.toString());
            int rounded = 0;
            for (final String f : files) {
                final byte[] expected = Files.readAllBytes(cpu.resolve(f));
                final byte[] actual = Files.readAllBytes(openCl.resolve(f));
                if (f.startsWith("features_")) {
                    rounded += assertWithinTolerance(cpu.resolve(f), openCl.resolve(f));
                } else {
                    assertArrayEquals(expected, actual, openCl + "/" + f);
                }
            }
            // float32 on the device: some band power differs in rounding, or the cpu ran it
            assertTrue(rounded > 0, "no band power of " + openCl + " differs from the cpu's");
        }
    }

    /**
     * Asserts the two CSV files have the same rows and fields, numbers within the tolerance;
     * returns how many numbers differ at all.
     */
    private static int assertWithinTolerance(final Path expected, final Path actual)
            throws Exception {
        final List<String> a = Files.readAllLines(expected);
        final List<String> b = Files.readAllLines(actual);
        assertEquals(a.size(), b.size(), "rows of " + actual);
        assertEquals(a.get(0), b.get(0), "header of " + actual);
        final String[] header = a.get(0).split(",", -1);
        int differ = 0;
        for (int row = 1; row < a.size(); row++) {
            final String[] x = a.get(row).split(",", -1);
            final String[] y = b.get(row).split(",", -1);
            assertEquals(x.length, y.length, actual + " row " + row);
            for (int i = 0; i < x.length; i++) {
                if (x[i].equals(y[i])) {
                    continue;
                }
                differ++;
                final double u = number(x[i], actual, row, header[i]);
                final double v = number(y[i], actual, row, header[i]);
                if (Math.abs(u - v) > TOLERANCE * Math.max(Math.abs(u), Math.abs(v))) {
                    fail(actual + " row " + row + " " + header[i] + ": cpu " + u + ", " + v);
                }
            }
        }
        return differ;
    }

    private static double number(
            final String field, final Path file, final int row, final String column) {
        try {
            return Double.parseDouble(field);
        } catch (final NumberFormatException e) {
            throw new AssertionError(file + " row " + row + " " + column + " differs: " + field);
        }
    }

    private Path replay(
            final Path journal,
            final String backend,
            final int parallelism,
            final String name,
            final String... more) {
        final Path out = tmp.resolve("out-" + name);
        final List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--journal",
                                journal.toString(),
                                "--backend",
                                backend,
                                "--parallelism",
                                Integer.toString(parallelism),
                                // the descriptors run on the CPU alone, whatever the backend
                                "-D",
                                "neurostream.descriptors=false",
                                "--model",
                                DATA.resolve("models/rest-vs-imagery.json").toString(),
                                "--motif-model",
                                DATA.resolve("models/moving-bars.json").toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        final CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    private static List<String> list(final Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}

package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.operators.compute.OpenClDevices;

/**
 * What the replay parity tests share: recording a journal, replaying it on a backend into a folder
 * of CSV files, and comparing two such folders file by file.
 */
public final class ReplayParity {
    static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    static final Path DATA = HOME.resolve("replay-data");

    private ReplayParity() {}

    /** Skips without an OpenCL device, except in CI (which installs PoCL), where it fails. */
    static void requireOpenCl() {
        assumeTrue(
                !OpenClDevices.all().isEmpty() || System.getenv("CI") != null,
                "skipped: no OpenCL device (install pocl-opencl-icd): "
                        + OpenClDevices.absenceReason());
    }

    /** Records {@code inputs} into a journal at {@code journal}, as fast as they read. */
    static Path record(final Path journal, final Path... inputs) {
        return record(journal, "max", inputs);
    }

    /** Records {@code inputs} into a journal at {@code journal} at {@code speed} ("max", "4"). */
    static Path record(final Path journal, final String speed, final Path... inputs) {
        final List<String> args = new ArrayList<>(List.of("record", "--input"));
        for (final Path input : inputs) {
            args.add(input.toString());
        }
        args.addAll(List.of("--journal", journal.toString(), "--speed", speed));
        final CliRun recorded = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, recorded.exitCode(), recorded.err());
        return journal;
    }

    /**
     * Replays {@code journal} on {@code backend} with {@code parallelism} subtasks and the other
     * arguments given into {@code out}, without the descriptors (they run on the CPU alone,
     * whatever the backend); returns {@code out}.
     */
    static Path replay(
            final Path journal,
            final Path out,
            final String backend,
            final int parallelism,
            final String... more) {
        final List<String> options =
                new ArrayList<>(
                        List.of(
                                "--backend",
                                backend,
                                "--parallelism",
                                Integer.toString(parallelism),
                                "-D",
                                "neurostream.descriptors=false"));
        options.addAll(List.of(more));
        return replayInto(journal, out, options.toArray(new String[0]));
    }

    /** Replays {@code journal} with {@code options} into {@code out}; returns {@code out}. */
    static Path replayInto(final Path journal, final Path out, final String... options) {
        final CliRun run = CliRun.of(replayArgs(journal, out, options).toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    /** The command line {@code replay --journal JOURNAL OPTIONS --out OUT}. */
    static List<String> replayArgs(final Path journal, final Path out, final String... options) {
        final List<String> args =
                new ArrayList<>(List.of("replay", "--journal", journal.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", out.toString()));
        return args;
    }

    /** The names of the files in {@code dir}, sorted; none when no run wrote the folder. */
    static List<String> list(final Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * Asserts the two CSV files have the same rows and fields, the numbers of the columns named
     * {@code rounded} within {@code tolerance} relative (every other field equal); returns how many
     * fields differ at all. No column named: every number may be rounded.
     */
    static int assertWithinTolerance(
            final Path expected, final Path actual, final double tolerance, final String... rounded)
            throws Exception {
        final List<String> a = Files.readAllLines(expected);
        final List<String> b = Files.readAllLines(actual);
        assertEquals(a.size(), b.size(), "rows of " + actual);
        assertEquals(a.get(0), b.get(0), "header of " + actual);
        final String[] header = a.get(0).split(",", -1);
        final List<String> roundedColumns = List.of(rounded);
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
                if (!roundedColumns.isEmpty() && !roundedColumns.contains(header[i])) {
                    fail(actual + " row " + row + " " + header[i] + ": " + x[i] + " vs " + y[i]);
                }
                final double u = number(x[i], actual, row, header[i]);
                final double v = number(y[i], actual, row, header[i]);
                if (Math.abs(u - v) > tolerance * Math.max(Math.abs(u), Math.abs(v))) {
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

    /**
     * A copy of the motif model {@code json} in {@code dir} without non-maximum suppression (so
     * that it runs on a device), its kernel and bias files named by absolute path.
     */
    public static Path withoutSuppression(final Path json, final Path dir) throws Exception {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode model = (ObjectNode) mapper.readTree(json.toFile());
        final Path from = json.toAbsolutePath().getParent();
        model.put("nmsRadius", 0);
        model.put("kernelFile", from.resolve(model.get("kernelFile").asText()).toString());
        model.put("biasFile", from.resolve(model.get("biasFile").asText()).toString());
        Files.createDirectories(dir);
        final Path copy = dir.resolve(json.getFileName());
        mapper.writeValue(copy.toFile(), model);
        return copy;
    }
}

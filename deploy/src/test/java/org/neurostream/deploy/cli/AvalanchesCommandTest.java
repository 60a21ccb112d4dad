package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.operators.avalanche.ReferenceProcesses;

class AvalanchesCommandTest {
    private static final List<String> KEYS =
            List.of(
                    "n_events",
                    "n_avalanches",
                    "bin_us",
                    "alpha_size",
                    "alpha_size_se",
                    "xmin_size",
                    "alpha_duration",
                    "alpha_duration_se",
                    "xmin_duration",
                    "branching_ratio",
                    "branching_ratio_mr",
                    "gamma_fit",
                    "gamma_predicted");

    @TempDir Path dir;

    @Test
    void shouldAnalyseTheRealRecordingIntoSaneNumbers() throws IOException {
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of(
                        "avalanches",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode s = summary(out);
        assertContractKeysFirst(s);
        assertTrue(s.get("n_events").asLong() > 0);
        assertTrue(s.get("n_avalanches").asLong() > 0);
        // 160 Hz: one sample is 6250 us, and the automatic width is whole samples
        assertEquals(0.0, s.get("bin_us").asDouble() % 6250.0, 0.0);
        assertEquals(160.0, s.get("sampling_rate_hz").asDouble(), 0.0);
        for (final Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            final String key = it.next();
            final JsonNode v = s.get(key);
            assertFalse(v.isTextual() && v.asText().toLowerCase().contains("nan"), key);
            if (v.isNumber()) {
                assertTrue(Double.isFinite(v.asDouble()), key);
            }
            if (KEYS.contains(key) && v.isNull()) {
                assertTrue(s.get("null_reasons").hasNonNull(key), "reason for null " + key);
            }
        }
        final double br = s.get("branching_ratio").asDouble();
        assertTrue(br >= 0 && br < 5, "Beggs-Plenz ratio " + br);
        final List<String> lines = Files.readAllLines(out.resolve("avalanches.csv"));
        assertEquals("start_us,duration_bins,size", lines.get(0));
        assertEquals(s.get("n_avalanches").asLong(), lines.size() - 1);
        long events = 0;
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            final double start = Double.parseDouble(f[0]);
            assertEquals(0.0, start % s.get("bin_us").asDouble(), 1e-6, line);
            final int duration = Integer.parseInt(f[1]);
            assertTrue(duration >= 1 && Long.parseLong(f[2]) >= duration, line);
            events += Long.parseLong(f[2]);
        }
        assertTrue(events <= s.get("n_events").asLong());
    }

    @Test
    void shouldRecoverSubcriticalBranchingFromAnEventsCsv() throws IOException {
        // 1e4 avalanches of Galton-Watson branching with m = 0.9, one generation per 1000 us
        // bin, each event at a random time inside its bin, one empty bin between avalanches.
        final Path csv = dir.resolve("gw.csv");
        final SplittableRandom random = new SplittableRandom(17L);
        final List<long[]> bins = new ArrayList<>();
        ReferenceProcesses.galtonWatson(0.9, 10_000, random, c -> bins.add(new long[] {c}));
        // one more event, so that the last avalanche closes before the CSV ends
        bins.add(new long[] {1});
        long total = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("t_us,address\n");
            for (int b = 0; b < bins.size(); b++) {
                for (long k = 0; k < bins.get(b)[0]; k++) {
                    w.write((b * 1000L + random.nextInt(1000)) + "," + random.nextInt(32) + "\n");
                    total++;
                }
            }
        }
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of(
                        "avalanches",
                        "--input",
                        csv.toString(),
                        "--bin-us",
                        "1000",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode s = summary(out);
        assertContractKeysFirst(s);
        assertEquals(total, s.get("n_events").asLong());
        assertEquals(10_000, s.get("n_avalanches").asLong());
        assertEquals(1, s.get("n_dropped_at_end").asLong());
        assertEquals(1000, s.get("bin_us").asLong());
        assertEquals(0.90, s.get("branching_ratio").asDouble(), 0.03);
        final List<String> lines = Files.readAllLines(out.resolve("avalanches.csv"));
        final List<String> expected = new ArrayList<>();
        expected.add("start_us,duration_bins,size");
        int start = -1;
        long size = 0;
        for (int b = 0; b < bins.size() - 1; b++) {
            final long c = bins.get(b)[0];
            if (c > 0 && start < 0) {
                start = b;
                size = 0;
            }
            size += c;
            if (c == 0 && start >= 0) {
                expected.add(start * 1000L + "," + (b - start) + "," + size);
                start = -1;
            }
        }
        assertEquals(expected, lines);
        long sizes = 0;
        for (final String line : lines.subList(1, lines.size())) {
            sizes += Long.parseLong(line.split(",")[2]);
        }
        assertEquals(10.0, (double) sizes / 10_000, 1.0);
    }

    @Test
    void shouldUseTheMeanInterEventIntervalAsTheAutomaticWidthOfAnEventsCsv() throws IOException {
        final Path csv = dir.resolve("poisson.csv");
        final long[] t =
                ReferenceProcesses.poissonEventTimes(20_000, 500.0, new SplittableRandom(4L));
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("t_us,address,amplitude\n");
            for (final long ti : t) {
                w.write(ti + ",3,2.5\n");
            }
        }
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of("avalanches", "--input", csv.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode s = summary(out);
        assertEquals(
                (double) (t[t.length - 1] - t[0]) / (t.length - 1),
                s.get("bin_us").asDouble(),
                1e-9);
        assertEquals(0.767, s.get("branching_ratio").asDouble(), 0.03);
    }

    @Test
    void shouldNameTheLineNumberOfABadCsvLineAndWriteNothing() throws IOException {
        final Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "t_us,address\n100,1\n\n250.5,2\n");
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of("avalanches", "--input", csv.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream avalanches: "
                        + csv
                        + ": line 4: t_us '250.5' is not a whole"
                        + " number of microseconds",
                run.err().strip());
        assertFalse(Files.exists(out));

        Files.writeString(csv, "time,address\n1,1\n");
        final CommandRun header =
                CommandRun.of("avalanches", "--input", csv.toString(), "--out", out.toString());
        assertEquals(2, header.exitCode());
        assertTrue(header.err().contains(": line 1: expected the header"), header.err());

        Files.writeString(csv, "t_us,address,amplitude\n1,1,0.5\n2,1\n");
        final CommandRun fields =
                CommandRun.of("avalanches", "--input", csv.toString(), "--out", out.toString());
        assertEquals(
                "neurostream avalanches: " + csv + ": line 3: expected 3 fields, got 2",
                fields.err().strip());
    }

    @Test
    void shouldGiveNullExponentsWithReasonsWhenThereAreTooFewAvalanches() throws IOException {
        final Path csv = dir.resolve("few.csv");
        Files.writeString(csv, "t_us,address\n1500,1\n1700,2\n5200,1\n9100,4\n9900,1\n");
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of(
                        "avalanches",
                        "--input",
                        csv.toString(),
                        "--bin-us",
                        "1000",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final JsonNode s = summary(out);
        assertContractKeysFirst(s);
        assertEquals(5, s.get("n_events").asLong());
        assertEquals(2, s.get("n_avalanches").asLong());
        assertTrue(s.get("alpha_size").isNull());
        assertTrue(s.get("gamma_predicted").isNull());
        assertEquals(
                "only 2 values; the fit needs at least 100 in the tail",
                s.get("null_reasons").get("alpha_size").asText());
        assertEquals(0.0, s.get("branching_ratio").asDouble(), 0.0);
        assertEquals(
                List.of("start_us,duration_bins,size", "1000,1,2", "5000,1,1"),
                Files.readAllLines(out.resolve("avalanches.csv")));
    }

    @Test
    void shouldDocumentTheConventionsInItsHelp() {
        final CommandRun run = CommandRun.of("avalanches", "--help");
        assertEquals(0, run.exitCode());
        final String help = run.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("counted from time zero of the recording"), help);
        assertTrue(help.contains("mean of the differences between consecutive pooled event times"));
        assertTrue(help.contains("population std"));
        assertTrue(help.contains("smallest KS distance"));
        assertTrue(help.contains("--threshold"));
    }

    private static JsonNode summary(final Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    private static void assertContractKeysFirst(final JsonNode s) {
        final List<String> names = new ArrayList<>();
        s.fieldNames().forEachRemaining(names::add);
        assertEquals(KEYS, names.subList(0, KEYS.size()));
    }
}

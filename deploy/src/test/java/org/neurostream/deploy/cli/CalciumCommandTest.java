package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.npy.NpyDtype;
import org.neurostream.ingest.npy.NpyWriter;
import org.neurostream.operators.calcium.PolyphaseResampler;

class CalciumCommandTest {
    @TempDir Path dir;

    private static Path calcium(final String name) {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "calcium",
                        name);
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }

    /** Runs {@code calcium --input INPUT ARGS... --out OUT}. */
    private static CommandRun run(final Path input, final Path out, final String... args) {
        final String[] line = new String[args.length + 5];
        line[0] = "calcium";
        line[1] = "--input";
        line[2] = input.toString();
        System.arraycopy(args, 0, line, 3, args.length);
        line[args.length + 3] = "--out";
        line[args.length + 4] = out.toString();
        return CommandRun.of(line);
    }

    private static void assertOneLineError(final CommandRun run, final String expected) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("neurostream calcium: " + expected, run.err().strip());
    }

    private static void assertSortedEvents(final List<String> events, final int rois) {
        assertEquals("t_us,address,amplitude", events.get(0));
        long lastT = -1;
        int lastAddress = -1;
        for (final String line : events.subList(1, events.size())) {
            final String[] f = line.split(",");
            assertEquals(3, f.length, line);
            final long t = Long.parseLong(f[0]);
            final int a = Integer.parseInt(f[1]);
            final double amplitude = Double.parseDouble(f[2]);
            assertTrue(t > lastT || (t == lastT && a > lastAddress), "sorted: " + line);
            assertTrue(a >= 0 && a < rois && Double.isFinite(amplitude) && amplitude >= 0.5, line);
            lastT = t;
            lastAddress = a;
        }
    }

    @Test
    void shouldWriteDffAndEventsOfTheZebrafishRecording() throws IOException {
        final Path out = dir.resolve("zf");
        final CommandRun run =
                run(
                        calcium("zf_20170215-f3_activity_matrix.csv"),
                        out,
                        "--input-is-dff",
                        "--fs",
                        "2.2");
        assertEquals(0, run.exitCode(), run.err());
        final List<String> dff = Files.readAllLines(out.resolve("dff.csv"));
        assertEquals(1 + 5660, dff.size());
        assertTrue(dff.get(0).startsWith("frame,t_us,roi0,roi1,"));
        assertTrue(dff.get(0).endsWith(",roi74"));
        // frame 1 at 2.2 Hz: round(1e6 / 2.2) us; the input dF/F passes through
        assertTrue(dff.get(2).startsWith("1,454545,0.33455,"), dff.get(2));
        final List<String> events = Files.readAllLines(out.resolve("events.csv"));
        assertSortedEvents(events, 75);
        assertTrue(events.size() > 75 * 5, "events " + events.size());
        final List<String> rois = Files.readAllLines(out.resolve("rois.csv"));
        assertEquals(76, rois.size());
        assertTrue(rois.get(1).startsWith("0,roi0,ok,-1,0,"), rois.get(1));
        for (final Path p :
                List.of(
                        out.resolve("dff.csv"),
                        out.resolve("events.csv"),
                        out.resolve("rois.csv"))) {
            assertFalse(Files.readString(p).contains("NaN"), p + " holds NaN");
        }
        assertEquals(
                "calcium: 75 ROIs x 5660 frames at 2.2 Hz; 75 active, 0 silenced (0 all zero), 0 with"
                        + " non-finite samples; "
                        + (events.size() - 1)
                        + " events -> "
                        + out,
                run.out().strip());
    }

    @Test
    void shouldSilenceTheZeroAndNonPositiveBaselineRoisOfTheSuite2pArrays() throws IOException {
        final Path out = dir.resolve("s2p");
        final CommandRun run =
                run(
                        calcium("suite2p_F.npy"),
                        out,
                        "--neuropil",
                        calcium("suite2p_Fneu.npy").toString(),
                        "--fs",
                        "30");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .startsWith(
                                "calcium: 219 ROIs x 2000 frames at 30 Hz; 66 active, 153 silenced"
                                        + " (47 all zero), 0 with non-finite samples; "),
                run.out());
        final List<String> dff = Files.readAllLines(out.resolve("dff.csv"));
        assertEquals(2001, dff.size());
        // ROI 0 is all zero: silenced at frame 0, an empty field in every row
        assertTrue(dff.get(1).startsWith("0,0,,"), dff.get(1));
        final List<String> rois = Files.readAllLines(out.resolve("rois.csv"));
        assertTrue(rois.get(1).startsWith("0,roi0,silenced+all_zero,0,0,0,,"), rois.get(1));
        assertEquals(
                47, rois.stream().filter(l -> l.split(",")[2].equals("silenced+all_zero")).count());
        assertEquals(
                153, rois.stream().filter(l -> l.split(",")[2].startsWith("silenced")).count());
        assertSortedEvents(Files.readAllLines(out.resolve("events.csv")), 219);
        assertFalse(Files.readString(out.resolve("dff.csv")).contains("NaN"));
    }

    @Test
    void shouldWriteTheSpikesOfANoiseFreeTraceAtTheMicrosecondOfTheirFrames() throws IOException {
        // two ROIs of F = 100 (1 + c), c an AR(1) trace with tau 0.5 s at 20 Hz and known spikes
        final double fs = 20;
        final double g = Math.exp(-1 / (0.5 * fs));
        final int frames = 1000;
        final int[][] spikes = {{100, 300, 301, 650}, {40, 500, 900}};
        final double[] f = new double[2 * frames];
        for (int r = 0; r < 2; r++) {
            double c = 0;
            for (int t = 0; t < frames; t++) {
                double s = 0;
                for (final int k : spikes[r]) {
                    s += k == t ? 1.0 : 0.0;
                }
                c = g * c + s;
                f[r * frames + t] = 100 * (1 + c);
            }
        }
        final Path input = dir.resolve("F.npy");
        NpyWriter.write(
                input, f, new long[] {2, frames}, NpyDtype.FLOAT64, ByteOrder.LITTLE_ENDIAN, false);
        final Path out = dir.resolve("out");
        final CommandRun run =
                run(input, out, "--fs", "20", "--tau", "0.5", "--oasis-baseline", "0");
        assertEquals(0, run.exitCode(), run.err());
        final List<String> events = Files.readAllLines(out.resolve("events.csv"));
        // frame k at 20 Hz is k x 50000 us; the spikes at 300 and 301 come out as two events
        assertEquals(
                List.of(
                        "t_us,address,amplitude",
                        "2000000,1",
                        "5000000,0",
                        "15000000,0",
                        "15050000,0",
                        "25000000,1",
                        "32500000,0",
                        "45000000,1"),
                events.stream()
                        .map(
                                l ->
                                        l.substring(
                                                0,
                                                l.lastIndexOf(',') < 0
                                                        ? l.length()
                                                        : l.startsWith("t_us")
                                                                ? l.length()
                                                                : l.lastIndexOf(',')))
                        .toList());
        for (final String line : events.subList(1, events.size())) {
            // F0 is the 8th percentile of 100 (1 + c) > 100, so the spike in dF/F is a little below
            // 1
            final double amplitude = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
            assertTrue(amplitude > 0.9 && amplitude <= 1.0 + 1e-6, line);
        }
    }

    @Test
    void shouldLeaveNonFiniteSamplesEmptyAndFlagTheirRoi() throws IOException {
        final StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 300; t++) {
                csv.append(t == 0 ? "" : ",")
                        .append(r == 1 && t == 7 ? "nan" : r == 1 && t == 9 ? "inf" : "100");
            }
            csv.append('\n');
        }
        final Path input = dir.resolve("F.csv");
        Files.writeString(input, csv);
        final Path out = dir.resolve("out");
        final CommandRun run = run(input, out, "--fs", "10");
        assertEquals(0, run.exitCode(), run.err());
        final List<String> dff = Files.readAllLines(out.resolve("dff.csv"));
        assertEquals("7,700000,0.0,", dff.get(8));
        assertEquals("9,900000,0.0,", dff.get(10));
        assertEquals("8,800000,0.0,0.0", dff.get(9));
        // a constant trace has no autocovariance to estimate g from: the fallback decay is used
        assertTrue(
                Files.readAllLines(out.resolve("rois.csv"))
                        .get(2)
                        .startsWith("1,roi1,non_finite+g_fallback,-1,2,0,"),
                Files.readAllLines(out.resolve("rois.csv")).get(2));
        assertTrue(run.out().contains("1 with non-finite samples"), run.out());
    }

    @Test
    void shouldNameTheLineOfARaggedCsvRowAndWriteNothing() throws IOException {
        final Path input = dir.resolve("F.csv");
        Files.writeString(input, "1,2,3\n4,5,6\n7,8\n");
        final Path out = dir.resolve("out");
        assertOneLineError(
                run(input, out, "--fs", "30"), input + ": line 3: has 2 values where line 1 has 3");
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldNameAnUnsupportedNpyDtype() throws IOException {
        final Path input = dir.resolve("F.npy");
        NpyWriter.write(
                input,
                new double[] {1, 2, 3, 4},
                new long[] {2, 2},
                NpyDtype.FLOAT32,
                ByteOrder.LITTLE_ENDIAN,
                false);
        final byte[] bytes = Files.readAllBytes(input);
        final String text =
                new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replace("'<f4'", "'<c8'");
        Files.write(input, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertOneLineError(
                run(input, dir.resolve("out"), "--fs", "30"),
                input
                        + ": unsupported dtype '<c8' (complex64); supported: bool,"
                        + " int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64");
    }

    @Test
    void shouldResampleTheTracesFirstAsResamplePolyDoes() throws IOException {
        final Path input = calcium("zf_20170215-f3_activity_matrix.csv");
        final Path out = dir.resolve("zf5");
        final CommandRun run = run(input, out, "--input-is-dff", "--fs", "2.2", "--resample", "5");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("calcium: 75 ROIs x 12864 frames at 5 Hz;"), run.out());
        final CalciumTraces traces =
                CalciumTraceReader.read(
                        input, org.neurostream.ingest.calcium.TraceFileOptions.DEFAULTS);
        final float[][] x = new float[75][];
        for (int r = 0; r < 75; r++) {
            x[r] = traces.trace(r);
        }
        // 2.2 Hz to 5 Hz: up 25, down 11, ceil(5660 x 25 / 11) frames
        final float[][] y = PolyphaseResampler.resample(x, 25, 11);
        final List<String> dff = Files.readAllLines(out.resolve("dff.csv"));
        assertEquals(1 + 12864, dff.size());
        for (final int t : new int[] {0, 1, 777, 12863}) {
            final String[] f = dff.get(1 + t).split(",", -1);
            assertEquals(Long.toString(Math.round(t * 1e6 / 5)), f[1], "t_us of frame " + t);
            for (final int r : new int[] {0, 40, 74}) {
                assertEquals(y[r][t], Float.parseFloat(f[2 + r]), "frame " + t + " ROI " + r);
            }
        }
    }

    @Test
    void shouldRefuseANeuropilOfAnotherShapeOrWithDffInput() throws IOException {
        final Path input = dir.resolve("F.csv");
        Files.writeString(input, "1,2,3\n4,5,6\n");
        final Path neuropil = dir.resolve("Fneu.csv");
        Files.writeString(neuropil, "1,2\n4,5\n");
        final Path out = dir.resolve("out");
        assertOneLineError(
                run(input, out, "--neuropil", neuropil.toString(), "--fs", "30"),
                neuropil + " holds 2 ROIs x 2 frames, " + input + " holds 2 x 3: they must match");
        assertOneLineError(
                run(input, out, "--neuropil", neuropil.toString(), "--input-is-dff", "--fs", "30"),
                "--neuropil does not apply to --input-is-dff input");
        assertOneLineError(
                run(input, out, "--fs", "0"),
                "frame rate must be a positive number of Hz, got 0.0");
        assertOneLineError(
                run(dir.resolve("none.npy"), out, "--fs", "30"),
                dir.resolve("none.npy") + ": no such file");
        assertOneLineError(
                run(input, out, "--fs", "30", "--delimiter", ";;"),
                "--delimiter must be one character, tab or space, got ';;'");
        assertOneLineError(
                run(input, out, "--fs", "30", "--resample", "29.1234567"),
                "--resample: cannot resample 30.0 Hz to 29.1234567 Hz: the rates must be in a"
                        + " ratio of whole numbers up to 1000");
    }
}

package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.npy.NpyArray;

/** The motifs commands end to end: files in, files and figures out, one-line errors. */
class MotifsCommandTest {
    @TempDir Path dir;

    /**
     * The toy kernel of docs/features.md#spiking-motif-known-answers ([2, 3, 10], b = -2.5),
     * written as .npy files in {@code dir}.
     */
    static Path[] toy(final Path dir) throws IOException {
        float[] k = new float[2 * 3 * 10];
        k[(0 * 3 + 0) * 10 + 1] = 1;
        k[(0 * 3 + 1) * 10 + 5] = 1;
        k[(0 * 3 + 2) * 10 + 9] = 1;
        k[(1 * 3 + 0) * 10 + 8] = 1;
        k[(1 * 3 + 1) * 10 + 5] = 1;
        k[(1 * 3 + 2) * 10 + 1] = 1;
        Path kernel = dir.resolve("toy.kernel.npy");
        Path bias = dir.resolve("toy.bias.npy");
        NpyArray.ofFloat32(k, 2, 3, 10).write(kernel);
        NpyArray.ofFloat32(new float[] {-2.5f, -2.5f}, 2).write(bias);
        return new Path[] {kernel, bias};
    }

    private Path[] toy() throws IOException {
        return toy(dir);
    }

    private CommandRun detect(Path events, Path out, String... more) throws IOException {
        return CommandRun.of(detectArgs(dir, events, out, more));
    }

    /**
     * {@code motifs detect} of the toy kernel in {@code dir} on {@code events}, then {@code more}.
     */
    static String[] detectArgs(Path dir, Path events, Path out, String... more) throws IOException {
        Path[] toy = toy(dir);
        return detectArgs(toy[0], toy[1], events, out, more);
    }

    /** {@code motifs detect} of the kernel and bias files given on {@code events}, then more. */
    static String[] detectArgs(Path kernel, Path bias, Path events, Path out, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "motifs",
                                "detect",
                                "--kernel",
                                kernel.toString(),
                                "--bias",
                                bias.toString(),
                                "--events",
                                events.toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void shouldFindTheToyMotifInMicrosecondEvents() throws IOException {
        Path events = dir.resolve("e.csv");
        Files.writeString(events, "t_us,address,note\n1000,2,x\n5500,1,y\n\n9999,0,z\n");
        Path out = dir.resolve("d.csv");

        CommandRun run = detect(events, out, "--bin-us", "1000");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("bin,motif,potential", "10,0,0.5"), Files.readAllLines(out));
        assertEquals(
                "detections=1 bins=18 events=3 out_of_range=0 out_of_order=0 -> " + out,
                run.out().strip());
        assertEquals("", run.err());
    }

    @Test
    void shouldWriteTheSameDetectionsOnTheOpenClBackendAsOnTheCpu() throws IOException {
        // PoCL's CPU device in CI; operators' parity tests check that OpenCL really ran
        String[] common =
                MotifDraw.detect(MotifDraw.save(dir.resolve("draw")), "--threshold", "-1")
                        .toArray(new String[0]);
        Path cpu = dir.resolve("cpu.csv");
        Path openCl = dir.resolve("opencl.csv");
        List<String> a = new java.util.ArrayList<>(List.of(common));
        a.addAll(List.of("--backend", "cpu", "--out", cpu.toString()));
        CommandRun onCpu = CommandRun.of(a.toArray(new String[0]));
        List<String> b = new java.util.ArrayList<>(List.of(common));
        b.addAll(List.of("--backend", "opencl", "--out", openCl.toString()));
        CommandRun onOpenCl = CommandRun.of(b.toArray(new String[0]));

        assertEquals(0, onCpu.exitCode(), onCpu.err());
        assertEquals(0, onOpenCl.exitCode(), onOpenCl.err());
        List<String> expected = Files.readAllLines(cpu);
        assertTrue(expected.size() > 10, "some detections: " + expected.size());
        List<String> actual = Files.readAllLines(openCl);
        assertEquals(expected.size(), actual.size(), "number of detections");
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] g = actual.get(i).split(",");
            assertEquals(e[0] + "," + e[1], g[0] + "," + g[1], "bin and motif of row " + i);
            assertEquals(Double.parseDouble(e[2]), Double.parseDouble(g[2]), 1e-4);
        }
        assertEquals(
                onCpu.out().replace(cpu.toString(), "X"),
                onOpenCl.out().replace(openCl.toString(), "X"),
                "the same summary");
    }

    @Test
    void shouldOrderRowsByBinThenMotifAndSuppressOnRequest() throws IOException {
        Path events = dir.resolve("e.csv");
        // Both toy motifs end in bin 10; single matching spikes reach V = -1.5 elsewhere.
        Files.writeString(events, "t_us,address\n1,2\n2,0\n3,2\n5,1\n7,1\n9,0\n9,2\n11,0\n");
        Path out = dir.resolve("d.csv");

        assertEquals(0, detect(events, out, "--bin-us", "1", "--threshold", "-1.5").exitCode());
        List<String> all = Files.readAllLines(out);
        assertEquals(11, all.size(), "10 bins with V >= -1.5: " + all);
        for (int i = 2; i < all.size(); i++) {
            String[] a = all.get(i - 1).split(",");
            String[] b = all.get(i).split(",");
            assertTrue(
                    Long.parseLong(a[0]) < Long.parseLong(b[0])
                            || (a[0].equals(b[0])
                                    && Integer.parseInt(a[1]) < Integer.parseInt(b[1])),
                    all.toString());
        }

        assertEquals(
                0,
                detect(events, out, "--bin-us", "1", "--threshold", "-1.5", "--nms", "2")
                        .exitCode());
        // The same six rows as a NumPy convolution with the same suppression rule.
        assertEquals(
                List.of(
                        "bin,motif,potential",
                        "2,1,-1.5",
                        "3,0,-1.5",
                        "10,0,0.5",
                        "10,1,0.5",
                        "17,1,-1.5",
                        "18,0,-1.5"),
                Files.readAllLines(out));
    }

    @Test
    void shouldStopAtABadLineWithOneMessageAndWriteNothing() throws IOException {
        Path events = dir.resolve("e.csv");
        Files.writeString(events, "t_us,address\n1000,2\n12x4,1\n");
        Path out = dir.resolve("d.csv");

        CommandRun run = detect(events, out);

        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream motifs detect: "
                        + events
                        + ": line 3: t_us '12x4' is not a whole"
                        + " number of microseconds",
                run.err().strip());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve(".d.csv.tmp")));
    }

    @Test
    void shouldRefuseAWrongHeader() throws IOException {
        Path events = dir.resolve("e.csv");
        Files.writeString(events, "t_us,x,y,p\n1000,2,3,1\n");

        CommandRun run = detect(events, dir.resolve("d.csv"));

        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream motifs detect: "
                        + events
                        + ": line 1: the header must start"
                        + " with t_us,address; found 't_us,x,y,p'",
                run.err().strip());
    }

    @Test
    void shouldCountAddressesOutsideTheKernelAndEventsOutOfOrder() throws IOException {
        Path events = dir.resolve("e.csv");
        Files.writeString(
                events, "t_us,address\n1000,2\n1500,7\n5000,1\n4000,0\n9000,0\n" + "9100,-3\n");
        Path out = dir.resolve("d.csv");

        CommandRun run = detect(events, out);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("bin,motif,potential", "10,0,0.5"), Files.readAllLines(out));
        assertTrue(
                run.out()
                        .startsWith(
                                "detections=1 bins=18 events=3 out_of_range=2" + " out_of_order=1"),
                run.out());
        assertEquals(
                List.of(
                        "neurostream motifs detect: warning: 2 events with addresses outside"
                                + " 0..2 ignored",
                        "neurostream motifs detect: warning: 1 events earlier than the bin already reached"
                                + " dropped (the input is not in time order)"),
                run.err().strip().lines().toList());
    }

    @Test
    void shouldNameTheKernelFileWhenItIsUnusable() throws IOException {
        Path[] toy = toy();
        Path flat = dir.resolve("flat.npy");
        NpyArray.ofFloat32(new float[6], 6).write(flat);
        Path events = dir.resolve("e.csv");
        Files.writeString(events, "t_us,address\n");

        CommandRun run = CommandRun.of(detectArgs(flat, toy[1], events, dir.resolve("d.csv")));

        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream motifs detect: "
                        + flat
                        + ": a motif kernel must have shape"
                        + " [M, N, D]; this one has shape [6]",
                run.err().strip());
        CommandRun missing =
                CommandRun.of(
                        detectArgs(dir.resolve("nope.npy"), toy[1], events, dir.resolve("d.csv")));
        assertEquals(2, missing.exitCode());
        assertEquals(
                "neurostream motifs detect: " + dir.resolve("nope.npy") + ": no such file",
                missing.err().strip());
    }

    @Test
    void shouldTrainOnASavedBenchmarkDrawAndDetectWithTheResult() throws IOException {
        Path draw = dir.resolve("draw");
        CommandRun bench =
                CommandRun.of(
                        "motifs",
                        "bench",
                        "--motifs",
                        "6",
                        "--bins",
                        "30000",
                        "--train-bins",
                        "0",
                        "--sweep",
                        "none",
                        "--save",
                        draw.toString());
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(Files.exists(draw.resolve("generating.kernel.npy")));

        Path prefix = dir.resolve("model/trained");
        CommandRun train =
                CommandRun.of(
                        "motifs",
                        "train",
                        "--events",
                        draw.resolve("events.csv").toString(),
                        "--labels",
                        draw.resolve("labels.csv").toString(),
                        "--addresses",
                        "128",
                        "--epochs",
                        "20",
                        "--out",
                        prefix.toString());

        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("N=128 addresses, M=6 motifs, D=31 delays"), train.out());
        double inSample = number(train.out(), "in-sample true-positive rate ([0-9.]+)");
        assertTrue(inSample > 0.9, train.out());
        org.neurostream.models.motif.MotifModel.read(
                dir.resolve("model/trained.kernel.npy"), dir.resolve("model/trained.bias.npy"));
        assertTrue(Files.readString(dir.resolve("model/trained.json")).contains("\"lossByEpoch\""));

        Path out = dir.resolve("d.csv");
        CommandRun run =
                CommandRun.of(
                        detectArgs(
                                Path.of(prefix + ".kernel.npy"),
                                Path.of(prefix + ".bias.npy"),
                                draw.resolve("events.csv"),
                                out));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readAllLines(out).size() > 1, "some detections");
    }

    @Test
    void shouldPrintTheBenchmarkRates() {
        CommandRun run =
                CommandRun.of(
                        "motifs",
                        "bench",
                        "--motifs",
                        "100",
                        "--bins",
                        "4000",
                        "--train-bins",
                        "0",
                        "--sweep",
                        "7,31",
                        "--backend",
                        "cpu");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                number(run.out(), "detection on cpu \\(java\\): ([0-9]+) detections") > 0,
                run.out());
        double hd = number(run.out(), "generating kernels: +([0-9.]+)");
        double corr = number(run.out(), "correlation baseline: ([0-9.]+)");
        assertTrue(hd >= 0.9 && corr < hd, run.out());
        double d7 = number(run.out(), "D=7 ([0-9.]+)");
        assertEquals(hd, number(run.out(), "D=31 ([0-9.]+)"), 1e-3, "the main run is reused");
        assertTrue(d7 < hd - 0.2, run.out());
    }

    @Test
    void shouldDescribeEveryCommand() {
        for (String command : new String[] {"detect", "train", "bench"}) {
            CommandRun run = CommandRun.of("motifs", command, "--help");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("Usage: neurostream motifs " + command), run.out());
        }
        assertTrue(CommandRun.of("motifs").out().contains("detect"));
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in: " + text);
        return Double.parseDouble(m.group(1));
    }
}

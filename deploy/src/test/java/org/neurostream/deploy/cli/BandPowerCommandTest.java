package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BandPowerCommandTest {
    /** BDE against scipy: float samples read by two EDF readers, double filters. */
    private static final double BDE_NATS = 1e-9;

    @TempDir Path dir;

    @Test
    void shouldMatchScipyOnTheWholeRealRecording() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_rect.csv"), Files.readAllLines(out), 1e-5);
    }

    @Test
    void shouldMatchScipyOnASpanWithTrapezoidIntegration() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--start",
                        "10",
                        "--duration",
                        "30",
                        "--integration",
                        "trapz",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_trapz_10s_30s.csv"), Files.readAllLines(out), 1e-5);
    }

    @Test
    void shouldMatchScipyWithLinearDetrending() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--detrend",
                        "linear",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_linear.csv"), Files.readAllLines(out), 1e-5);
        // the option changes the numbers: constant detrending gives other ones
        assertNotEquals(golden("S001R01_rect.csv").get(1), Files.readAllLines(out).get(1));
    }

    @Test
    void shouldMatchScipyOnBandsGivenOnTheCommandLine() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--start",
                        "10",
                        "--duration",
                        "30",
                        "--bands",
                        "slow:0.5-3,mu:8-12,high:30-70",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 64 * 3, lines.size());
        assertTrue(lines.get(1).startsWith("0,Fc5.,slow,0.5,3,"), lines.get(1));
        assertCsvClose(golden("S001R01_bands_10s_30s.csv"), lines, 1e-5);
    }

    @Test
    void shouldAddScipysBandDifferentialEntropyWithBde() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--bde",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals("channel,label,band,lo_hz,hi_hz,power,relative,bde", lines.get(0));
        assertCsvClose(golden("S001R01_rect_bde.csv"), lines, 1e-5);
    }

    @Test
    void shouldStartTheFiltersAtTheSpanWithBdeOnBandsGivenOnTheCommandLine() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--start",
                        "10",
                        "--duration",
                        "30",
                        "--bands",
                        "slow:0.5-3,mu:8-12,high:30-70",
                        "--bde",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_bands_bde_10s_30s.csv"), Files.readAllLines(out), 1e-5);
    }

    @Test
    void shouldRefuseBdeOnASpanNoLongerThanTheSettlingSecondOrABandFromZeroHertz() {
        final String edf = SharedData.eeg("S001R01.edf").toString();
        final CommandRun shortSpan =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        edf,
                        "--nperseg",
                        "160",
                        "--bde",
                        "--duration",
                        "1",
                        "--out",
                        dir.resolve("a.csv").toString());
        assertEquals(2, shortSpan.exitCode());
        assertEquals(
                "neurostream bandpower: --bde: the span holds 160 samples, no more than the first second"
                        + " (160 samples) the filters need to settle",
                shortSpan.err().strip());
        final CommandRun fromZero =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        edf,
                        "--bands",
                        "low:0-4",
                        "--bde",
                        "--out",
                        dir.resolve("b.csv").toString());
        assertEquals(2, fromZero.exitCode());
        assertEquals(
                "neurostream bandpower: --bde: band low:0-4: Butterworth band-pass needs 0 < lo < hi < fs/2;"
                        + " got 0.0-4.0 Hz at fs 160.0 Hz",
                fromZero.err().strip());
        assertFalse(Files.exists(dir.resolve("b.csv")));
    }

    @Test
    void shouldMatchScipyOnTheWholeRealRecordingOnTheOpenClBackend() throws IOException {
        // PoCL's CPU device in CI; the parity tests in operators check that OpenCL really ran
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--backend",
                        "opencl",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_rect.csv"), Files.readAllLines(out), 1e-4);
    }

    @Test
    void shouldRefuseAnUnknownBackendNamingTheAcceptedOnes() {
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--backend",
                        "cuda",
                        "--out",
                        dir.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("expected auto, cpu or opencl"), run.err());
    }

    @Test
    void shouldRefuseAFileThatIsNotEdfWithFileOffsetAndReason() throws IOException {
        final Path notEdf = dir.resolve("notes.txt");
        Files.writeString(notEdf, "hello, this is not a recording\n".repeat(20));
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of("bandpower", "--input", notEdf.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().startsWith("neurostream bandpower: " + notEdf + ": byte 0: "), run.err());
        assertEquals(
                1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldProcessTheCompleteRecordsOfATruncatedFileAndExitWithThree() throws IOException {
        final byte[] whole = Files.readAllBytes(SharedData.eeg("S001R01.edf"));
        final Path cut = dir.resolve("cut.edf");
        Files.write(cut, Arrays.copyOf(whole, 600_000));
        final Path out = dir.resolve("bp.csv");
        final CommandRun run =
                CommandRun.of("bandpower", "--input", cut.toString(), "--out", out.toString());
        assertEquals(3, run.exitCode());
        // header 66 x 256 bytes, records of 64 x 160 x 2 + 1 annotation channel of 160 x 2 bytes
        assertEquals(
                "neurostream bandpower: warning: "
                        + cut
                        + ": byte 594816: truncated, read 28 of 61 declared records",
                run.err().strip());
        assertEquals(1 + 64 * 5, Files.readAllLines(out).size());
    }

    @Test
    void shouldRefuseASpanShorterThanOneSegment() {
        final CommandRun run =
                CommandRun.of(
                        "bandpower",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--duration",
                        "1",
                        "--out",
                        dir.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream bandpower: the span holds 160 samples, fewer than one segment (nperseg 320)",
                run.err().strip());
    }

    private static List<String> golden(final String name) throws IOException {
        try (InputStream in =
                BandPowerCommandTest.class.getResourceAsStream("/bandpower/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void assertCsvClose(
            final List<String> expected, final List<String> actual, final double rel) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.get(0), actual.get(0));
        for (int i = 1; i < expected.size(); i++) {
            final String[] e = expected.get(i).split(",");
            final String[] a = actual.get(i).split(",");
            assertEquals(e.length, a.length, "line " + (i + 1));
            assertArrayEquals(Arrays.copyOf(e, 5), Arrays.copyOf(a, 5), "line " + (i + 1));
            for (int k = 5; k < e.length; k++) {
                final double ev = Double.parseDouble(e[k]);
                final double av = Double.parseDouble(a[k]);
                // powers relative to their size; entropy (column 8, a log) in absolute nats
                assertEquals(
                        ev,
                        av,
                        k < 7 ? Math.abs(ev) * rel : BDE_NATS,
                        "line " + (i + 1) + " column " + (k + 1));
            }
        }
    }
}

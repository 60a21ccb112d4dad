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
    @TempDir Path dir;

    @Test
    void shouldMatchScipyOnTheWholeRealRecording() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run = CommandRun.of("bandpower", "--input", SharedData.eeg("S001R01.edf").toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_rect.csv"), Files.readAllLines(out), 1e-5);
    }

    @Test
    void shouldMatchScipyOnASpanWithTrapezoidIntegration() throws IOException {
        final Path out = dir.resolve("bp.csv");
        final CommandRun run = CommandRun.of("bandpower", "--input", SharedData.eeg("S001R01.edf").toString(),
                "--start", "10", "--duration", "30", "--integration", "trapz", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_trapz_10s_30s.csv"), Files.readAllLines(out), 1e-5);
    }

    @Test
    void shouldMatchScipyOnTheWholeRealRecordingOnTheOpenClBackend() throws IOException {
        // PoCL's CPU device in CI; the parity tests in operators check that OpenCL really ran
        final Path out = dir.resolve("bp.csv");
        final CommandRun run = CommandRun.of("bandpower", "--input", SharedData.eeg("S001R01.edf").toString(),
                "--backend", "opencl", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertCsvClose(golden("S001R01_rect.csv"), Files.readAllLines(out), 1e-4);
    }

    @Test
    void shouldRefuseAnUnknownBackendNamingTheAcceptedOnes() {
        final CommandRun run = CommandRun.of("bandpower", "--input", SharedData.eeg("S001R01.edf").toString(),
                "--backend", "cuda", "--out", dir.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("expected auto, cpu or opencl"), run.err());
    }

    @Test
    void shouldRefuseAFileThatIsNotEdfWithFileOffsetAndReason() throws IOException {
        final Path notEdf = dir.resolve("notes.txt");
        Files.writeString(notEdf, "hello, this is not a recording\n".repeat(20));
        final Path out = dir.resolve("bp.csv");
        final CommandRun run = CommandRun.of("bandpower", "--input", notEdf.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("neurostream bandpower: " + notEdf + ": byte 0: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldProcessTheCompleteRecordsOfATruncatedFileAndExitWithThree() throws IOException {
        final byte[] whole = Files.readAllBytes(SharedData.eeg("S001R01.edf"));
        final Path cut = dir.resolve("cut.edf");
        Files.write(cut, Arrays.copyOf(whole, 600_000));
        final Path out = dir.resolve("bp.csv");
        final CommandRun run = CommandRun.of("bandpower", "--input", cut.toString(), "--out", out.toString());
        assertEquals(3, run.exitCode());
        // header 66 x 256 bytes, records of 64 x 160 x 2 + 1 annotation channel of 160 x 2 bytes
        assertEquals("neurostream bandpower: warning: " + cut
                + ": byte 594816: truncated, read 28 of 61 declared records", run.err().strip());
        assertEquals(1 + 64 * 5, Files.readAllLines(out).size());
    }

    @Test
    void shouldRefuseASpanShorterThanOneSegment() {
        final CommandRun run = CommandRun.of("bandpower", "--input", SharedData.eeg("S001R01.edf").toString(),
                "--duration", "1", "--out", dir.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertEquals("neurostream bandpower: the span holds 160 samples, fewer than one segment (nperseg 320)",
                run.err().strip());
    }

    private static List<String> golden(final String name) throws IOException {
        try (InputStream in = BandPowerCommandTest.class.getResourceAsStream("/bandpower/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void assertCsvClose(final List<String> expected, final List<String> actual, final double rel) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.get(0), actual.get(0));
        for (int i = 1; i < expected.size(); i++) {
            final String[] e = expected.get(i).split(",");
            final String[] a = actual.get(i).split(",");
            assertArrayEquals(Arrays.copyOf(e, 5), Arrays.copyOf(a, 5), "line " + (i + 1));
            for (int k = 5; k < 7; k++) {
                final double ev = Double.parseDouble(e[k]);
                final double av = Double.parseDouble(a[k]);
                assertEquals(ev, av, Math.abs(ev) * rel, "line " + (i + 1) + " column " + (k + 1));
            }
        }
    }
}

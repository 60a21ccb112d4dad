package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code descriptors} command's files, their exact columns and its bad-input behaviour. */
class DescriptorsCommandTest {
    @TempDir Path dir;

    @Test
    void shouldWriteTheNineFilesWithTheIssuesColumns() throws IOException {
        final Path out = dir.resolve("d");
        final CommandRun run =
                CommandRun.of(
                        "descriptors",
                        "--input",
                        SharedData.eeg("S001R01.edf").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertHeader(
                out,
                "connectivity.csv",
                "band,lo_hz,hi_hz,ch_a,ch_b,label_a,label_b,plv,pli,wpli",
                2016 * 5);
        assertHeader(out, "aperiodic.csv", "channel,label,offset,exponent,r_squared,n_peaks", 64);
        assertHeader(out, "hjorth.csv", "channel,label,activity,mobility,complexity", 64);
        assertHeader(out, "dfa.csv", "channel,label,band,alpha,r_squared", 64);
        assertHeader(out, "pac.csv", "channel,label,phase_lo,phase_hi,amp_lo,amp_hi,mi", 64);
        assertHeader(out, "alpha.csv", "channel,label,peak_hz,instantaneous_hz", 64);
        assertHeader(out, "reasons.csv", "table,channel,label,field,reason", 0);
        final List<String> peaks = Files.readAllLines(out.resolve("peaks.csv"));
        assertEquals("channel,label,center_hz,power,bandwidth_hz", peaks.get(0));
        final int peakRows =
                Files.readAllLines(out.resolve("aperiodic.csv")).stream()
                        .skip(1)
                        .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1)))
                        .sum();
        assertEquals(peakRows + 1, peaks.size());
        assertEquals("delta,1,4,0,1,Fc5.,Fc3.", rowStart(out, "connectivity.csv", 1, 7));
        assertEquals("0,Fc5.,alpha", rowStart(out, "dfa.csv", 1, 3));
        assertEquals("0,Fc5.,8,12,30,45", rowStart(out, "pac.csv", 1, 6));

        final List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(2, summary.size());
        final List<String> header = List.of(summary.get(0).split(","));
        final List<String> values = List.of(summary.get(1).split(",", -1));
        // 12 per-channel measures, each a mean and 64 channels; 5 bands x 3 measures
        assertEquals(2 + 12 * 65 + 15, header.size());
        assertEquals(header.size(), values.size());
        assertEquals(
                List.of("file", "duration_s", "aperiodic_offset_mean", "aperiodic_offset_0"),
                header.subList(0, 4));
        assertEquals("connectivity_gamma_wpli_mean", header.get(header.size() - 1));
        assertTrue(header.contains("alpha_instantaneous_hz_63"));
        assertEquals("S001R01.edf", values.get(0));
        assertEquals("61.0", values.get(1));
        assertFalse(values.contains(""), "no empty cell on a clean recording");
    }

    @Test
    void shouldLeaveAFlatChannelEmptyWithItsReasonInReasonsCsvAndOneLineOnStandardError()
            throws IOException {
        final byte[] bytes = Files.readAllBytes(SharedData.eeg("S001R01.edf"));
        // header 66 x 256 bytes, then 61 records: 64 channels x 160 samples x 2 bytes, annotations
        final int header = 66 * 256;
        final int record = (bytes.length - header) / 61;
        for (int r = 0; r < 61; r++) {
            Arrays.fill(
                    bytes, header + r * record + 3 * 320, header + r * record + 4 * 320, (byte) 0);
        }
        final Path flat = dir.resolve("flat.edf");
        Files.write(flat, bytes);
        final Path out = dir.resolve("d");
        final CommandRun run =
                CommandRun.of("descriptors", "--input", flat.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> reasons = Files.readAllLines(out.resolve("reasons.csv"));
        // connectivity, aperiodic, hjorth, dfa, pac, alpha: one row each for channel 3
        assertEquals(7, reasons.size(), String.join("\n", reasons));
        assertTrue(
                reasons.get(3).startsWith("hjorth,3,Fcz.,*,flat channel: all 9760 samples equal"),
                reasons.get(3));
        assertEquals(6, run.err().strip().lines().count(), run.err());
        assertTrue(
                run.err().contains(flat + ": channel 3 (Fcz.): hjorth * empty: flat channel"),
                run.err());
        assertEquals("3,Fcz.,,,", rowStart(out, "hjorth.csv", 4, 5));
        final List<String> connectivity = Files.readAllLines(out.resolve("connectivity.csv"));
        assertTrue(
                connectivity.stream()
                        .filter(l -> l.contains(",3,") && l.startsWith("alpha,"))
                        .allMatch(l -> l.endsWith(",,,")));
        assertEquals(
                63,
                connectivity.stream()
                        .filter(l -> l.startsWith("alpha,") && l.endsWith(",,,"))
                        .count());
    }

    @Test
    void shouldRefuseABandAboveNyquistNamingTheFileAndTheBand() {
        final CommandRun run = refused("--bands", "gamma:30-90");
        assertEquals(
                "neurostream descriptors: "
                        + SharedData.eeg("S001R01.edf")
                        + ": --bands: band gamma:30-90 Hz is outside (0, 80.0) Hz, the open range"
                        + " below Nyquist at 160.0 Hz",
                run.err().strip());
    }

    @Test
    void shouldRefuseAnEpochLongerThanTheSpan() {
        final CommandRun run = refused("--duration", "1.5");
        assertEquals(
                "neurostream descriptors: "
                        + SharedData.eeg("S001R01.edf")
                        + ": the span holds 240 samples (1.500 s), fewer than one epoch of 320"
                        + " samples (2.0 s)",
                run.err().strip());
    }

    /**
     * Runs descriptors on S001R01 with {@code options}; returns the run, checking nothing was
     * written.
     */
    private CommandRun refused(final String... options) {
        final List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "descriptors",
                                "--input",
                                SharedData.eeg("S001R01.edf").toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", dir.resolve("d").toString()));
        final CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertFalse(Files.exists(dir.resolve("d")));
        return run;
    }

    private static void assertHeader(
            final Path out, final String file, final String header, final int rows)
            throws IOException {
        final List<String> lines = Files.readAllLines(out.resolve(file));
        assertEquals(header, lines.get(0), file);
        assertEquals(rows + 1, lines.size(), file);
    }

    private static String rowStart(
            final Path out, final String file, final int row, final int cells) throws IOException {
        final String[] parts = Files.readAllLines(out.resolve(file)).get(row).split(",", -1);
        return String.join(",", Arrays.copyOf(parts, cells));
    }
}

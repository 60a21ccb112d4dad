package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.edf.EdfReader;

class NwbCommandTest {
    @TempDir Path dir;

    /** A test file that make_golden.py wrote with pynwb into the ingest module's test resources. */
    private static Path golden(final String name) {
        return Path.of(
                System.getProperty("neurostream.home", ".."),
                "ingest/src/test/resources/nwb",
                name);
    }

    private static Path sample() {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "nwb",
                        "nwb_sample.nwb");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(file), "real sample " + file + " absent: skipped");
        return file;
    }

    private static CommandRun export(final Path input, final String series, final Path out) {
        return CommandRun.of(
                "nwb",
                "export",
                "--input",
                input.toString(),
                "--series",
                series,
                "--out",
                out.toString());
    }

    @Test
    void shouldListSeriesThenUnitsThenIntervalTables() {
        final CommandRun run = CommandRun.of("nwb", "info", golden("ephys.nwb").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(
                        "path=/acquisition/lfp type=ElectricalSeries shape=300x3 rate=irregular unit=volts start_s=0.001061",
                        "path=/acquisition/notes type=AnnotationSeries shape=3x1 rate=irregular unit=n/a start_s=0.0",
                        "path=/acquisition/raw type=ElectricalSeries shape=600x6 rate=1000.0 unit=volts start_s=2.5",
                        "path=/units type=Units units=4 spikes=12",
                        "path=/intervals/trials type=TimeIntervals rows=3 columns=start_time,stop_time,condition,reward,tags"),
                run.out().lines().toList());
    }

    @Test
    void shouldListRoiAndBehaviourSeriesSortedByPath() {
        final CommandRun run = CommandRun.of("nwb", "info", golden("ophys.nwb").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(
                        "path=/acquisition/pupil_area type=TimeSeries shape=60x1 rate=20.0 unit=mm^2 start_s=0.0",
                        "path=/processing/behavior/BehavioralTimeSeries/speed type=TimeSeries shape=90x1 rate=30.0 unit=cm/s start_s=0.0",
                        "path=/processing/behavior/Position/position type=SpatialSeries shape=45x2 rate=irregular unit=meters start_s=0.02",
                        "path=/processing/ophys/DfOverF/dff type=RoiResponseSeries shape=90x2 rate=30.0 unit=dF/F start_s=0.1",
                        "path=/processing/ophys/Fluorescence/raw_f type=RoiResponseSeries shape=90x4 rate=30.0 unit=a.u. start_s=0.0",
                        "path=/intervals/epochs type=TimeIntervals rows=2 columns=start_time,stop_time,tags",
                        "path=/intervals/stimulus_presentations type=TimeIntervals rows=4 columns=start_time,stop_time,orientation,contrast,stimulus_name"),
                run.out().lines().toList());
    }

    @Test
    void shouldListTheRealSample() {
        final CommandRun run = CommandRun.of("nwb", "info", sample().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(
                        "path=/acquisition/EEG type=ElectricalSeries shape=20000x64 rate=160.0 unit=volts start_s=0.0",
                        "path=/processing/ophys/Fluorescence/DfOverF type=RoiResponseSeries shape=5660x20 rate=2.2 unit=n.a. start_s=0.0",
                        "path=/units type=Units units=2 spikes=1797",
                        "path=/intervals/trials type=TimeIntervals rows=30 columns=start_time,stop_time,label"),
                run.out().lines().toList());
    }

    @Test
    void shouldExportTheRealEegInVoltsAsTheEdfMicrovoltsTimesOneMillionth() throws IOException {
        final Path edf =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "eeg",
                        "S001R04.edf");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(edf), edf + " absent: skipped");
        final Path out = dir.resolve("eeg.csv");
        final CommandRun run = export(sample(), "EEG", out);
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(20001, lines.size());
        try (EdfReader reader = EdfReader.open(edf)) {
            final List<String> labels =
                    reader.labels().stream().map(l -> l.replace(".", "")).toList();
            assertEquals("t_s," + String.join(",", labels), lines.get(0));
            final float[] uv = new float[64];
            for (int s = 0; s < 20000; s++) {
                assertEquals(1, reader.read(uv, 1));
                final String[] f = lines.get(s + 1).split(",");
                assertEquals(s / 160.0, Double.parseDouble(f[0]), 0.0);
                for (int c = 0; c < 64; c++) {
                    assertEquals(
                            uv[c] * 1e-6,
                            Double.parseDouble(f[c + 1]),
                            0.0,
                            "sample " + s + " " + labels.get(c));
                }
            }
        }
        assertTrue(
                lines.get(1).startsWith("0.0,-4.9999999999999996E-6,2.0E-6,3.7E-5,"), lines.get(1));
    }

    @Test
    void shouldExportSeriesWithTheValuesPynwbReads() throws IOException {
        final Path out = dir.resolve("raw.csv");
        final CommandRun run = export(golden("ephys.nwb"), "/acquisition/raw", out);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                "nwb export: /acquisition/raw (ElectricalSeries): 600 rows to " + out,
                run.out().strip());
        assertSameNumbers(golden("expected/ephys__raw.csv"), out);
        final Path dff = dir.resolve("dff.csv");
        assertEquals(0, export(golden("ophys.nwb"), "dff", dff).exitCode());
        assertSameNumbers(golden("expected/ophys__dff.csv"), dff);
    }

    private static void assertSameNumbers(final Path expected, final Path actual)
            throws IOException {
        final List<String> want = Files.readAllLines(expected);
        final List<String> got = Files.readAllLines(actual);
        assertEquals(want.get(0), got.get(0));
        assertEquals(want.size(), got.size());
        for (int i = 1; i < want.size(); i++) {
            final String[] w = want.get(i).split(",");
            final String[] g = got.get(i).split(",");
            assertEquals(w.length, g.length);
            for (int k = 0; k < w.length; k++) {
                assertEquals(Double.parseDouble(w[k]), Double.parseDouble(g[k]), 0.0, "line " + i);
            }
        }
    }

    @Test
    void shouldExportSpikesInTimeOrderAndTablesByColumn() throws IOException {
        final Path units = dir.resolve("units.csv");
        assertEquals(0, export(golden("ephys.nwb"), "units", units).exitCode());
        assertEquals(
                List.of(
                        "t_s,unit",
                        "0.002,15",
                        "0.01,11",
                        "0.05,12",
                        "0.2,11",
                        "0.2,12",
                        "0.35,11",
                        "0.6,12",
                        "0.7,15",
                        "0.71,15",
                        "0.72,15",
                        "0.9,11",
                        "1.5,15"),
                Files.readAllLines(units));
        final Path trials = dir.resolve("trials.csv");
        assertEquals(0, export(golden("ephys.nwb"), "trials", trials).exitCode());
        assertEquals(
                List.of(
                        "start_time,stop_time,condition,reward,tags",
                        "0.0,1.0,left,0.5,a",
                        "1.0,2.25,right,0.0,b;c",
                        "2.5,3.0,\"left, late\",1.25,"),
                Files.readAllLines(trials));
        final Path notes = dir.resolve("notes.csv");
        assertEquals(0, export(golden("ephys.nwb"), "notes", notes).exitCode());
        assertEquals(
                List.of("t_s,annotation", "0.0,start", "1.25,lick", "3.0,end"),
                Files.readAllLines(notes));
    }

    @Test
    void shouldRefuseBadFilesWithOneLineAndWriteNothing() {
        final Path out = dir.resolve("x.csv");
        for (final String[] bad :
                new String[][] {
                    {
                        "bad/not_nwb.h5",
                        "/: HDF5 but not NWB: no nwb_version attribute on the root group"
                    },
                    {
                        "bad/future_version.nwb",
                        "/: NWB version 3.0.0 is not read here (NWB 2.x files only)"
                    },
                    {
                        "bad/missing_data.nwb",
                        "/acquisition/trace/data: required dataset missing (a TimeSeries needs data)"
                    },
                    {
                        "bad/dangling_reference.nwb",
                        "/acquisition/es/electrodes: attribute table: object reference to address"
                    }
                }) {
            final Path file = golden(bad[0]);
            final CommandRun info = CommandRun.of("nwb", "info", file.toString());
            assertEquals(2, info.exitCode(), info.err());
            assertEquals("", info.out());
            assertTrue(
                    info.err().startsWith("neurostream nwb info: " + file + ": " + bad[1]),
                    info.err());
            assertEquals(1, info.err().strip().lines().count(), info.err());
            final CommandRun export = export(file, "x", out);
            assertEquals(2, export.exitCode(), export.err());
            assertFalse(Files.exists(out));
        }
        final CommandRun unknown = export(golden("ephys.nwb"), "nope", out);
        assertEquals(2, unknown.exitCode());
        assertTrue(
                unknown.err()
                        .contains(
                                "/: no series or table named nope; the file holds /acquisition/lfp,"),
                unknown.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldReadTruncatedFileAsFarAsItGoesAndExitWithThree() throws IOException {
        final Path cut = dir.resolve("cut.nwb");
        Files.copy(golden("ephys.nwb"), cut);
        final long at =
                Long.parseLong(
                        Files.readString(golden("expected/truncation.json"))
                                .replaceAll("(?s).*\"truncate_at\": (\\d+).*", "$1"));
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(at);
        }
        final CommandRun info = CommandRun.of("nwb", "info", cut.toString());
        assertEquals(3, info.exitCode(), info.err());
        assertEquals(5, info.out().lines().count());
        assertTrue(
                info.err()
                        .startsWith(
                                "neurostream nwb info: "
                                        + cut
                                        + ": /: truncated: the file has "
                                        + at
                                        + " bytes"),
                info.err());

        final Path out = dir.resolve("raw.csv");
        final CommandRun export = export(cut, "raw", out);
        assertEquals(3, export.exitCode(), export.err());
        assertTrue(
                export.err()
                        .startsWith(
                                "neurostream nwb export: "
                                        + cut
                                        + ": /acquisition/raw/data: truncated: the chunk of rows 300-399 lies past the end"),
                export.err());
        assertEquals(1, export.err().strip().lines().count(), export.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(301, lines.size());
        assertEquals(
                Files.readAllLines(golden("expected/ephys__raw.csv")).get(300).split(",")[0],
                lines.get(300).split(",")[0]);
    }
}

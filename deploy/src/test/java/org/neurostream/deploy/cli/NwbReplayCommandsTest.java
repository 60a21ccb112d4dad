package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.JournalReader;

/**
 * record --input FILE.nwb and replay of the journal through the job, on the real NWB sample: its
 * EEG as band power, its units as population vectors, its dF/F traces resampled to one rate, every
 * feature window labelled with the trial active at its end.
 */
class NwbReplayCommandsTest {
    @TempDir Path tmp;

    @Test
    void shouldRecordAnNwbFileAndReplayItsSeriesUnitsAndTrialsThroughTheJob() throws Exception {
        final Path nwb = SharedData.nwb("nwb_sample.nwb");
        final Path journal = tmp.resolve("nwb");
        final CommandRun record =
                CommandRun.of("record", "--input", nwb.toString(), "--journal", journal.toString());
        assertEquals(0, record.exitCode(), record.err());
        // 20000 samples at 160 Hz in frames of 50 ms; 5660 imaging frames; 30 trials
        assertTrue(
                record.out()
                        .contains("record: nwb_sample/EEG: 2500 frames of 64 channels at 160 Hz"),
                record.out());
        assertTrue(
                record.out()
                        .contains(
                                "record: nwb_sample/DfOverF: 5660 frames of 20 ROIs at 2.2 Hz (dF/F)"),
                record.out());
        assertTrue(record.out().contains("record: nwb_sample/units: "), record.out());
        assertTrue(record.out().contains("of 1797 spikes of 2 units"), record.out());
        assertTrue(record.out().contains("record: nwb_sample/trials: 30 frames of 30 markers"));

        final Path out = tmp.resolve("out");
        final CommandRun replay =
                CommandRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        out.toString(),
                        "--resample",
                        "5",
                        "-D",
                        "neurostream.descriptors=false",
                        "--out-nwb",
                        tmp.resolve("outputs.nwb").toString());
        assertEquals(0, replay.exitCode(), replay.err());
        // windows of 2 s every 250 ms over 125 s
        assertTrue(replay.out().contains("features=493 predictions=0"), replay.out());

        // population vectors of the 2 units in bins of 50 ms, each row's counts summing to its
        // spikes; the bin open at the stream's end is not emitted
        final List<String> rates =
                Files.readAllLines(out.resolve("firingrates_nwb_sample_units.csv"));
        assertEquals("start_ns,end_ns,spikes,count_0,count_1", rates.get(0));
        long spikes = 0;
        for (final String row : rates.subList(1, rates.size())) {
            final String[] f = row.split(",");
            assertEquals(50_000_000L, Long.parseLong(f[1]) - Long.parseLong(f[0]), row);
            assertEquals(Long.parseLong(f[2]), Long.parseLong(f[3]) + Long.parseLong(f[4]), row);
            spikes += Long.parseLong(f[2]);
        }
        assertTrue(spikes > 1700 && spikes <= 1797, "spikes binned: " + spikes);

        // every band-power window and population vector carries the trial active at its end;
        // those that end where no trial is (after the last) are left out
        final List<MarkerRecord> trials = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal)) {
            reader.readAll((b, o, l, a) -> {}, (marker, arrival) -> trials.add(marker));
        }
        assertEquals(30, trials.size());
        // the markers as the job's source read them, in time order
        final List<String> markerRows =
                Files.readAllLines(out.resolve("markers_nwb_sample_trials.csv"));
        assertEquals(MarkerRecord.CSV_HEADER, markerRows.get(0));
        assertEquals(
                trials.stream().map(MarkerRecord::csvRow).toList(),
                markerRows.subList(1, markerRows.size()));
        int ratesInTrials = 0;
        for (final String row : rates.subList(1, rates.size())) {
            ratesInTrials += activeAt(trials, Long.parseLong(row.split(",")[1])).isEmpty() ? 0 : 1;
        }
        for (final String file :
                List.of(
                        "labelledwindows_nwb_sample_EEG.csv",
                        "labelledwindows_nwb_sample_units.csv")) {
            final List<String> rows = Files.readAllLines(out.resolve(file));
            assertEquals("start_ns,end_ns,source,label,behavior", rows.get(0));
            // 493 band-power windows, the last 3 ending after the last trial has ended
            assertEquals(1 + (file.contains("EEG") ? 490 : ratesInTrials), rows.size(), file);
            for (final String row : rows.subList(1, rows.size())) {
                final String[] f = row.split(",", -1);
                assertEquals(activeAt(trials, Long.parseLong(f[1])), f[3], row);
            }
        }

        // the same outputs as NWB, read and validated by pynwb
        final List<String> nwbLines = pynwb(tmp.resolve("outputs.nwb"));
        assertTrue(
                nwbLines.contains("features/nwb_sample_EEG TimeSeries 493x960"),
                nwbLines.toString());
        assertTrue(
                nwbLines.contains(
                        "firing_rates/nwb_sample_units TimeSeries " + (rates.size() - 1) + "x3"),
                nwbLines.toString());
        assertTrue(
                nwbLines.contains("labelledwindows/nwb_sample_EEG DynamicTable 490x5"),
                nwbLines.toString());
        assertTrue(nwbLines.contains("label trials.label=T0"), nwbLines.toString());
        assertTrue(
                nwbLines.contains(
                        "description NeuroStream replay of the journal "
                                + journal.toAbsolutePath()
                                + " (session nwb_sample, 3 streams)"),
                nwbLines.toString());

        // dF/F at 2.2 Hz entered the calcium operator at 5 Hz: events on the 200 ms grid
        final List<String> events =
                Files.readAllLines(out.resolve("calciumevents_nwb_sample_DfOverF.csv"));
        assertTrue(events.size() > 1000, "events: " + events.size());
        for (final String row : events.subList(1, events.size())) {
            assertEquals(0, Long.parseLong(row.split(",")[0]) % 200_000, row);
        }
    }

    /**
     * check_replay.py's lines on {@code file}, after asserting it printed ok: with the interpreter
     * of neurostream.python; skipped without one that imports pynwb, failed then when CI is set.
     */
    private static List<String> pynwb(final Path file) throws Exception {
        final String python = System.getProperty("neurostream.python");
        final boolean usable =
                python != null
                        && Files.isExecutable(Path.of(python))
                        && new ProcessBuilder(python, "-c", "import pynwb").start().waitFor() == 0;
        if (!usable) {
            assertTrue(System.getenv("CI") == null, "CI is set but no pynwb at " + python);
            Assumptions.abort("no Python with pynwb at neurostream.python=" + python + ": skipped");
        }
        final Path script =
                Path.of(NwbReplayCommandsTest.class.getResource("/nwb/check_replay.py").toURI());
        final Process p =
                new ProcessBuilder(python, script.toString(), file.toString())
                        .redirectErrorStream(true)
                        .start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        assertTrue(p.exitValue() == 0 && out.strip().endsWith("ok"), out);
        return out.lines().toList();
    }

    private static String activeAt(final List<MarkerRecord> trials, final long t) {
        for (final MarkerRecord m : trials) {
            if (m.timeNs <= t && t < m.timeNs + m.durationNs) {
                return "trials." + m.label;
            }
        }
        return "";
    }
}

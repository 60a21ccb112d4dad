package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.JournalReader;

/**
 * record --input FILE.edf journals an EDF+ file's annotations as markers at their onsets on the
 * samples' device time, and replay of the journal labels each band-power window with the annotation
 * active at its end, as for an NWB file's trials: on a real EEG Motor Movement/Imagery run (T0
 * rest, T1/T2 imagery).
 */
class EdfAnnotationsRecordTest {
    @TempDir Path tmp;

    @Test
    void shouldJournalEdfAnnotationsAsMarkersAndLabelTheWindowsOfTheReplay() throws Exception {
        final Path edf = SharedData.eeg("S001R04.edf");
        final Path journal = tmp.resolve("edf");
        final CommandRun record =
                CommandRun.of("record", "--input", edf.toString(), "--journal", journal.toString());
        assertEquals(0, record.exitCode(), record.err());
        assertTrue(
                record.out().contains("record: S001R04/eeg: 2500 frames of 64 channels at 160 Hz"),
                record.out());
        assertTrue(
                record.out().contains("record: S001R04/annotations: 30 frames of 30 markers"),
                record.out());

        final List<MarkerRecord> markers = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal)) {
            reader.readAll((b, o, l, a) -> {}, (marker, arrival) -> markers.add(marker));
        }
        assertEquals(30, markers.size());
        assertEquals(
                List.of(
                        new MarkerRecord("S001R04/annotations", 0L, 4_200_000_000L, "T0"),
                        new MarkerRecord(
                                "S001R04/annotations", 4_200_000_000L, 4_100_000_000L, "T2"),
                        new MarkerRecord(
                                "S001R04/annotations", 8_300_000_000L, 4_200_000_000L, "T0"),
                        new MarkerRecord(
                                "S001R04/annotations", 12_500_000_000L, 4_100_000_000L, "T1")),
                markers.subList(0, 4));
        assertEquals(
                new MarkerRecord("S001R04/annotations", 120_400_000_000L, 4_100_000_000L, "T1"),
                markers.get(29));
        final String metadata = Files.readString(journal.resolve("journal.json"));
        assertTrue(metadata.contains("S001R04/annotations"), metadata);

        final Path out = tmp.resolve("out");
        final CommandRun replay =
                CommandRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        out.toString(),
                        "-D",
                        "neurostream.descriptors=false");
        assertEquals(0, replay.exitCode(), replay.err());
        final List<String> rows =
                Files.readAllLines(out.resolve("labelledwindows_S001R04_eeg.csv"));
        assertEquals("start_ns,end_ns,source,label,behavior", rows.get(0));
        // 493 band-power windows (2 s every 250 ms over 125 s); those ending after the last
        // annotation (124.5 s) are left out
        int labelled = 0;
        for (int w = 0; w < 493; w++) {
            labelled += activeAt(markers, (320L + 40L * w) * 6_250_000L).isEmpty() ? 0 : 1;
        }
        assertEquals(1 + labelled, rows.size());
        assertTrue(labelled > 480, "labelled windows: " + labelled);
        for (final String row : rows.subList(1, rows.size())) {
            final String[] f = row.split(",", -1);
            assertEquals(activeAt(markers, Long.parseLong(f[1])), f[3], row);
        }
        assertEquals(
                MarkerRecord.CSV_HEADER + ",0,4200000000,T0",
                String.join(
                        ",",
                        Files.readAllLines(out.resolve("markers_S001R04_annotations.csv"))
                                .subList(0, 2)));
    }

    private static String activeAt(final List<MarkerRecord> markers, final long t) {
        for (final MarkerRecord m : markers) {
            if (m.timeNs <= t && t < m.timeNs + m.durationNs) {
                return "annotations." + m.label;
            }
        }
        return "";
    }
}

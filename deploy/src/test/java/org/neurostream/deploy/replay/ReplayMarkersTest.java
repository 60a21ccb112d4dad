package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/** {@code replay --out} writes a journal's markers, one file per marker stream, in time order. */
class ReplayMarkersTest {
    @TempDir Path tmp;

    @Test
    void shouldWriteEachMarkerStreamInTimeOrderWithQuotedLabels() throws Exception {
        final Path journal = tmp.resolve("j");
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S1";
        try (JournalWriter w = JournalWriter.create(journal, m)) {
            w.appendMarker(new MarkerRecord("S1/eeg-markers", 2_000_000L, 0, "T1"), 10);
            w.appendMarker(new MarkerRecord("S1/other", 5L, 0, "x"), 11);
            w.appendMarker(
                    new MarkerRecord("S1/eeg-markers", -1_000L, 4_100_000_000L, "a, \"b\""), 12);
        }
        final Path out = Files.createDirectories(tmp.resolve("out"));
        final Map<String, Integer> rows = ReplayOutputs.markers(journal, out);
        assertEquals(Map.of("markers_S1_eeg-markers.csv", 2, "markers_S1_other.csv", 1), rows);
        assertEquals(
                List.of(
                        "time_ns,duration_ns,label",
                        "-1000,4100000000,\"a, \"\"b\"\"\"",
                        "2000000,0,T1"),
                Files.readAllLines(out.resolve("markers_S1_eeg-markers.csv")));
        assertEquals(
                List.of("time_ns,duration_ns,label", "5,0,x"),
                Files.readAllLines(out.resolve("markers_S1_other.csv")));
    }

    @Test
    void shouldWriteNothingForAJournalWithoutMarkers() throws Exception {
        final Path journal = tmp.resolve("j");
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S2";
        JournalWriter.create(journal, m).close();
        final Path out = Files.createDirectories(tmp.resolve("out"));
        assertEquals(Map.of(), ReplayOutputs.markers(journal, out));
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }
}

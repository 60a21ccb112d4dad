package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * {@code replay --out} writes the markers the job's source read, one file per marker stream, in
 * time order: the part lines of the replay's marker sink, merged as every other output.
 */
class ReplayMarkersTest {
    @TempDir Path tmp;

    @Test
    void shouldWriteEachMarkerStreamInTimeOrderWithQuotedLabels() throws Exception {
        final Path parts = Files.createDirectories(tmp.resolve("parts"));
        Files.write(
                parts.resolve(ReplayOutputs.MARKERS + "-0.part"),
                List.of(
                        ReplayOutputs.markerLine(
                                new MarkerRecord("S1/eeg-markers", 2_000_000L, 0, "T1")),
                        ReplayOutputs.markerLine(new MarkerRecord("S1/other", 5L, 0, "x")),
                        ReplayOutputs.markerLine(
                                new MarkerRecord(
                                        "S1/eeg-markers", -1_000L, 4_100_000_000L, "a, \"b\""))));
        final Path out = tmp.resolve("out");
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S1";
        final Map<String, Integer> rows = ReplayOutputs.merge(parts, out, m);
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
    void shouldWriteNothingWithoutMarkers() throws Exception {
        final Path parts = Files.createDirectories(tmp.resolve("parts"));
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S2";
        final Path out = tmp.resolve("out");
        assertEquals(Map.of(), ReplayOutputs.merge(parts, out, m));
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }
}

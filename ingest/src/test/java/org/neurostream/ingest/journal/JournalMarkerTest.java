package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;

/** Markers in a journal: appended among frames, handed out next to them, counted, versioned. */
class JournalMarkerTest {
    @TempDir Path tmp;

    @Test
    void shouldHandMarkersOutNextToFramesInTheOrderAppended() throws Exception {
        final Path dir = tmp.resolve("j");
        final SessionMetadata m = JournalTestFrames.metadata("M1", "eeg");
        final List<String> order = new ArrayList<>();
        try (JournalWriter w = JournalWriter.create(dir, m, 256 << 10)) {
            final byte[] f0 = JournalTestFrames.frame("M1/eeg", 0, 2, 4);
            w.append(f0, 0, f0.length, 10);
            assertEquals(1, JournalReader.readMetadata(dir).version, "version 1 until a marker");
            w.appendMarker(new MarkerRecord("M1/eeg-markers", 5_000_000L, 0, "cue left"), 11);
            assertEquals(2, JournalReader.readMetadata(dir).version, "version 2 before the marker");
            final byte[] f1 = JournalTestFrames.frame("M1/eeg", 1, 2, 4);
            w.append(f1, 0, f1.length, 12);
            w.appendMarker(
                    new MarkerRecord("M1/eeg-markers", -3L, 250_000_000L, "é \"quoted\""), 13);
        }
        final List<MarkerRecord> markers = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            assertEquals(
                    2,
                    r.readAll(
                            (b, o, l, t) -> order.add("frame@" + t),
                            (marker, t) -> {
                                order.add("marker@" + t);
                                markers.add(marker);
                                arrivals.add(t);
                            }));
            assertEquals(2, r.markersRead());
            assertEquals(2, r.framesRead());
        }
        assertEquals(List.of("frame@10", "marker@11", "frame@12", "marker@13"), order);
        assertEquals(new MarkerRecord("M1/eeg-markers", 5_000_000L, 0, "cue left"), markers.get(0));
        assertEquals(
                new MarkerRecord("M1/eeg-markers", -3L, 250_000_000L, "é \"quoted\""),
                markers.get(1));
        final SessionMetadata closed = JournalReader.readMetadata(dir);
        assertEquals(2, closed.version);
        assertEquals(2L, closed.frames);
        assertEquals(2L, closed.markers);
    }

    @Test
    void shouldSkipMarkersForReadersOfFramesOnly() throws Exception {
        final Path dir = tmp.resolve("j2");
        try (JournalWriter w =
                JournalWriter.create(dir, JournalTestFrames.metadata("M2", "eeg"), 256 << 10)) {
            w.appendMarker(new MarkerRecord("M2/m", 0, 0, "start"), 1);
            final byte[] f0 = JournalTestFrames.frame("M2/eeg", 0, 2, 4);
            w.append(f0, 0, f0.length, 2);
            w.appendMarker(new MarkerRecord("M2/m", 1, 0, "end"), 3);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            final int[] frames = {0};
            // one frame a poll, as the Flink source polls: the markers around it are passed over
            assertEquals(1, r.poll((b, o, l, t) -> frames[0]++, 1));
            assertEquals(0, r.poll((b, o, l, t) -> frames[0]++, 1));
            assertTrue(r.endReached());
            r.checkWhole();
            assertEquals(1, frames[0]);
            assertEquals(2, r.markersRead());
        }
        assertEquals(1, JournalSummary.scan(dir).frames());
    }

    @Test
    void shouldKeepJournalsWithoutMarkersAtVersion1WithoutMarkerFields() throws Exception {
        final Path dir = tmp.resolve("j3");
        try (JournalWriter w =
                JournalWriter.create(dir, JournalTestFrames.metadata("M3", "eeg"), 256 << 10)) {
            final byte[] f0 = JournalTestFrames.frame("M3/eeg", 0, 2, 4);
            w.append(f0, 0, f0.length, 2);
        }
        final String json =
                java.nio.file.Files.readString(dir.resolve(JournalFormat.METADATA_FILE));
        assertTrue(json.contains("\"version\" : 1"), json);
        assertFalse(json.contains("markers"), json);
        assertFalse(json.contains("lsl_origin"), json);
    }
}

package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.bridge.Pacing;

/** An NWB file recorded: its streams, their neuron names, its marker streams and markers. */
class RecorderNwbTest {
    @TempDir Path tmp;

    @Test
    void shouldJournalEveryStreamOfAnNwbFileWithItsMarkers() throws Exception {
        final Path file = Path.of(getClass().getResource("/nwb/neurons.nwb").toURI());
        final List<FileStream> streams =
                FileStreams.openAll(
                        file,
                        new FileStreams.Options(Duration.ofMillis(100), Duration.ofMillis(50), 30));
        final Path dir = tmp.resolve("journal");
        try (Recorder recorder = Recorder.create(dir, "neurons", streams)) {
            recorder.run(new Pacing(Double.POSITIVE_INFINITY));
        } finally {
            for (final FileStream s : streams) {
                s.close();
            }
        }
        final SessionMetadata m = JournalReader.readMetadata(dir);
        assertEquals(
                List.of("neurons/speed", "neurons/activity"),
                m.streams.stream().map(s -> s.streamId).toList());
        final SessionMetadata.Stream activity = m.streams.get(1);
        assertEquals("CALCIUM", activity.modality);
        assertEquals(2.5, activity.sampleRate);
        assertEquals(List.of("AVAL", "AVAR", "RIML", "", "SMDV"), activity.roiLabels);
        assertNull(m.streams.get(0).roiLabels);
        assertEquals(1, m.markerStreams.size());
        assertEquals("neurons/trials", m.markerStreams.get(0).streamId);
        assertEquals("neurons/speed", m.markerStreams.get(0).timeBase);
        assertEquals(4L, m.markers);
        assertEquals(JournalFormat.VERSION, m.version);
        final List<MarkerRecord> markers = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir)) {
            reader.readAll((b, o, l, a) -> {}, (marker, arrival) -> markers.add(marker));
        }
        assertEquals(
                List.of(
                        new MarkerRecord("neurons/trials", 0, 6_000_000_000L, "label=stim"),
                        new MarkerRecord(
                                "neurons/trials", 6_000_000_000L, 6_000_000_000L, "label=rest"),
                        new MarkerRecord(
                                "neurons/trials", 12_000_000_000L, 6_000_000_000L, "label=stim"),
                        new MarkerRecord(
                                "neurons/trials", 18_000_000_000L, 6_000_000_000L, "label=rest")),
                markers);
        assertTrue(m.frames > 60, "60 imaging frames, 24 s of speed, their ends: " + m.frames);
    }
}

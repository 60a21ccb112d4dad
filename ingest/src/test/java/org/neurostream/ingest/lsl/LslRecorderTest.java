package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.SessionMetadata;

/** The recorder: streams and the marker streams --markers names, into one journal. */
class LslRecorderTest {
    static final LslConfig CONFIG = LslTests.loopback();
    static final long SECOND = 1_000_000_000L;

    @TempDir Path tmp;

    @Test
    void shouldRecordAStreamAndTheMarkersNamedForItIntoOneJournal() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final Path journal = tmp.resolve("j");
        try (LslOutlet data =
                        LslOutlet.open(
                                StreamInfo.builder(
                                                "rec-amp",
                                                "EEG",
                                                2,
                                                200,
                                                ChannelFormat.INT16,
                                                "amp")
                                        .channel("C3", "uV", "EEG")
                                        .channel("C4", "uV", "EEG")
                                        .build(),
                                CONFIG,
                                problems::add);
                LslOutlet cues =
                        LslOutlet.open(
                                StreamInfo.builder(
                                                "cues",
                                                "Markers",
                                                1,
                                                0,
                                                ChannelFormat.STRING,
                                                "cues")
                                        .build(),
                                CONFIG,
                                problems::add)) {
            final Thread device =
                    new Thread(
                            () -> {
                                if (!data.waitForConsumers(10 * SECOND)
                                        || !cues.waitForConsumers(10 * SECOND)) {
                                    return;
                                }
                                final double t0 = LslClock.now();
                                for (int i = 0; i < 100; i++) {
                                    data.pushSample(new long[] {i, -i}, t0 + i / 200.0);
                                    if (i % 50 == 10) {
                                        cues.pushMarker("cue " + i, t0 + i / 200.0);
                                    }
                                }
                            });
            device.start();
            final LslSession.Summary s =
                    LslRecorder.record(
                            CONFIG,
                            new LslRecorder.Options(
                                    List.of(StreamQuery.fromUserPredicate("rec-amp")),
                                    List.of(StreamQuery.fromUserPredicate("cues")),
                                    journal,
                                    "R",
                                    4 * SECOND,
                                    2 * SECOND,
                                    10,
                                    5.0),
                            problems::add,
                            () -> true);
            device.join();
            assertEquals(new LslSession.Summary(1, 1, 100, 10, 2, 0, 0, 0, 0), s);
        }
        final SessionMetadata m = JournalReader.readMetadata(journal);
        assertEquals(2, m.version);
        assertEquals("R/rec-amp", m.streams.get(0).streamId);
        assertEquals(List.of("C3", "C4"), m.streams.get(0).channelLabels);
        assertEquals("uV", m.streams.get(0).unit);
        assertEquals(200.0, m.streams.get(0).sampleRate);
        assertNotNull(m.streams.get(0).lslOrigin);
        assertEquals("R/cues", m.markerStreams.get(0).streamId);
        assertEquals(
                "R/rec-amp", m.markerStreams.get(0).timeBase, "the only data stream is the pair");
        final List<MarkerRecord> markers = new ArrayList<>();
        final List<Float> values = new ArrayList<>();
        final FrameDecoder d = new FrameDecoder();
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll(
                    (b, o, l, t) -> {
                        d.wrap(b, o);
                        for (int i = 0; i < d.elementCount(); i++) {
                            values.add(d.sample(i, 1));
                        }
                    },
                    (marker, t) -> markers.add(marker));
        }
        assertEquals(100, values.size());
        assertEquals(-99f, values.get(99));
        assertEquals(
                List.of("cue 10", "cue 60"), markers.stream().map(marker -> marker.label).toList());
        assertEquals(50_000_000L, markers.get(0).timeNs, 1_000_000L);
        assertEquals(300_000_000L, markers.get(1).timeNs, 1_000_000L);
        assertEquals(List.of(), problems);
    }
}

package org.neurostream.ingest.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.MarkerRecord;

/**
 * An NWB file becomes one stream per series and units table and one marker stream per interval
 * table and annotation series, on the file's session clock, sent in device-time order; values as
 * pynwb reads them (make_golden.py, make_neurons.py).
 */
class NwbFileStreamsTest {
    private static final FileStreams.Options OPTIONS =
            new FileStreams.Options(Duration.ofMillis(50), Duration.ofMillis(100), 30);

    @Test
    void shouldOpenEverySeriesTableAndMarkerStreamOfAFileWithItsModality() throws Exception {
        final List<FileStream> streams = FileStreams.openAll(resource("ophys.nwb"), OPTIONS);
        try {
            final Map<String, Modality> kinds = new LinkedHashMap<>();
            for (final FileStream s : streams) {
                kinds.put(s.streamId(), s.modality());
            }
            final Map<String, Modality> expected = new LinkedHashMap<>();
            expected.put("ophys/pupil_area", Modality.BEHAVIOR);
            expected.put("ophys/speed", Modality.BEHAVIOR);
            expected.put("ophys/position", Modality.BEHAVIOR);
            expected.put("ophys/dff", Modality.CALCIUM);
            expected.put("ophys/raw_f", Modality.CALCIUM);
            expected.put("ophys/epochs", null);
            expected.put("ophys/stimulus_presentations", null);
            assertEquals(expected, kinds);
            final Map<String, FileStream> byId = new LinkedHashMap<>();
            streams.forEach(s -> byId.put(s.streamId(), s));
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(byId.keySet()));
            assertEquals("ophys/pupil_area", byId.get("ophys/epochs").timeBase());
            assertEquals(List.of("roi_103", "roi_101"), byId.get("ophys/dff").labels());
            assertNull(byId.get("ophys/dff").roiLabels(), "the ROI table names no neuron");
            assertEquals(30.0, byId.get("ophys/dff").sampleRate());
            assertEquals(
                    15.0,
                    byId.get("ophys/position").sampleRate(),
                    1e-9,
                    "mean rate of the timestamps");
        } finally {
            FileStreamOptionsClose.all(streams);
        }
    }

    @Test
    void shouldRefuseToOpenAnNwbFileAsOneStream() {
        assertTrue(
                assertThrows(
                                FileStreams.FileStreamException.class,
                                () -> FileStreams.open(resource("ophys.nwb"), OPTIONS))
                        .getMessage()
                        .endsWith("an NWB file holds several streams; open it with openAll"));
    }

    @Test
    void shouldSendTheStreamsOfAFileInDeviceTimeOrderWithTheirValues() throws Exception {
        final Sent sent = runAll(resource("ophys.nwb"));
        // due times never go back across the file's streams
        for (int i = 1; i < sent.due.size(); i++) {
            assertTrue(sent.due.get(i) >= sent.due.get(i - 1), "item " + i + " out of order");
        }
        // dF/F in its DfOverF container: flagged, starting at 0.1 s, one imaging frame per frame
        final List<byte[]> dff = sent.frames.get("ophys/dff");
        final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(dff.get(0)), 0);
        assertEquals(FrameDescriptor.FLAG_DFF, d.flags() & FrameDescriptor.FLAG_DFF);
        assertEquals(100_000_000L, d.deviceTimeNs());
        assertEquals(33_333_333L, d.periodNs());
        assertEquals(1, d.elementCount());
        assertEquals(91, dff.size(), "90 imaging frames and the end");
        // raw F: not flagged
        final FrameDecoder f =
                new FrameDecoder().wrap(new UnsafeBuffer(sent.frames.get("ophys/raw_f").get(0)), 0);
        assertEquals(0, f.flags() & FrameDescriptor.FLAG_DFF);
        // the position has timestamps: one sample per frame at its own time (t = i / 15 + 0.02)
        final List<byte[]> position = sent.frames.get("ophys/position");
        for (int i = 0; i < 45; i++) {
            final FrameDecoder p = new FrameDecoder().wrap(new UnsafeBuffer(position.get(i)), 0);
            assertEquals(Modality.BEHAVIOR, p.modality());
            assertEquals(Math.round((i / 15.0 + 0.02) * 1e9), p.deviceTimeNs(), "sample " + i);
            assertEquals(1, p.elementCount());
            assertEquals(2, p.channelCount());
        }
        // the stimulus presentations: one marker per row and column, lasting the interval
        final List<MarkerRecord> stimulus = sent.markers.get("ophys/stimulus_presentations");
        assertEquals(12, stimulus.size());
        assertEquals(
                new MarkerRecord(
                        "ophys/stimulus_presentations",
                        500_000_000L,
                        250_000_000L,
                        "orientation=45.0"),
                stimulus.get(3));
        assertEquals("stimulus_name=grating", stimulus.get(5).label);
        assertEquals("tags=run;dark", sent.markers.get("ophys/epochs").get(1).label);
    }

    @Test
    void shouldSendElectricalSeriesInMicrovoltsAndUnitsAsSpikeWindows() throws Exception {
        final Sent sent = runAll(resource("ephys.nwb"));
        // raw: int16 x conversion x channel_conversion + offset, volts, times 1e6
        final List<String> expected = Files.readAllLines(resource("expected/ephys__raw.csv"));
        final FrameDecoder d =
                new FrameDecoder().wrap(new UnsafeBuffer(sent.frames.get("ephys/raw").get(0)), 0);
        assertEquals(Modality.EEG, d.modality());
        assertEquals(2_500_000_000L, d.deviceTimeNs(), "starting_time 2.5 s");
        assertEquals(1_000_000L, d.periodNs());
        assertEquals(50, d.elementCount(), "50 ms at 1 kHz");
        for (int s = 0; s < 50; s++) {
            final String[] row = expected.get(1 + s).split(",");
            for (int c = 0; c < 6; c++) {
                assertEquals(
                        (float) (Double.parseDouble(row[1 + c]) * 1e6),
                        d.sample(s, c),
                        Math.ulp((float) (Double.parseDouble(row[1 + c]) * 1e6)),
                        "sample " + s + " channel " + c);
            }
        }
        // units: windows of 100 ms from the first spike's (0.002 s), empty ones included
        final List<byte[]> units = sent.frames.get("ephys/units");
        final List<long[]> spikes = new ArrayList<>();
        long window = 0;
        for (final byte[] bytes : units) {
            final FrameDecoder u = new FrameDecoder().wrap(new UnsafeBuffer(bytes), 0);
            assertEquals(Modality.SPIKES, u.modality());
            assertEquals(FrameKind.EVENTS, u.kind());
            assertEquals(4, u.channelCount(), "the units");
            if (EndOfStream.isMarked(u)) {
                assertEquals(1_500_000_000L, u.deviceTimeNs(), "the last spike's time");
                continue;
            }
            assertEquals(window, u.deviceTimeNs());
            window += 100_000_000L;
            for (int i = 0; i < u.elementCount(); i++) {
                spikes.add(
                        new long[] {
                            u.deviceTimeNs() / 1000 + u.eventTimeOffset(i), u.eventAddress(i)
                        });
            }
        }
        assertEquals(17, units.size(), "16 windows of 0-1.6 s and the end");
        // time order, ties by unit: 0.2 s holds a spike of units 11 (index 0) and 12 (index 1)
        assertArrayEquals(new long[] {2_000, 2}, spikes.get(0));
        assertArrayEquals(new long[] {200_000, 0}, spikes.get(3));
        assertArrayEquals(new long[] {200_000, 1}, spikes.get(4));
        assertEquals(12, spikes.size());
        assertEquals(
                List.of("condition=left", "reward=0.5", "tags=a"),
                sent.markers.get("ephys/trials").subList(0, 3).stream().map(m -> m.label).toList());
        assertEquals(
                new MarkerRecord("ephys/notes", 1_250_000_000L, 0, "lick"),
                sent.markers.get("ephys/notes").get(1));
    }

    @Test
    void shouldCarryTheNeuronNamesOfTheRoiTable() throws Exception {
        final List<FileStream> streams = FileStreams.openAll(resource("neurons.nwb"), OPTIONS);
        try {
            final FileStream activity =
                    streams.stream()
                            .filter(s -> s.streamName().equals("activity"))
                            .findFirst()
                            .orElseThrow();
            assertEquals(Modality.CALCIUM, activity.modality());
            assertEquals(List.of("AVAL", "AVAR", "RIML", "", "SMDV"), activity.roiLabels());
            assertEquals("dF/F", activity.unit(), "dF/F by its container, unit n.a.");
            assertTrue(activity.describe().endsWith("(dF/F)"), activity.describe());
        } finally {
            FileStreamOptionsClose.all(streams);
        }
    }

    @Test
    void shouldLetStreamsThatNeverRunHoldNoOtherBack() throws Exception {
        final List<FileStream> streams = FileStreams.openAll(resource("ophys.nwb"), OPTIONS);
        final List<byte[]> frames = new ArrayList<>();
        try {
            for (int i = 1; i < streams.size(); i++) {
                streams.get(i).close();
            }
            streams.get(0).frames((k, b, n) -> frames.add(b), new Pacing(Double.POSITIVE_INFINITY));
        } finally {
            FileStreamOptionsClose.all(streams);
        }
        assertFalse(frames.isEmpty());
    }

    /** What the streams of a file sent, each on its own thread. */
    private record Sent(
            Map<String, List<byte[]>> frames,
            Map<String, List<MarkerRecord>> markers,
            List<Long> due) {}

    private static Sent runAll(final Path file) throws Exception {
        final List<FileStream> streams = FileStreams.openAll(file, OPTIONS);
        final Map<String, List<byte[]>> frames = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<String, List<MarkerRecord>> markers =
                Collections.synchronizedMap(new LinkedHashMap<>());
        final List<Long> due = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();
        try {
            for (final FileStream s : streams) {
                final Thread t =
                        new Thread(
                                () -> {
                                    try {
                                        s.stream(
                                                (key, bytes, ingestNs) -> {
                                                    final FrameDecoder d =
                                                            new FrameDecoder()
                                                                    .wrap(
                                                                            new UnsafeBuffer(bytes),
                                                                            0);
                                                    frames.computeIfAbsent(
                                                                    s.streamId(),
                                                                    k -> new ArrayList<>())
                                                            .add(bytes);
                                                    if (!EndOfStream.isMarked(d)) {
                                                        due.add(dueNs(d));
                                                    }
                                                },
                                                (marker, ingestNs) -> {
                                                    markers.computeIfAbsent(
                                                                    s.streamId(),
                                                                    k -> new ArrayList<>())
                                                            .add(marker);
                                                    due.add(marker.timeNs);
                                                },
                                                new Pacing(Double.POSITIVE_INFINITY));
                                    } catch (final IOException | RuntimeException e) {
                                        failures.add(e);
                                    }
                                });
                threads.add(t);
                t.start();
            }
            for (final Thread t : threads) {
                t.join(30_000);
            }
        } finally {
            FileStreamOptionsClose.all(streams);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        return new Sent(frames, markers, due);
    }

    /** When a frame is due: the end of its last sample, or of its window of 100 ms. */
    private static long dueNs(final FrameDecoder d) {
        return d.kind() == FrameKind.EVENTS
                ? d.deviceTimeNs() + 100_000_000L
                : d.deviceTimeNs() + d.elementCount() * d.periodNs();
    }

    static Path resource(final String name) throws URISyntaxException {
        return Path.of(NwbFileStreamsTest.class.getResource("/nwb/" + name).toURI());
    }

    /** Closes streams quietly. */
    private static final class FileStreamOptionsClose {
        static void all(final List<FileStream> streams) {
            for (final FileStream s : streams) {
                try {
                    s.close();
                } catch (final IOException e) {
                    // read to the end or abandoned
                }
            }
        }
    }
}

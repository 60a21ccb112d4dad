package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.ingest.dvs.EventBatch;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.dvs.EventFrameWriter;
import org.neurostream.models.flink.MotifFunctions;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.motif.MotifDetector;

/**
 * MotifFunction in a Flink MiniCluster on the shipped moving-bar session, cut into 10 ms EVENTS
 * frames: per stream, the same detections, bit for bit, as the detector run directly on the file's
 * events.
 */
class MotifFunctionIT {
    private static final Path JSON = MovingBarsDemoTest.MODEL.resolveSibling("moving-bars.json");
    private static final long BIN_US = MovingBarsDemo.BIN_US;

    @Test
    void shouldDetectPerStreamWhatTheDetectorDetectsOnTheSameEvents() throws Exception {
        final EventBatch all = readAll(MovingBarsDemoTest.RAW);
        final int half = firstAtOrAfter(all, 30_000_000);
        final List<FrameRecord> frames = new ArrayList<>();
        // Stream a: the whole session with an off-sensor event and a SAMPLES frame among its
        // frames (dropped, skipped); stream b: its first 30 s, frames interleaved with a's.
        final List<FrameRecord> a = frames("bars/a", all, all.size(), true);
        final List<FrameRecord> b = frames("bars/b", all, half, false);
        for (int i = 0; i < a.size(); i++) {
            frames.add(a.get(i));
            if (i < b.size()) {
                frames.add(b.get(i));
            }
        }
        frames.add(10, samplesFrame("bars/a"));

        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        final List<MotifRecord> out = new ArrayList<>();
        try (CloseableIterator<MotifRecord> it =
                env.fromData(frames)
                        .keyBy(f -> f.streamId)
                        .process(MotifFunctions.fromJson(JSON))
                        .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }

        final List<long[]> expectedA = detect(all, all.size());
        final List<long[]> expectedB = detect(all, half);
        assertTrue(expectedA.size() >= 100, "about one detection per sweep: " + expectedA.size());
        assertSame(expectedA, out, "bars/a");
        assertSame(expectedB, out, "bars/b");
        final MotifRecord r = out.get(0);
        assertEquals("motif", r.kind);
        assertEquals(BIN_US * 1000, r.binNs);
        assertEquals(r.bin * BIN_US * 1000, r.startNs);
        assertEquals(r.startNs + r.binNs, r.endNs);
        assertTrue(r.ingestNs > 0, "stamped by the frame that closed the bin");
    }

    /** The detector on the first {@code count} events, as the function runs it (no finish). */
    private static List<long[]> detect(final EventBatch events, final int count)
            throws IOException {
        final MotifModel model =
                MotifModel.read(
                        JSON.resolveSibling("moving-bars.kernel.npy"),
                        JSON.resolveSibling("moving-bars.bias.npy"));
        final EventAddressing addressing = new EventAddressing(32, 32, 2);
        final List<long[]> found = new ArrayList<>();
        final MotifDetector detector =
                new MotifDetector(
                        model.toKernel(),
                        BIN_US,
                        MovingBarsDemo.THRESHOLD,
                        MovingBarsDemo.NMS_RADIUS,
                        (m, t, v) -> found.add(new long[] {t, m, Double.doubleToLongBits(v)}));
        for (int i = 0; i < count; i++) {
            detector.onEvent(
                    events.t()[i], addressing.address(events.x()[i], events.y()[i], events.p()[i]));
        }
        return found;
    }

    private static void assertSame(
            final List<long[]> expected, final List<MotifRecord> out, final String stream) {
        final List<long[]> got = new ArrayList<>();
        for (final MotifRecord r : out) {
            if (r.streamId.equals(stream)) {
                got.add(new long[] {r.bin, r.motif, Double.doubleToLongBits(r.potential)});
            }
        }
        assertEquals(expected.size(), got.size(), stream + ": detections");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(
                    List.of(expected.get(i)[0], expected.get(i)[1], expected.get(i)[2]),
                    List.of(got.get(i)[0], got.get(i)[1], got.get(i)[2]),
                    stream + ": detection " + i + " (bin, motif, potential bits)");
        }
    }

    private static List<FrameRecord> frames(
            final String streamId,
            final EventBatch events,
            final int count,
            final boolean withOffSensorEvent) {
        final EventFrameWriter writer = new EventFrameWriter(streamId, "bars", null);
        final List<FrameRecord> frames = new ArrayList<>();
        int from = 0;
        while (from < count) {
            final long window = events.t()[from] / 10_000;
            int to = from;
            while (to < count && events.t()[to] / 10_000 == window) {
                to++;
            }
            EventBatch source = events;
            int start = from;
            if (withOffSensorEvent && frames.size() == 5) {
                source = new EventBatch(Math.max(EventBatch.MIN_CAPACITY, to - from + 1));
                for (int i = from; i < to; i++) {
                    source.add(events.t()[i], events.x()[i], events.y()[i], events.p()[i]);
                    if (i == from) {
                        source.add(events.t()[i], 40, 3, 1); // x = 40 lies off the 32x32 sensor
                    }
                }
                start = 0;
            }
            final int n = source == events ? to - from : source.size();
            final byte[] bytes = new byte[writer.maxFrameLength(n)];
            writer.write(source, start, n, new UnsafeBuffer(bytes), 0, 1_000L + frames.size());
            frames.add(new FrameRecord(streamId, events.t()[from] * 1000, bytes));
            from = to;
        }
        return frames;
    }

    private static FrameRecord samplesFrame(final String streamId) {
        final byte[] id = streamId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte[FrameEncoder.frameLength(FrameKind.SAMPLES, 2, 3, id.length, 4)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(0)
                .deviceTimeNs(0)
                .periodNs(1000)
                .counts(2, 3)
                .ids(id, "bars".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .putSamples(new float[6], 0)
                .finish();
        return new FrameRecord(streamId, 0, bytes);
    }

    static EventBatch readAll(final Path file) throws IOException {
        EventBatch all = new EventBatch(1 << 18);
        try (EventFileReader reader = EventFileReader.open(file)) {
            final EventBatch batch = new EventBatch(1 << 16);
            while (reader.read(batch) > 0) {
                for (int i = 0; i < batch.size(); i++) {
                    all.add(batch.t()[i], batch.x()[i], batch.y()[i], batch.p()[i]);
                }
            }
        }
        return all;
    }

    private static int firstAtOrAfter(final EventBatch events, final long timeUs) {
        int i = 0;
        while (i < events.size() && events.t()[i] < timeUs) {
            i++;
        }
        return i;
    }
}

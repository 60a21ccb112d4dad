package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.bridge.FrameSink;

/** LSL inlets into frames and markers; an outlet restart recovered with its gap counted. */
class LslBridgeTest {
    static final LslConfig CONFIG = LslTests.loopback();
    static final long SECOND = 1_000_000_000L;

    /** A frame as the sink saw it. */
    record Frame(long sequence, long deviceTimeNs, long periodNs, int samples, float[] values) {}

    static final class Frames implements FrameSink {
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        final FrameDecoder decoder = new FrameDecoder();

        @Override
        public void accept(final byte[] key, final byte[] frame, final long ingestNs) {
            final UnsafeBuffer b = new UnsafeBuffer(frame);
            assertNull(
                    FrameValidator.withDefaultLimits().validate(b, 0, frame.length), "valid frame");
            decoder.wrap(b, 0);
            final float[] v = new float[decoder.channelCount() * decoder.elementCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = decoder.sample(i / decoder.channelCount(), i % decoder.channelCount());
            }
            frames.add(
                    new Frame(
                            decoder.sequence(),
                            decoder.deviceTimeNs(),
                            decoder.periodNs(),
                            decoder.elementCount(),
                            v));
        }
    }

    @Test
    void shouldFrameSamplesWithDeviceTimeFromTheFirstCorrectedStamp() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("bridge-a", "EEG", 2, 100, ChannelFormat.FLOAT32, "bridge-a")
                        .build();
        final Frames sink = new Frames();
        final double[] origin = {Double.NaN};
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                LslInlet inlet =
                        LslInlet.open(
                                LslLoopbackTest.resolve("bridge-a", problems),
                                CONFIG,
                                2.0,
                                true,
                                problems::add)) {
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            final LslStreamBridge bridge =
                    new LslStreamBridge(
                            inlet, "s1", "bridge-a", Modality.EEG, 4, sink, o -> origin[0] = o);
            final double t0 = LslClock.now();
            for (int i = 0; i < 10; i++) {
                outlet.pushSample(new float[] {i, -i}, t0 + i * 0.01);
            }
            while (bridge.samples() < 10) {
                assertTrue(bridge.step(SECOND));
            }
            bridge.flush();
            final double correction = inlet.clock().latest().correction();
            assertEquals(t0 + correction, origin[0], 1e-3);
            assertEquals(3, sink.frames.size());
            assertEquals(List.of(0L, 1L, 2L), sink.frames.stream().map(Frame::sequence).toList());
            assertEquals(List.of(4, 4, 2), sink.frames.stream().map(Frame::samples).toList());
            assertEquals(10_000_000L, sink.frames.get(0).periodNs());
            assertEquals(0, sink.frames.get(0).deviceTimeNs());
            assertEquals(40_000_000L, sink.frames.get(1).deviceTimeNs(), 2_000_000L);
            assertEquals(80_000_000L, sink.frames.get(2).deviceTimeNs(), 2_000_000L);
            assertArrayEquals(new float[] {8, -8, 9, -9}, sink.frames.get(2).values());
            assertEquals(0, bridge.gaps());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldRecoverARestartedOutletAndCountTheSamplesLostAsAGap() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("bridge-restart", "EEG", 1, 100, ChannelFormat.FLOAT32, "dev-7")
                        .build();
        final Frames sink = new Frames();
        LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
        try (LslInlet inlet =
                LslInlet.open(
                        LslLoopbackTest.resolve("bridge-restart", problems),
                        CONFIG,
                        2.0,
                        true,
                        problems::add)) {
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            final String firstUid = outlet.info().uid();
            final LslStreamBridge bridge =
                    new LslStreamBridge(
                            inlet, "s1", "bridge-restart", Modality.EEG, 5, sink, o -> {});
            final double t0 = LslClock.now();
            for (int i = 0; i < 10; i++) {
                outlet.pushSample(new float[] {i}, t0 + i * 0.01);
            }
            while (bridge.samples() < 10) {
                assertTrue(bridge.step(SECOND));
            }
            outlet.close();
            // the device restarts: same source id, a new uid; samples 10..59 were never sent
            outlet = LslOutlet.open(info, CONFIG, problems::add);
            assertNotEquals(firstUid, outlet.info().uid());
            assertTrue(outlet.waitForConsumers(20 * SECOND), "the inlet came back: " + problems);
            for (int i = 60; i < 70; i++) {
                outlet.pushSample(new float[] {i}, t0 + i * 0.01);
            }
            final long end = System.nanoTime() + 10 * SECOND;
            while (bridge.samples() < 20 && System.nanoTime() < end) {
                bridge.step(100_000_000L);
            }
            bridge.flush();
            assertEquals(20, bridge.samples());
            assertEquals(1, inlet.reconnects());
            assertEquals(outlet.info().uid(), inlet.info().uid());
            assertEquals(1, bridge.gaps());
            assertEquals(50, bridge.lostSamples());
            // frames 0, 1 (samples 0-9); 50 lost samples would have filled 10 frames; then 60-69
            assertEquals(
                    List.of(0L, 1L, 12L, 13L), sink.frames.stream().map(Frame::sequence).toList());
            assertArrayEquals(new float[] {60, 61, 62, 63, 64}, sink.frames.get(2).values());
            assertEquals(600_000_000L, sink.frames.get(2).deviceTimeNs(), 2_000_000L);
            assertTrue(
                    problems.stream()
                            .anyMatch(
                                    p ->
                                            p.contains("'bridge-restart'")
                                                    && p.contains("recovering")),
                    problems.toString());
            assertTrue(
                    problems.stream().anyMatch(p -> p.contains("recovered (new uid")),
                    problems.toString());
        } finally {
            outlet.close();
        }
    }

    @Test
    void shouldAdvanceTheSequenceBySamplesTheFullBufferDropped() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("bridge-full", "EEG", 1, 8, ChannelFormat.FLOAT32, "full-b")
                        .build();
        final Frames sink = new Frames();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                // 8 Hz x 2 s: a buffer of 16 samples
                LslInlet inlet =
                        LslInlet.open(
                                LslLoopbackTest.resolve("bridge-full", problems),
                                CONFIG,
                                2.0,
                                true,
                                problems::add)) {
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            final LslStreamBridge bridge =
                    new LslStreamBridge(inlet, "s1", "bridge-full", Modality.EEG, 4, sink, o -> {});
            outlet.pushSample(new float[] {0}, 100.0);
            while (bridge.samples() < 1) {
                assertTrue(bridge.step(SECOND));
            }
            // 40 more while the bridge does not pull: 16 fit, 24 are dropped
            for (int i = 1; i <= 40; i++) {
                outlet.pushSample(new float[] {i}, 100.0 + i / 8.0);
            }
            final long end = System.nanoTime() + 5 * SECOND;
            while (inlet.receivedSamples() < 41 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            // the 16 kept are framed before the next sample comes, so that it finds room
            while (bridge.samples() < 17 && System.nanoTime() < end + 5 * SECOND) {
                bridge.step(100_000_000L);
            }
            outlet.pushSample(new float[] {41}, 100.0 + 41 / 8.0);
            while (bridge.samples() < 18 && System.nanoTime() < end + 5 * SECOND) {
                bridge.step(100_000_000L);
            }
            bridge.flush();
            assertEquals(24, inlet.overflowedSamples());
            assertEquals(18, bridge.samples());
            assertEquals(1, bridge.gaps());
            assertEquals(24, bridge.lostSamples());
            // samples 1..16 fill frames 0 (with sample 0), 1, 2, 3, 4 (partial, cut by the gap);
            // 24 lost samples would have filled 6 frames; sample 41 is frame 11
            assertEquals(
                    List.of(0L, 1L, 2L, 3L, 4L, 11L),
                    sink.frames.stream().map(Frame::sequence).toList());
            assertArrayEquals(new float[] {41}, sink.frames.get(5).values());
        }
    }

    @Test
    void shouldTurnAMarkerStreamIntoMarkersOnItsPairsTimeLine() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo data =
                StreamInfo.builder("pair", "EEG", 1, 100, ChannelFormat.FLOAT32, "pair").build();
        final StreamInfo marks =
                StreamInfo.builder("pair-markers", "Markers", 1, 0, ChannelFormat.STRING, "pair-m")
                        .build();
        final Frames frames = new Frames();
        final List<MarkerRecord> markers = Collections.synchronizedList(new ArrayList<>());
        try (LslOutlet d = LslOutlet.open(data, CONFIG, problems::add);
                LslOutlet m = LslOutlet.open(marks, CONFIG, problems::add);
                LslInlet di =
                        LslInlet.open(
                                LslLoopbackTest.resolve("pair", problems),
                                CONFIG,
                                2,
                                true,
                                problems::add);
                LslInlet mi =
                        LslInlet.open(
                                LslLoopbackTest.resolve("pair-markers", problems),
                                CONFIG,
                                2,
                                true,
                                problems::add)) {
            assertTrue(d.waitForConsumers(3 * SECOND) && m.waitForConsumers(3 * SECOND));
            final LslStreamBridge db =
                    new LslStreamBridge(di, "s", "pair", Modality.EEG, 1, frames, o -> {});
            final LslMarkerBridge mb =
                    new LslMarkerBridge(
                            mi, "s", "pair-markers", (r, t) -> markers.add(r), db::origin, o -> {});
            final double t0 = LslClock.now();
            // a marker before the data's first sample waits for the data's origin
            m.pushMarker("early", t0 - 0.5);
            final long end = System.nanoTime() + 5 * SECOND;
            while (mi.receivedSamples() < 1 && System.nanoTime() < end) {
                mb.step(10_000_000L);
            }
            mb.step(10_000_000L);
            assertEquals(List.of(), markers);
            d.pushSample(new float[] {1}, t0);
            m.pushMarker("cue,left", t0 + 0.25);
            while ((db.samples() < 1 || markers.size() < 2)
                    && System.nanoTime() < end + 5 * SECOND) {
                db.step(10_000_000L);
                mb.step(10_000_000L);
            }
            assertEquals(2, markers.size());
            // each inlet has its own clock-offset estimate: the two differ by microseconds
            assertEquals("s/pair-markers", markers.get(0).streamId);
            assertEquals("early", markers.get(0).label);
            assertEquals(0, markers.get(0).durationNs);
            assertEquals(-500_000_000L, markers.get(0).timeNs, 1_000_000L);
            assertEquals("cue,left", markers.get(1).label);
            assertEquals(250_000_000L, markers.get(1).timeNs, 1_000_000L);
        }
        assertEquals(List.of(), problems);
    }
}

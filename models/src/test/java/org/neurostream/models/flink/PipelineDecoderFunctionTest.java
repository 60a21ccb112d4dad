package org.neurostream.models.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamDecoding;
import org.neurostream.models.stream.StreamingDecoder;

class PipelineDecoderFunctionTest {
    private static final long PERIOD_NS = 6_250_000L;
    private static final long START_NS = 1_000_000_000L;
    private static final int FRAME_SAMPLES = 32;

    static float[] run() throws IOException {
        try (EdfReader reader = EdfReader.open(SyntheticModels.runs().get(1))) {
            final int n = 60 * 160;
            final float[] all = new float[n * reader.channelCount()];
            reader.read(all, n);
            return all;
        }
    }

    static int frames(float[] all) {
        return all.length / 64 / FRAME_SAMPLES;
    }

    private static byte[] frameBytes(String stream, float[] all, int frame, int channels) {
        final byte[] id = stream.getBytes(StandardCharsets.UTF_8);
        final byte[] session = "session".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES,
                                channels,
                                FRAME_SAMPLES,
                                id.length,
                                session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(frame)
                .deviceTimeNs(START_NS + (long) frame * FRAME_SAMPLES * PERIOD_NS)
                .periodNs(PERIOD_NS)
                .ingestTimeNs(1000 + frame)
                .counts(channels, FRAME_SAMPLES)
                .ids(id, session)
                .putSamples(all, frame * FRAME_SAMPLES * channels)
                .finish();
        return bytes;
    }

    static FrameRecord frame(String stream, float[] all, int frame, int channels) {
        final byte[] bytes = frameBytes(stream, all, frame, channels);
        return new FrameRecord(
                stream, START_NS + (long) frame * FRAME_SAMPLES * PERIOD_NS, Modality.EEG, bytes);
    }

    private static FrameRecord endOf(String stream, float[] all, int lastFrame) {
        final FrameDecoder last = new FrameDecoder();
        last.wrap(new UnsafeBuffer(frameBytes(stream, all, lastFrame, 64)), 0);
        return new FrameRecord(stream, 0, Modality.EEG, EndOfStream.after(last, 0));
    }

    static KeyedBroadcastOperatorTestHarness<String, FrameRecord, PublishedModel, PredictionRecord>
            harness(PipelineModel start) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PipelineDecoderFunction(
                                start == null ? null : start.toJson(), "start.json"),
                        List.of(PipelineDecoderFunction.MODELS, PipelineDecoderFunction.CURRENT)),
                r -> r.streamId,
                Types.STRING,
                1,
                1,
                0);
    }

    private static PublishedModel published(PipelineModel model, long version) {
        return new PublishedModel(
                model.name(), version, model.toJson(), "neuro.models/0@" + (version - 1));
    }

    static String describe(PredictionRecord p) {
        return p.streamId
                + " "
                + p.seq
                + " "
                + p.startNs
                + " "
                + p.endNs
                + " "
                + p.ingestNs
                + " "
                + p.model
                + "@"
                + p.modelVersion
                + " "
                + p.label
                + " "
                + Double.doubleToLongBits(p.probability);
    }

    /** The kernel's windows of the model on the stream from its first sample: "seq end bits". */
    private static List<String> kernel(PipelineModel model, float[] all, int frames) {
        final List<String> expected = new ArrayList<>();
        final StreamingDecoder kernel = new StreamingDecoder(model);
        final DecoderStreamState s = kernel.newState();
        kernel.append(
                s,
                all,
                0,
                frames * FRAME_SAMPLES,
                (seq, end, p, label) ->
                        expected.add(seq + " " + end + " " + Double.doubleToLongBits(p[1])));
        return expected;
    }

    private static String window(PredictionRecord p) {
        return p.seq
                + " "
                + (p.endNs - START_NS) / PERIOD_NS
                + " "
                + Double.doubleToLongBits(p.probability);
    }

    private static List<DeadLetterRecord> deadLetters(
            KeyedBroadcastOperatorTestHarness<String, FrameRecord, PublishedModel, PredictionRecord>
                    h) {
        final List<DeadLetterRecord> out = new ArrayList<>();
        final var side = h.getSideOutput(PipelineDecoderFunction.DEAD_LETTERS);
        if (side != null) {
            for (StreamRecord<DeadLetterRecord> r : side) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    /** Keyed state entries of the harness's operator (heap backend). */
    private static int keyedEntries(
            KeyedBroadcastOperatorTestHarness<String, FrameRecord, PublishedModel, PredictionRecord>
                    h) {
        final var operator = (AbstractStreamOperator<?>) h.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** Consecutive numbers from 0 and windows one hop apart: none lost, none repeated. */
    private static void assertGapless(List<PredictionRecord> stream) {
        for (int i = 0; i < stream.size(); i++) {
            assertEquals(i, stream.get(i).seq, "seq of prediction " + i);
            assertEquals(
                    START_NS + (320 + 40L * i) * PERIOD_NS,
                    stream.get(i).endNs,
                    "end of prediction " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PipelineKind.class,
            names = {"CSP_LDA", "BANDPOWER_LR", "ONNX"})
    void shouldPredictAsTheKernelOnTheJobsGridForEveryStream(PipelineKind kind) throws Exception {
        final PipelineModel model = SyntheticModels.model(kind);
        final float[] all = run();
        final List<String> expected = kernel(model, all, frames(all));
        try (var h = harness(model)) {
            h.open();
            for (int f = 0; f < frames(all); f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
                h.processElement(frame("b/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertEquals(2 * expected.size(), out.size());
            final List<String> a = new ArrayList<>();
            for (PredictionRecord p : out) {
                if (p.streamId.equals("a/eeg")) {
                    a.add(window(p));
                    assertEquals(p.endNs - 320 * PERIOD_NS, p.startNs);
                    assertEquals(model.name(), p.model);
                    assertEquals(0, p.modelVersion);
                }
            }
            assertEquals(expected, a);
            assertTrue(deadLetters(h).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PipelineKind.class,
            names = {"TS_LR", "ONNX"})
    void shouldGoOnAfterARestoreExactlyAsAnUninterruptedRun(PipelineKind kind) throws Exception {
        final PipelineModel model = SyntheticModels.model(kind);
        final float[] all = run();
        final List<String> uninterrupted = new ArrayList<>();
        try (var h = harness(model)) {
            h.open();
            for (int f = 0; f < frames(all); f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            h.extractOutputValues().forEach(p -> uninterrupted.add(describe(p)));
        }
        final List<String> resumed = new ArrayList<>();
        final OperatorSubtaskState snapshot;
        final int cut = 37; // mid-window, between two points of the grid
        try (var h = harness(model)) {
            h.open();
            for (int f = 0; f < cut; f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            snapshot = h.snapshot(1, cut);
            h.extractOutputValues().forEach(p -> resumed.add(describe(p)));
        }
        try (var h = harness(model)) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            for (int f = cut; f < frames(all); f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            h.extractOutputValues().forEach(p -> resumed.add(describe(p)));
        }
        assertTrue(uninterrupted.size() > 200);
        assertEquals(uninterrupted, resumed);
    }

    @Test
    void shouldSwitchEveryStreamToAPublishedModelAtTheNextWindowLosingAndRepeatingNone()
            throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final PipelineModel tangent = SyntheticModels.model(PipelineKind.TS_LR);
        final float[] all = run();
        final int publishAt = 101; // frame 101 starts at sample 3232, between windows
        // both run 8-30 Hz band-passes on 2 s windows: the stream's filtered ring serves ts-lr as
        // if it had run from the stream's first sample
        final List<String> tangentFromStart = kernel(tangent, all, frames(all));
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < frames(all); f++) {
                if (f == publishAt) {
                    h.processBroadcastElement(published(tangent, 1), f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
                h.processElement(frame("b/eeg", all, f, 64), f);
            }
            for (String stream : List.of("a/eeg", "b/eeg")) {
                final List<PredictionRecord> out =
                        h.extractOutputValues().stream()
                                .filter(p -> p.streamId.equals(stream))
                                .toList();
                assertGapless(out);
                // the first window due after the model arrived (ends at 3240) is the new model's
                final int first = (int) ((publishAt * FRAME_SAMPLES - 320) / 40 + 1);
                for (int i = 0; i < out.size(); i++) {
                    final PredictionRecord p = out.get(i);
                    if (i < first) {
                        assertEquals(csp.name() + "@0", p.model + "@" + p.modelVersion);
                    } else {
                        assertEquals(tangent.name() + "@1", p.model + "@" + p.modelVersion);
                        assertEquals(tangentFromStart.get(i), window(p), "window " + i);
                    }
                }
            }
            assertTrue(deadLetters(h).isEmpty());
        }
    }

    @Test
    void shouldWarmUpAModelWithOtherFiltersAndTakeOverWithoutAGap() throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final PipelineModel bank = SyntheticModels.model(PipelineKind.FBCSP_LDA);
        final float[] all = run();
        final int publishAt = 101;
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < frames(all); f++) {
                if (f == publishAt) {
                    h.processBroadcastElement(published(bank, 1), f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertGapless(out);
            // the filter bank starts at the frame after the model came (sample 3232), runs a
            // window and settles for another: it takes over at the first window ending at or
            // after 3232 + 640
            final long takeOver = START_NS + (publishAt * FRAME_SAMPLES + 640) * PERIOD_NS;
            boolean switched = false;
            for (PredictionRecord p : out) {
                final boolean isNew = p.model.equals(bank.name());
                assertEquals(p.endNs >= takeOver, isNew, "window ending " + p.endNs);
                switched |= isNew;
                assertEquals(isNew ? 1 : 0, p.modelVersion);
            }
            assertTrue(switched);
        }
    }

    @Test
    void shouldKeepTheActiveModelAcrossARestore() throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final PipelineModel mdm = SyntheticModels.model(PipelineKind.MDM);
        final float[] all = run();
        final List<String> uninterrupted = new ArrayList<>();
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < frames(all); f++) {
                if (f == 50) {
                    h.processBroadcastElement(published(mdm, 1), f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            h.extractOutputValues().forEach(p -> uninterrupted.add(describe(p)));
        }
        final List<String> resumed = new ArrayList<>();
        final OperatorSubtaskState snapshot;
        final int cut = 137;
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < cut; f++) {
                if (f == 50) {
                    h.processBroadcastElement(published(mdm, 1), f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            snapshot = h.snapshot(1, cut);
            h.extractOutputValues().forEach(p -> resumed.add(describe(p)));
        }
        try (var h = harness(csp)) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            assertEquals(
                    mdm.name() + "@1",
                    h.getBroadcastState(PipelineDecoderFunction.CURRENT).get("current"));
            for (int f = cut; f < frames(all); f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> after = h.extractOutputValues();
            after.forEach(p -> resumed.add(describe(p)));
            assertTrue(after.stream().allMatch(p -> p.modelVersion == 1));
        }
        assertEquals(uninterrupted, resumed);
    }

    @Test
    void shouldLeaveAStreamThatAModelDoesNotFitWithItsModelAndSayWhyOnce() throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final PipelineModel tangent = SyntheticModels.model(PipelineKind.TS_LR);
        final float[] all = run();
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < 200; f++) {
                if (f == 100) {
                    h.processBroadcastElement(published(tangent, 1), f);
                }
                h.processElement(frame("wide/eeg", all, f, 64), f);
                h.processElement(frame("narrow/eeg", all, f, 32), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertTrue(out.stream().allMatch(p -> p.streamId.equals("wide/eeg")));
            assertTrue(out.stream().anyMatch(p -> p.modelVersion == 1));
            final List<DeadLetterRecord> dead = deadLetters(h);
            assertEquals(2, dead.size());
            assertEquals("start.json", dead.get(0).origin);
            assertEquals(csp.name(), dead.get(0).key);
            assertEquals(
                    "stream narrow/eeg cannot take model "
                            + csp.name()
                            + "@0, it decodes 64 channels, the stream has 32; it keeps no model,"
                            + " no predictions",
                    dead.get(0).reason);
            assertEquals("neuro.models/0@0", dead.get(1).origin);
            assertEquals(tangent.name(), dead.get(1).key);
            assertTrue(
                    dead.get(1)
                            .reason
                            .startsWith(
                                    "stream narrow/eeg cannot take model " + tangent.name() + "@1"),
                    dead.get(1).reason);
            assertNull(dead.get(1).payload);
        }
    }

    @Test
    void shouldRefuseAModelThatDoesNotLoadAndKeepEveryStreamOnItsModel() throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final String onnx = Files.readString(SyntheticModels.ONNX_EXAMPLE);
        final String graph = "\"graph\" : \"";
        final int at = onnx.indexOf(graph) + graph.length() + 100;
        final String corrupt =
                onnx.substring(0, at)
                        + (onnx.charAt(at) == 'A' ? 'B' : 'A')
                        + onnx.substring(at + 1);
        final float[] all = run();
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < 200; f++) {
                if (f == 60) {
                    h.processBroadcastElement(
                            new PublishedModel(
                                    "electrode-attention", 1, corrupt, "neuro.models/0@0"),
                            f);
                }
                if (f == 70) {
                    h.processBroadcastElement(
                            new PublishedModel("svm", 1, "{\"kind\":\"svm\"}", "neuro.models/0@1"),
                            f);
                }
                if (f == 80) {
                    h.processBroadcastElement(
                            new PublishedModel("other-name", 1, csp.toJson(), "neuro.models/0@2"),
                            f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertGapless(out);
            assertTrue(out.stream().allMatch(p -> p.modelVersion == 0));
            final List<DeadLetterRecord> dead = deadLetters(h);
            assertEquals(3, dead.size());
            assertTrue(
                    dead.get(0)
                            .reason
                            .startsWith(
                                    "model electrode-attention@1 refused, every stream keeps its"
                                            + " model: model file electrode-attention: field"
                                            + " 'stages.onnx"),
                    dead.get(0).reason);
            assertEquals("neuro.models/0@0", dead.get(0).origin);
            assertTrue(dead.get(1).reason.startsWith("model svm@1 refused"), dead.get(1).reason);
            assertTrue(dead.get(1).reason.contains("unknown kind 'svm'"), dead.get(1).reason);
            assertEquals(
                    "model other-name@1 refused, every stream keeps its model: the file stores"
                            + " the name '"
                            + csp.name()
                            + "', its key is the name",
                    dead.get(2).reason);
            assertNull(h.getBroadcastState(PipelineDecoderFunction.CURRENT).get("current"));
        }
    }

    @Test
    void shouldDecodeNothingUntilAModelIsPublishedWhenStartedWithout() throws Exception {
        final PipelineModel mdm = SyntheticModels.model(PipelineKind.MDM);
        final float[] all = run();
        try (var h = harness(null)) {
            h.open();
            for (int f = 0; f < 200; f++) {
                if (f == 20) {
                    h.processBroadcastElement(published(mdm, 3), f);
                }
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertEquals(0, out.get(0).seq);
            // filters from sample 640 (frame 20), a window and their settling: first at 1280
            assertEquals(START_NS + 1280 * PERIOD_NS, out.get(0).endNs);
            assertTrue(out.stream().allMatch(p -> p.modelVersion == 3));
            for (int i = 1; i < out.size(); i++) {
                assertEquals(out.get(i - 1).endNs + 40 * PERIOD_NS, out.get(i).endNs);
            }
        }
    }

    @Test
    void shouldFreeAStreamAtItsEndAndStartItAfreshAfterwards() throws Exception {
        final PipelineModel csp = SyntheticModels.model(PipelineKind.CSP_LDA);
        final float[] all = run();
        try (var h = harness(csp)) {
            h.open();
            for (int f = 0; f < 30; f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            assertEquals(1, keyedEntries(h));
            h.processElement(endOf("a/eeg", all, 29), 30);
            assertEquals(0, keyedEntries(h));
            final int before = h.extractOutputValues().size();
            for (int f = 0; f < 30; f++) {
                h.processElement(frame("a/eeg", all, f, 64), 31 + f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertEquals(2 * before, out.size());
            assertEquals(0, out.get(before).seq);
        }
    }

    @Test
    void shouldWriteTheDocumentedLayoutAndReadItBack() throws IOException {
        final StreamDecoding s = new StreamDecoding(2, 5, 7);
        s.samples = 2;
        s.model = "m@0";
        s.active = new DecoderStreamState(2, 1, 3, 2);
        s.active.samples = 2;
        s.active.nextEmitAt = 3;
        s.active.filter[0] = 0.5;
        s.active.filter[1] = -1.0;
        s.active.ring[0] = 1; // channel 0, slot 0
        s.active.ring[4] = 4; // channel 1, slot 1
        s.refused = "x@1";
        final DataOutputSerializer out = new DataOutputSerializer(64);
        new StreamDecodingSerializer().serialize(s, out);
        final ByteBuffer expected =
                ByteBuffer.allocate(
                        4
                                + 8 * 3
                                + (1 + 2 + 3)
                                + 1
                                + (4 * 3 + 8 * 4 + 4 + 8 * 2 + 8 * 6)
                                + 1
                                + 1
                                + (1 + 2 + 3));
        expected.putInt(2).putLong(5).putLong(7).putLong(2);
        expected.put((byte) 1).putShort((short) 3).put("m@0".getBytes(StandardCharsets.UTF_8));
        expected.put((byte) 1).putInt(2).putInt(1).putInt(3);
        expected.putLong(0).putLong(2).putLong(3).putLong(0);
        expected.putInt(2).putDouble(0.5).putDouble(-1.0);
        expected.putDouble(1).putDouble(0).putDouble(0).putDouble(0).putDouble(4).putDouble(0);
        expected.put((byte) 0).put((byte) 0);
        expected.put((byte) 1).putShort((short) 3).put("x@1".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected.array(), out.getCopyOfBuffer());
        final StreamDecoding back =
                new StreamDecodingSerializer()
                        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertArrayEquals(s.active.ring, back.active.ring);
        assertArrayEquals(s.active.filter, back.active.filter);
        assertEquals("m@0", back.model);
        assertEquals("x@1", back.refused);
        assertNull(back.pending);
        assertEquals(7, back.startNs);
    }

    @Test
    void shouldRefuseStateOfALaterLayoutVersion() {
        final var snapshot = new StreamDecodingSerializer.Snapshot();
        final IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                snapshot.readSnapshot(
                                        2, new DataInputDeserializer(new byte[0]), null));
        assertEquals(
                "decoder state written by layout version 2; this build reads 1..1", e.getMessage());
    }
}

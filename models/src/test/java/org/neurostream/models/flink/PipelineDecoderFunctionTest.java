package org.neurostream.models.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;

class PipelineDecoderFunctionTest {
    private static final long PERIOD_NS = 6_250_000L;
    private static final int FRAME_SAMPLES = 32;

    private static float[] run() throws IOException {
        try (EdfReader reader = EdfReader.open(SyntheticModels.runs().get(1))) {
            final int n = 60 * 160;
            final float[] all = new float[n * reader.channelCount()];
            reader.read(all, n);
            return all;
        }
    }

    private static FrameRecord frame(String stream, float[] all, int frame, int channels) {
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
        final long device = 1_000_000_000L + (long) frame * FRAME_SAMPLES * PERIOD_NS;
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(frame)
                .deviceTimeNs(device)
                .periodNs(PERIOD_NS)
                .ingestTimeNs(1000 + frame)
                .counts(channels, FRAME_SAMPLES)
                .ids(id, session)
                .putSamples(all, frame * FRAME_SAMPLES * channels)
                .finish();
        return new FrameRecord(stream, device, Modality.EEG, bytes);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, PredictionRecord>
            harness(PipelineModel model) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PipelineDecoderFunction(model.toJson(), "m.json")),
                r -> r.streamId,
                Types.STRING);
    }

    private static String describe(PredictionRecord p) {
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
                + " "
                + p.label
                + " "
                + Double.doubleToLongBits(p.probability);
    }

    @ParameterizedTest
    @EnumSource(
            value = PipelineKind.class,
            names = {"CSP_LDA", "ONNX"})
    void shouldPredictAsTheKernelOnTheJobsGridForEveryStream(PipelineKind kind) throws Exception {
        final PipelineModel model = SyntheticModels.model(kind);
        final float[] all = run();
        final int frames = all.length / 64 / FRAME_SAMPLES;
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
        try (var h = harness(model)) {
            h.open();
            for (int f = 0; f < frames; f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
                h.processElement(frame("b/eeg", all, f, 64), f);
            }
            final List<PredictionRecord> out = h.extractOutputValues();
            assertEquals(2 * expected.size(), out.size());
            final List<String> a = new ArrayList<>();
            for (PredictionRecord p : out) {
                if (p.streamId.equals("a/eeg")) {
                    final long end = (p.endNs - 1_000_000_000L) / PERIOD_NS;
                    a.add(p.seq + " " + end + " " + Double.doubleToLongBits(p.probability));
                    assertEquals(p.endNs - 320 * PERIOD_NS, p.startNs);
                    assertEquals(model.name(), p.model);
                }
            }
            assertEquals(expected, a);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PipelineKind.class,
            names = {"TS_LR", "ONNX"})
    void shouldGoOnAfterARestoreExactlyAsAnUninterruptedRun(PipelineKind kind) throws Exception {
        final PipelineModel model = SyntheticModels.model(kind);
        final float[] all = run();
        final int frames = all.length / 64 / FRAME_SAMPLES;
        final List<String> uninterrupted = new ArrayList<>();
        try (var h = harness(model)) {
            h.open();
            for (int f = 0; f < frames; f++) {
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
            for (int f = cut; f < frames; f++) {
                h.processElement(frame("a/eeg", all, f, 64), f);
            }
            h.extractOutputValues().forEach(p -> resumed.add(describe(p)));
        }
        assertTrue(uninterrupted.size() > 200);
        assertEquals(uninterrupted, resumed);
    }

    @Test
    void shouldSkipFramesOfAnotherShapeWithoutTouchingTheStream() throws Exception {
        final PipelineModel model = SyntheticModels.model(PipelineKind.MDM);
        final float[] all = run();
        try (var h = harness(model)) {
            h.open();
            h.processElement(frame("a/eeg", all, 0, 32), 0);
            assertEquals(0, h.numKeyedStateEntries());
            assertTrue(h.extractOutputValues().isEmpty());
        }
    }

    @Test
    void shouldWriteTheDocumentedLayoutAndReadItBack() throws IOException {
        final DecoderStreamState s = new DecoderStreamState(2, 1, 3, 2);
        s.startNs = 7;
        s.samples = 2;
        s.nextEmitAt = 3;
        s.predictions = 0;
        s.filter[0] = 0.5;
        s.filter[1] = -1.0;
        s.ring[0] = 1; // channel 0, slot 0
        s.ring[1] = 2;
        s.ring[3] = 3; // channel 1, slot 0
        s.ring[4] = 4;
        final DataOutputSerializer out = new DataOutputSerializer(64);
        new DecoderStreamStateSerializer().serialize(s, out);
        final ByteBuffer expected = ByteBuffer.allocate(4 * 3 + 8 * 4 + 4 + 8 * 2 + 8 * 4);
        expected.putInt(2).putInt(1).putInt(3);
        expected.putLong(7).putLong(2).putLong(3).putLong(0);
        expected.putInt(2).putDouble(0.5).putDouble(-1.0);
        expected.putDouble(1).putDouble(2).putDouble(3).putDouble(4);
        assertArrayEquals(expected.array(), out.getCopyOfBuffer());
        final DecoderStreamState back =
                new DecoderStreamStateSerializer()
                        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertArrayEquals(s.ring, back.ring);
        assertArrayEquals(s.filter, back.filter);
        assertEquals(s.samples, back.samples);
    }

    @Test
    void shouldRefuseStateOfALaterLayoutVersion() {
        final var snapshot = new DecoderStreamStateSerializer.Snapshot();
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

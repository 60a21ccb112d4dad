package org.neurostream.models.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;
import org.neurostream.operators.flink.BandPowerFrame;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.spectral.BandPowerOptions;

class BandPowerDecoderFunctionTest {
    private static final BandPowerOptions OPTIONS = BandPowerOptions.defaults();

    /** The frames of two streams as band power hands them on to the decoder. */
    private static List<BandPowerFrame> throughBandPower(float[] all) throws Exception {
        final List<BandPowerFrame> out = new ArrayList<>();
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BandPowerFunction(OPTIONS).withDecoderFrames()),
                        (FrameRecord f) -> f.streamId,
                        Types.STRING)) {
            h.open();
            for (int f = 0; f < PipelineDecoderFunctionTest.frames(all); f++) {
                h.processElement(PipelineDecoderFunctionTest.frame("a/eeg", all, f, 64), f);
                h.processElement(PipelineDecoderFunctionTest.frame("b/eeg", all, f, 64), f);
            }
            for (StreamRecord<BandPowerFrame> r :
                    h.getSideOutput(BandPowerFunction.DECODER_FRAMES)) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    private static List<String> decodedFromFrames(PipelineModel model, float[] all)
            throws Exception {
        final List<String> out = new ArrayList<>();
        try (var h = PipelineDecoderFunctionTest.harness(model)) {
            h.open();
            for (int f = 0; f < PipelineDecoderFunctionTest.frames(all); f++) {
                h.processElement(PipelineDecoderFunctionTest.frame("a/eeg", all, f, 64), f);
                h.processElement(PipelineDecoderFunctionTest.frame("b/eeg", all, f, 64), f);
            }
            h.extractOutputValues().forEach(p -> out.add(PipelineDecoderFunctionTest.describe(p)));
        }
        return out;
    }

    private static List<String> decodedFromBandPower(
            PipelineModel model, List<BandPowerFrame> frames) throws Exception {
        final List<String> out = new ArrayList<>();
        try (var h =
                new KeyedBroadcastOperatorTestHarness<
                        String, BandPowerFrame, PublishedModel, PredictionRecord>(
                        new CoBroadcastWithKeyedOperator<>(
                                new BandPowerDecoderFunction(model.toJson(), "start.json", OPTIONS),
                                List.of(
                                        PipelineDecoderFunction.MODELS,
                                        PipelineDecoderFunction.CURRENT)),
                        f -> f.frame().streamId,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.open();
            long t = 0;
            for (BandPowerFrame f : frames) {
                h.processElement(f, t++);
            }
            h.extractOutputValues().forEach(p -> out.add(PipelineDecoderFunctionTest.describe(p)));
        }
        return out;
    }

    /**
     * Every frame with its window ends moved by {@code shift} and its band powers by {@code power}.
     */
    private static List<BandPowerFrame> changed(
            List<BandPowerFrame> frames, int shift, DoubleUnaryOperator power) {
        final List<BandPowerFrame> out = new ArrayList<>();
        for (BandPowerFrame f : frames) {
            final int[] ends = f.windowEnds().clone();
            for (int w = 0; w < ends.length; w++) {
                ends[w] += shift;
            }
            out.add(
                    new BandPowerFrame(
                            f.frame(),
                            ends,
                            java.util.Arrays.stream(f.bandPower()).map(power).toArray()));
        }
        return out;
    }

    @Test
    void shouldPredictTheSameBitsFromBandPowersAsFromTheFrames() throws Exception {
        final PipelineModel model = SyntheticModels.model(PipelineKind.BANDPOWER_LR);
        assertTrue(BandPowerDecoderFunction.scoresBandPower(model.toJson(), "m.json", OPTIONS));
        final float[] all = PipelineDecoderFunctionTest.run();
        final List<BandPowerFrame> frames = throughBandPower(all);
        assertEquals(2 * PipelineDecoderFunctionTest.frames(all), frames.size());
        // frames of 32 samples, a hop of 40: windows end inside frames, some frames end none
        assertTrue(frames.stream().anyMatch(f -> f.windowEnds().length == 0));
        assertTrue(frames.stream().anyMatch(f -> f.windowEnds().length == 1));

        final List<String> expected = decodedFromFrames(model, all);
        assertFalse(expected.isEmpty());
        assertEquals(expected, decodedFromBandPower(model, frames));
    }

    @Test
    void shouldScoreTheBandPowersItIsGivenRatherThanComputeThemAgain() throws Exception {
        final PipelineModel model = SyntheticModels.model(PipelineKind.BANDPOWER_LR);
        final float[] all = PipelineDecoderFunctionTest.run();
        final List<BandPowerFrame> louder = changed(throughBandPower(all), 0, p -> p * 1e3);
        assertNotEquals(decodedFromFrames(model, all), decodedFromBandPower(model, louder));
    }

    @Test
    void shouldComputeAWindowWhoseBandPowersEndElsewhereInTheFrame() throws Exception {
        final PipelineModel model = SyntheticModels.model(PipelineKind.BANDPOWER_LR);
        final float[] all = PipelineDecoderFunctionTest.run();
        final List<BandPowerFrame> shifted = changed(throughBandPower(all), -1, p -> Double.NaN);
        assertEquals(decodedFromFrames(model, all), decodedFromBandPower(model, shifted));
    }

    @Test
    void shouldDecodeAModelWithFiltersFromItsOwnWindowEvenWithBandPowers() throws Exception {
        final PipelineModel model = SyntheticModels.model(PipelineKind.CSP_LDA);
        assertFalse(BandPowerDecoderFunction.scoresBandPower(model.toJson(), "m.json", OPTIONS));
        final float[] all = PipelineDecoderFunctionTest.run();
        assertEquals(
                decodedFromFrames(model, all), decodedFromBandPower(model, throughBandPower(all)));
    }

    @Test
    void shouldNotShareAveragedBandPowers() {
        final PipelineModel model = SyntheticModels.model(PipelineKind.BANDPOWER_LR);
        assertFalse(
                BandPowerDecoderFunction.scoresBandPower(
                        model.toJson(), "m.json", OPTIONS.withAveraging(4.0)));
    }
}

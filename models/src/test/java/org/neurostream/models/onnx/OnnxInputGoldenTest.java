package org.neurostream.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.models.pipeline.WindowScorer;
import org.neurostream.models.stream.CausalFilterBank;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.WindowRing;

/**
 * Each input kind's tensor against scipy's computation of it on a seeded fixture, and the whole
 * onnx pipeline (features, ONNX Runtime, softmax) against PyTorch on tiny graphs; golden values and
 * graphs from {@code src/test/resources/onnx/make_golden.py} (versions and parameters there).
 */
class OnnxInputGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/onnx");
    private static final double FS = 160;
    private static final int CHANNELS = 8;
    private static final int WINDOW = 320;
    private static final String BANDS = "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45";

    /** The fixture's last window through the input's filters, run from its first sample. */
    private static DMatrixRMaj[] window(FilterDesign filter) throws IOException {
        final NpyArray fixture = NpyArray.read(DIR.resolve("fixture.npy"));
        final int samples = fixture.dim(1);
        final float[] channelMajor = fixture.toFloatArray();
        final float[] sampleMajor = new float[channelMajor.length];
        for (int c = 0; c < CHANNELS; c++) {
            for (int t = 0; t < samples; t++) {
                sampleMajor[t * CHANNELS + c] = channelMajor[c * samples + t];
            }
        }
        final WindowRing ring = new WindowRing(new CausalFilterBank(filter, FS), CHANNELS, WINDOW);
        final DecoderStreamState state = ring.newState();
        ring.append(state, sampleMajor, 0, samples);
        final DMatrixRMaj[] window = ring.newWindow();
        ring.copyWindow(state, window);
        return window;
    }

    private static float[] features(OnnxInput input) throws IOException {
        final FilterDesign filter = input.filter() == null ? FilterDesign.none() : input.filter();
        final OnnxInput.Features features = input.newFeatures(CHANNELS, WINDOW, FS);
        final FloatBuffer out = FloatBuffer.allocate(features.size());
        features.compute(window(filter), out);
        return out.array();
    }

    private static void assertGolden(String file, float[] actual, double tolerance)
            throws IOException {
        final double[] golden = NpyArray.read(DIR.resolve(file)).toDoubleArray();
        assertEquals(golden.length, actual.length);
        for (int i = 0; i < golden.length; i++) {
            assertEquals(golden[i], actual[i], tolerance, file + " value " + i);
        }
    }

    @Test
    void shouldComputeLogBandPowerAsScipyWelch() throws IOException {
        assertGolden(
                "golden_band_power.npy",
                features(OnnxInput.bandPower(BANDS, "constant", "rect", true)),
                1e-5);
    }

    @Test
    void shouldComputeBandEntropyAsScipySosfiltAndNumpyVar() throws IOException {
        assertGolden(
                "golden_band_entropy.npy", features(OnnxInput.bandEntropy(BANDS, false)), 1e-5);
    }

    @Test
    void shouldComputeRbTransformerTokensInBitsOfTheNormalisedBands() throws IOException {
        assertGolden(
                "golden_tokens.npy",
                features(OnnxInput.rbTransformerTokens(OnnxInput.RBTRANSFORMER_BANDS, 4, 45)),
                1e-5);
    }

    @Test
    void shouldFeedTheRawWindowUnchanged() throws IOException {
        final float[] raw = features(OnnxInput.raw());
        final float[] fixture = NpyArray.read(DIR.resolve("fixture.npy")).toFloatArray();
        for (int c = 0; c < CHANNELS; c++) {
            for (int t = 0; t < WINDOW; t++) {
                assertEquals(fixture[c * 800 + 800 - WINDOW + t], raw[c * WINDOW + t]);
            }
        }
    }

    /** The pipeline's probabilities on the fixture against PyTorch's output on scipy's input. */
    private static void assertPipeline(
            OnnxInput input,
            String graph,
            String inputName,
            boolean batch,
            String outputName,
            boolean logits,
            int classes)
            throws IOException {
        final byte[] bytes = Files.readAllBytes(DIR.resolve(graph + ".onnx"));
        try (OnnxPipeline pipeline =
                OnnxPipeline.of(
                        input,
                        bytes,
                        inputName,
                        batch,
                        outputName,
                        logits,
                        CHANNELS,
                        classes,
                        WINDOW,
                        FS)) {
            final WindowScorer scorer = pipeline.newScorer();
            final double[] p = new double[classes];
            final FilterDesign filter =
                    input.filter() == null ? FilterDesign.none() : input.filter();
            scorer.probabilities(window(filter), p);
            final float[] torch = NpyArray.read(DIR.resolve(graph + "_out.npy")).toFloatArray();
            final double[] expected = new double[classes];
            final FloatBuffer out = FloatBuffer.wrap(torch);
            OnnxPipeline.probabilities(out, expected, classes, logits);
            for (int k = 0; k < classes; k++) {
                assertEquals(expected[k], p[k], 1e-5, graph + " class " + k);
            }
        }
    }

    @Test
    void shouldScoreBandPowerThroughALinearGraphAsPyTorch() throws IOException {
        assertPipeline(
                OnnxInput.bandPower(BANDS, "constant", "rect", true),
                "tiny_band_power",
                "x",
                true,
                "logits",
                true,
                2);
    }

    @Test
    void shouldScoreTokensThroughAnAttentionGraphWithProbabilitiesAsPyTorch() throws IOException {
        assertPipeline(
                OnnxInput.rbTransformerTokens(OnnxInput.RBTRANSFORMER_BANDS, 4, 45),
                "tiny_tokens",
                "tokens",
                true,
                "probabilities",
                false,
                3);
    }

    @Test
    void shouldScoreTheRawWindowThroughAGraphWithoutBatchAxisAsPyTorch() throws IOException {
        assertPipeline(OnnxInput.raw(), "tiny_raw", "samples", false, "logits", true, 2);
    }
}

package org.neurostream.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.models.synthetic.MotorImageryGenerator;

/**
 * The shipped example ({@code replay-data/models/electrode-attention.json}, made by {@code
 * src/test/resources/onnx/train_electrode_attention.py}): ONNX Runtime's Java API loads its native
 * library in this JVM and gives PyTorch's logits within 1e-5; the held-out runs decode as the
 * script recorded; the live decoder runs it allocating no buffers per window.
 */
class ElectrodeAttentionModelTest {
    private static final Path DIR = Path.of("src/test/resources/onnx");

    @TempDir Path tmp;

    private static PipelineModel model() throws IOException {
        return SyntheticModels.model(PipelineKind.ONNX);
    }

    @Test
    void shouldGivePyTorchsLogitsWithin1e5OnHeldOutTrials() throws IOException {
        final OnnxPipeline pipeline = assertInstanceOf(OnnxPipeline.class, model().pipeline());
        final NpyArray inputs = NpyArray.read(DIR.resolve("parity_inputs.npy"));
        final float[] x = inputs.toFloatArray();
        final float[] torch = NpyArray.read(DIR.resolve("parity_logits.npy")).toFloatArray();
        final int n = inputs.dim(0);
        final int size = pipeline.graph().inputSize();
        assertEquals(64 * 5, size);
        assertTrue(n >= 20, n + " parity inputs");
        try (OnnxGraph.Runner runner = pipeline.graph().newRunner()) {
            final FloatBuffer in = runner.input();
            for (int i = 0; i < n; i++) {
                // the same runner for every input: the reused direct buffer is what the graph reads
                for (int j = 0; j < size; j++) {
                    in.put(j, x[i * size + j]);
                }
                runner.run();
                for (int k = 0; k < 2; k++) {
                    assertEquals(torch[i * 2 + k], runner.output().get(k), 1e-5, "input " + i);
                }
            }
        }
    }

    @Test
    void shouldDecodeTheHeldOutGeneratedRunsAsTheTrainingScriptRecorded() throws IOException {
        final PipelineModel model = model();
        final List<Path> runs = new MotorImageryGenerator(21, 0.5).writeRuns(tmp, 6);
        final DecoderEvaluation.Outcome outcome =
                DecoderEvaluation.evaluate(model, SyntheticModels.ONNX_EXAMPLE, runs.subList(3, 6));
        final Map<String, Object> training = model.training();
        assertEquals(((Number) training.get("heldOutTrials")).intValue(), outcome.trials());
        // PyTorch and ONNX Runtime may round a trial on the boundary differently: one trial
        assertEquals(
                ((Number) training.get("heldOutTrialAccuracy")).doubleValue(),
                outcome.trialAccuracy(),
                1.0 / outcome.trials() + 1e-12);
        assertTrue(outcome.trialAccuracy() > 0.6, "trial accuracy " + outcome.trialAccuracy());
        assertTrue(outcome.windows() > 300, outcome.windows() + " windows");
    }

    @Test
    void shouldAllocateNoBuffersPerWindowInTheLiveDecoder() throws IOException {
        final PipelineModel model = model();
        final float[] all;
        final int n;
        try (EdfReader reader = EdfReader.open(SyntheticModels.runs().get(1))) {
            n = (int) reader.totalSamplesPerChannel();
            all = new float[n * reader.channelCount()];
            reader.read(all, n);
        }
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final DecoderStreamState state = decoder.newState();
        final long[] windows = new long[1];
        final StreamingDecoder.Listener listener = (seq, end, p, label) -> windows[0]++;
        final int channels = decoder.channels();
        final int half = n / 2;
        decoder.append(state, all, 0, half, listener);
        final ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = bean.getCurrentThreadAllocatedBytes();
        final long windowsBefore = windows[0];
        for (int at = half; at < n; at += 16) {
            decoder.append(state, all, at * channels, Math.min(16, n - at), listener);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        final long decoded = windows[0] - windowsBefore;
        assertTrue(decoded > 200);
        // ONNX Runtime's binding allocates its result holder and name arrays per run; the window's
        // 64 x 5 tensor (1280 bytes) and every buffer of ours are reused
        assertTrue(
                allocated / decoded < 1024,
                allocated / decoded + " bytes allocated per window over " + decoded);
    }

    @Test
    void shouldShipAGraphUnderOneMegabyte() throws IOException {
        assertTrue(Files.size(SyntheticModels.ONNX_EXAMPLE) < 1 << 20);
    }
}

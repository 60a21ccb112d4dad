package org.neurostream.models.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.neurostream.models.synthetic.MotorImageryGenerator;
import org.neurostream.models.training.DecoderTraining;

/**
 * Generated runs and models trained on them, made once per test JVM: subject seed 5, depth 0.5,
 * classes T1,T2, 2 folds (the figures do not matter here, only that the models are real). The
 * {@code onnx} model, which NeuroStream does not train, is the shipped example {@code
 * replay-data/models/electrode-attention.json} (64 generated channels at 160 Hz, T1,T2).
 */
public final class SyntheticModels {
    private static Path dir;
    private static List<Path> runs;
    private static final Map<PipelineKind, PipelineModel> MODELS =
            new EnumMap<>(PipelineKind.class);

    private SyntheticModels() {}

    /** Two generated runs. */
    public static synchronized List<Path> runs() {
        if (runs == null) {
            try {
                dir = Files.createTempDirectory("neurostream-decoders");
                dir.toFile().deleteOnExit();
                runs = new MotorImageryGenerator(5, 0.5).writeRuns(dir, 2);
                runs.forEach(r -> r.toFile().deleteOnExit());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runs;
    }

    /** The shipped ONNX example (tests run in the module's folder). */
    public static final Path ONNX_EXAMPLE =
            Path.of("../replay-data/models/electrode-attention.json");

    /** A model of {@code kind} trained on the first run (onnx: the shipped example). */
    public static synchronized PipelineModel model(PipelineKind kind) {
        return MODELS.computeIfAbsent(
                kind,
                k -> {
                    try {
                        if (!k.trainable()) {
                            return PipelineModel.read(ONNX_EXAMPLE);
                        }
                        return DecoderTraining.train(
                                        new DecoderTraining.Request(
                                                List.of(runs().get(0)),
                                                "T1,T2",
                                                k,
                                                0.5,
                                                2.5,
                                                2,
                                                "synthetic-" + k.label()))
                                .model();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}

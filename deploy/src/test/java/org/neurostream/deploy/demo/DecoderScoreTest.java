package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.PipelineModel;

/**
 * The demo's decoder figures: the shipped decoder's predictions on the shipped generated session
 * score as {@code evaluate-decoder}'s window accuracy scores them, and the models are counted in
 * order of first use.
 */
class DecoderScoreTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path MODEL = HOME.resolve("replay-data/models/left-right.json");
    private static final Path SESSION = HOME.resolve("replay-data/eeg/synth-s21-r04.edf");
    private static final long PERIOD_NS = 6_250_000L;

    @Test
    void shouldScoreTheShippedDecoderOnTheGeneratedSessionAsEvaluateDecoderDoes() throws Exception {
        final PipelineModel model = PipelineModel.read(MODEL);
        final DecoderEvaluation.Outcome evaluated =
                DecoderEvaluation.evaluate(model, MODEL, List.of(SESSION));
        final List<DecoderEvaluation.Window> windows =
                DecoderEvaluation.DIRECT.of(model, MODEL, List.of(SESSION)).get(0);
        try (FileStream stream =
                FileStreams.open(
                        SESSION,
                        new FileStreams.Options(
                                Duration.ofMillis(50), Duration.ofMillis(10), 30.0))) {
            final DecoderScore score = DecoderScore.of(model, List.of(stream));
            for (int i = 0; i < windows.size(); i++) {
                final DecoderEvaluation.Window w = windows.get(i);
                score.add(
                        prediction(
                                stream.streamId(),
                                i < 100 ? 0 : 1,
                                w.endSample(),
                                model.classes().get(w.label()).name()));
            }
            // a stream without annotations is counted, not scored
            score.add(prediction("other/eeg", 1, 320, "T1"));
            assertEquals(evaluated.windows(), score.scored());
            assertEquals(evaluated.windowAccuracy(), score.accuracy());
            assertTrue(score.accuracy() > 0.9, "held-out window accuracy " + score.accuracy());
            assertEquals(
                    "left-right@0:100,left-right@1:" + (windows.size() - 100 + 1), score.models());
        }
    }

    @Test
    void shouldScoreNothingWithoutAModelYetCountTheModels() throws Exception {
        final DecoderScore score = DecoderScore.of(null, List.of());
        score.add(prediction("a/eeg", 2, 320, "T1"));
        assertNull(score.accuracy());
        assertEquals("left-right@2:1", score.models());
    }

    private static PredictionRecord prediction(
            final String stream, final long version, final long endSample, final String label) {
        final PredictionRecord p = new PredictionRecord();
        p.streamId = stream;
        p.model = "left-right";
        p.modelVersion = version;
        p.endNs = endSample * PERIOD_NS;
        p.startNs = p.endNs - 320 * PERIOD_NS;
        p.label = label;
        return p;
    }
}

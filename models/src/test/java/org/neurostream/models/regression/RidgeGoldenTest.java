package org.neurostream.models.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.training.RidgeEvaluation;
import org.neurostream.models.training.RidgeTraining;

/**
 * Ridge decoding of running speed from calcium dF/F against scikit-learn: {@code
 * src/test/resources/ridge/make_golden.py} wrote {@code ridge.nwb} and {@code expected.json}
 * (versions and procedure in its header).
 */
class RidgeGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/ridge");
    private static final double TOL = 1e-9;

    private static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
    }

    private static double[] doubles(JsonNode array) {
        final double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    private static RidgeTraining.Outcome train() throws IOException {
        return RidgeTraining.train(DIR.resolve("ridge.nwb"), null, "speed", 5, "speed");
    }

    @Test
    void shouldMatchScikitLearnNestedBlockedCrossValidation() throws IOException {
        final JsonNode e = expected();
        final RidgeModel m = train().model();
        assertEquals(e.get("observations").intValue(), m.observations());
        assertArrayEquals(doubles(e.get("fold_alphas")), m.validation().foldAlphas());
        assertArrayEquals(doubles(e.get("fold_r2")), m.validation().foldR2(), TOL);
        assertEquals(e.get("cv_r2").doubleValue(), m.validation().meanR2(), TOL);
    }

    @Test
    void shouldFitTheFinalModelAsScikitLearnPipeline() throws IOException {
        final JsonNode e = expected();
        final RidgeModel m = train().model();
        final RidgeRegression r = m.regression();
        assertEquals(e.get("alpha").doubleValue(), r.alpha());
        assertArrayEquals(doubles(e.get("mean")), r.mean(), TOL);
        assertArrayEquals(doubles(e.get("scale")), r.scale(), TOL);
        assertArrayEquals(doubles(e.get("coef")), r.coef(), TOL);
        assertEquals(e.get("intercept").doubleValue(), r.intercept(), TOL);
        assertEquals("/processing/ophys/DfOverF/dff", m.inputSeries());
        assertEquals("/processing/behavior/BehavioralTimeSeries/speed", m.targetSeries());
        assertEquals(8, m.channels().size());
    }

    @Test
    void shouldPrintTheContractLine() throws IOException {
        final JsonNode e = expected();
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "pipeline=ridge target=/processing/behavior/BehavioralTimeSeries/speed"
                                + " trials=%d cv_r2=%.3f",
                        e.get("observations").intValue(),
                        e.get("cv_r2").doubleValue()),
                train().figures());
    }

    @Test
    void shouldPredictTheSameAfterWritingAndReadingTheModelFile(@TempDir Path tmp)
            throws IOException {
        final RidgeModel m = train().model();
        final Path file = tmp.resolve("speed.json");
        m.write(file);
        final RidgeModel back = RidgeModel.read(file);
        final double[] x = {0.1, -0.2, 0.3, 0.05, 0, 0.1, -0.1, 0.2};
        assertEquals(m.predict(x), back.predict(x), 0.0);
        assertEquals(m.validation().meanR2(), back.validation().meanR2(), 0.0);
        final ModelFormatException refused =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertTrue(refused.getMessage().contains("ridge"), refused.getMessage());
    }

    @Test
    void shouldScoreTheFinalModelOnAFileAsScikitLearn() throws IOException {
        final RidgeEvaluation.Outcome o =
                RidgeEvaluation.evaluate(
                        train().model(), java.util.List.of(DIR.resolve("ridge.nwb")));
        assertEquals(expected().get("observations").intValue(), o.observations());
        assertEquals(expected().get("final_r2_all").doubleValue(), o.r2(), TOL);
    }

    @Test
    void shouldRefuseATargetOfSeveralColumns() {
        final Exception e =
                assertThrows(
                        IOException.class,
                        () ->
                                RidgeTraining.train(
                                        Path.of("../ingest/src/test/resources/nwb/ophys.nwb"),
                                        "dff",
                                        "position",
                                        5,
                                        "x"));
        assertTrue(e.getMessage().contains("ridge predicts one"), e.getMessage());
    }

    @Test
    void shouldPredictTheGoldenValuesOfTheFirstObservations() throws IOException {
        assertTrue(Files.exists(DIR.resolve("ridge.nwb")));
        final JsonNode e = expected();
        final RidgeModel m = train().model();
        final double[] want = doubles(e.get("predictions_first5"));
        // the first dF/F sample (t = 0) precedes the first speed sample and is not an observation
        assertEquals(1, e.get("first_row").intValue());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], m.predict(doubles(e.get("features_first5").get(i))), TOL);
        }
    }
}

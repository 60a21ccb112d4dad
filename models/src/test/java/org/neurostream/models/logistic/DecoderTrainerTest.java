package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderTrainerTest {
    /** Phi(1) = scipy.stats.norm.cdf(1.0): Bayes accuracy of unit-variance classes 2 apart. */
    private static final double BAYES_ACCURACY_SEPARATION_2 = 0.8413447460685429;

    @TempDir Path dir;

    @Test
    void shouldTrainADeployableModelWithItsValidation() throws IOException {
        SyntheticData data = SyntheticData.gaussianClasses(41L, 60, 8, 10, 2.0);
        DecoderTrainer trainer = new DecoderTrainer(TrainingOptions.defaults());

        TrainedDecoder trained =
                trainer.train(
                        data.x,
                        data.y,
                        data.groups,
                        List.of("rest", "imagery"),
                        Map.of("transform", "log10"),
                        Map.of("recording", "synthetic"));

        TrainingReport report = trained.report();
        DecoderModel model = trained.model();
        assertEquals(BAYES_ACCURACY_SEPARATION_2, report.cvAccuracy(), 0.05);
        assertEquals(0.5, report.chanceLevel(), 0.05);
        assertEquals(5, report.foldAccuracies().length);
        assertArrayEquals(new int[] {240, 240}, report.samplesPerClass());
        assertEquals(60, report.groupCount());
        assertEquals(report.cvAccuracy(), model.cvAccuracy(), 0.0);
        assertEquals(report.chanceLevel(), model.chanceLevel(), 0.0);
        assertEquals(report.chosenL2(), model.l2(), 0.0);
        assertTrue(List.of(1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2).contains(report.chosenL2()));

        // the deployed model is the plain fit on all data at the chosen l2
        LogisticRegression fit = LogisticRegression.fit(data.x, data.y, report.chosenL2());
        for (double[] row : data.x) {
            assertEquals(
                    Double.doubleToRawLongBits(fit.probability(row)),
                    Double.doubleToRawLongBits(model.probability(row)));
        }

        Path file = dir.resolve("decoder.json");
        model.write(file);
        Map<String, Object> training = DecoderModel.read(file).trainingData();
        assertEquals("synthetic", training.get("recording"));
        assertEquals(Map.of("rest", 240, "imagery", 240), training.get("samplesPerClass"));
        assertEquals(60, training.get("groups"));
        Map<?, ?> validation = (Map<?, ?>) training.get("validation");
        assertEquals(5, ((List<?>) validation.get("foldAccuracies")).size());
        assertEquals(5, validation.get("outerFolds"));
    }

    @Test
    void shouldRefuseTrainingDataKeysItFillsItself() {
        SyntheticData data = SyntheticData.gaussianClasses(42L, 20, 4, 3, 2.0);
        DecoderTrainer trainer = new DecoderTrainer(TrainingOptions.defaults());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                trainer.train(
                                        data.x,
                                        data.y,
                                        data.groups,
                                        List.of("rest", "imagery"),
                                        Map.of(),
                                        Map.of("groups", 3)));
        assertEquals("trainingData: key 'groups' is filled in by the trainer", e.getMessage());
    }

    @Test
    void shouldRefuseTooFewEpochsForTheFolds() {
        SyntheticData data = SyntheticData.gaussianClasses(43L, 4, 10, 3, 2.0);
        DecoderTrainer trainer = new DecoderTrainer(TrainingOptions.defaults());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                trainer.train(
                                        data.x,
                                        data.y,
                                        data.groups,
                                        List.of("rest", "imagery"),
                                        Map.of(),
                                        Map.of()));
        assertTrue(e.getMessage().contains("needs at least 5 groups, got 4"), e.getMessage());
    }
}

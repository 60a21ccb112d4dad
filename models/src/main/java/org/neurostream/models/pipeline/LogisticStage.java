package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.neurostream.models.logistic.CrossValidation;
import org.neurostream.models.logistic.LogisticRegression;

/**
 * The logistic-regression step of {@code ts-lr} and {@code bandpower-lr}: {@link
 * LogisticRegression}'s solver, with its L2 strength chosen by grouped inner cross-validation on
 * the training rows only (lowest held-out log-loss, {@link CrossValidation#gridSearch}), and its
 * parameters in the model file as {@code mean, scale, weights, bias, l2}.
 */
final class LogisticStage {
    private LogisticStage() {}

    /** Chooses l2 from {@code grid} on {@code x} (rows of one training part), then fits. */
    static LogisticRegression fit(
            double[][] x, int[] y, int[] groups, double[] grid, int folds, boolean standardise) {
        final double l2 =
                grid.length == 1
                        ? grid[0]
                        : CrossValidation.gridSearch(x, y, groups, grid, folds, standardise)
                                .selectedL2();
        return LogisticRegression.fitPath(x, y, new double[] {l2}, standardise)[0];
    }

    static void write(LogisticRegression model, ObjectNode node) {
        Json.put(node, "mean", model.mean());
        Json.put(node, "scale", model.scale());
        Json.put(node, "weights", model.weights());
        node.put("bias", model.bias());
        node.put("l2", model.l2());
    }

    static LogisticRegression read(JsonNode node, String path, int features) {
        final double[] mean = Json.numbers(node, path, "mean", features);
        final double[] scale = Json.numbers(node, path, "scale", features);
        final double[] weights = Json.numbers(node, path, "weights", features);
        final double bias = Json.number(node, path, "bias");
        final double l2 = Json.number(node, path, "l2");
        try {
            return LogisticRegression.of(mean, scale, weights, bias, l2);
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid(path, e.getMessage());
        }
    }
}

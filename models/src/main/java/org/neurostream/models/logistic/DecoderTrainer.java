package org.neurostream.models.logistic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a deployable {@link DecoderModel} from labelled feature windows.
 *
 * <p>The procedure: choose l2 from the grid by plain grouped cross-validation on all data (lowest
 * mean held-out log-loss, see {@link CrossValidation#gridSearch}), then fit on all data with it.
 * The accuracy it reports is not that selection's score, which is optimistic, but a nested grouped
 * cross-validation of the very same procedure ({@link CrossValidation#nested}): each outer training
 * part chooses its own l2 with its own inner folds, and only the outer test folds are scored. The
 * chance level comes from the same outer folds.
 */
public final class DecoderTrainer {
    private static final String SAMPLES_PER_CLASS = "samplesPerClass";
    private static final String GROUPS = "groups";
    private static final String VALIDATION = "validation";

    private final TrainingOptions options;

    /** A trainer with the given grid and fold counts. */
    public DecoderTrainer(TrainingOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
    }

    /**
     * Validates and trains.
     *
     * @param features one row of raw features per window, all the same length, finite
     * @param labels 0 or 1 per window, both present
     * @param groups per window, the id of the annotated epoch it was cut from
     * @param classNames names of class 0 and class 1
     * @param featureDescription free-form, copied into the model (bands, channels, window...)
     * @param trainingData free-form, copied into the model; the trainer adds the keys {@code
     *     samplesPerClass} (class name to count), {@code groups} (group count) and {@code
     *     validation} (method, folds, grid, per-fold figures), which must not be present
     * @throws IllegalArgumentException on malformed input, too few groups per class for the fold
     *     counts, or a clash in {@code trainingData}
     */
    public TrainedDecoder train(
            double[][] features,
            int[] labels,
            int[] groups,
            List<String> classNames,
            Map<String, ?> featureDescription,
            Map<String, ?> trainingData) {
        // the cheap checks first: cross-validation takes seconds on real feature counts
        if (trainingData == null || featureDescription == null) {
            throw new IllegalArgumentException(
                    "trainingData and featureDescription must not be null (use an empty map)");
        }
        for (String key : List.of(SAMPLES_PER_CLASS, GROUPS, VALIDATION)) {
            if (trainingData.containsKey(key)) {
                throw new IllegalArgumentException(
                        "trainingData: key '" + key + "' is filled in by the trainer");
            }
        }
        if (classNames == null
                || classNames.size() != 2
                || classNames.get(0) == null
                || classNames.get(0).equals(classNames.get(1))) {
            throw new IllegalArgumentException(
                    "classNames: need 2 distinct names, got " + classNames);
        }
        double[] grid = options.l2Grid();
        CrossValidationResult nested =
                CrossValidation.nested(
                        features, labels, groups, grid, options.outerFolds(), options.innerFolds());
        GridSearchResult selection =
                CrossValidation.gridSearch(features, labels, groups, grid, options.innerFolds());
        LogisticRegression fit = LogisticRegression.fit(features, labels, selection.selectedL2());

        int[] counts = new int[2];
        for (int label : labels) {
            counts[label]++;
        }
        int groupCount = (int) Arrays.stream(groups).distinct().count();

        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put(classNames.get(0), counts[0]);
        counted.put(classNames.get(1), counts[1]);
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put(
                "method",
                "nested grouped k-fold; l2 chosen by lowest inner held-out"
                        + " log-loss; deployed l2 chosen the same way on all data");
        validation.put("outerFolds", options.outerFolds());
        validation.put("innerFolds", options.innerFolds());
        validation.put("l2Grid", grid);
        validation.put("foldAccuracies", nested.foldAccuracies());
        validation.put("foldChanceLevels", nested.foldChanceLevels());
        validation.put("foldL2", nested.foldL2());
        Map<String, Object> data = new LinkedHashMap<>(trainingData);
        data.put(SAMPLES_PER_CLASS, counted);
        data.put(GROUPS, groupCount);
        data.put(VALIDATION, validation);

        DecoderModel model =
                DecoderModel.logistic(
                        classNames,
                        featureDescription,
                        fit.mean(),
                        fit.scale(),
                        fit.weights(),
                        fit.bias(),
                        fit.l2(),
                        nested.accuracy(),
                        nested.chanceLevel(),
                        data);
        return new TrainedDecoder(model, new TrainingReport(nested, selection, counts, groupCount));
    }
}

package org.neurostream.models.logistic;

import java.util.Arrays;

/**
 * How a decoder was validated and what it was trained on.
 *
 * @param crossValidation nested grouped cross-validation of the whole training procedure; its
 *     accuracy is the figure to quote
 * @param selection the plain grouped cross-validation over the grid on all data that chose the
 *     deployed l2 (its score for the chosen value is optimistic, see {@link GridSearchResult})
 * @param samplesPerClass samples of class 0 and of class 1
 * @param groupCount distinct groups (annotated epochs)
 */
public record TrainingReport(
        CrossValidationResult crossValidation,
        GridSearchResult selection,
        int[] samplesPerClass,
        int groupCount) {

    /** Copies the array so the record stays immutable. */
    public TrainingReport {
        samplesPerClass = samplesPerClass.clone();
    }

    /** Mean over outer folds of the held-out accuracy. */
    public double cvAccuracy() {
        return crossValidation.accuracy();
    }

    /** Held-out accuracy per outer fold. */
    public double[] foldAccuracies() {
        return crossValidation.foldAccuracies();
    }

    /** Mean over outer folds of the accuracy of always answering the training majority. */
    public double chanceLevel() {
        return crossValidation.chanceLevel();
    }

    /** The l2 of the deployed model. */
    public double chosenL2() {
        return selection.selectedL2();
    }

    /** Samples of class 0 and class 1 (a copy). */
    @Override
    public int[] samplesPerClass() {
        return samplesPerClass.clone();
    }

    /** A one-line summary of every figure, for logs and the command line. */
    @Override
    public String toString() {
        return "cross-validated accuracy "
                + cvAccuracy()
                + " (chance "
                + chanceLevel()
                + "), per outer fold "
                + Arrays.toString(foldAccuracies())
                + ", l2 per outer fold "
                + Arrays.toString(crossValidation.foldL2())
                + "; deployed l2 "
                + chosenL2()
                + " from grid "
                + Arrays.toString(selection.l2Grid())
                + " (mean held-out log-loss "
                + Arrays.toString(selection.meanLogLoss())
                + ")"
                + "; samples per class "
                + Arrays.toString(samplesPerClass)
                + ", groups "
                + groupCount;
    }
}

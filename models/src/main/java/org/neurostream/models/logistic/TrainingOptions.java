package org.neurostream.models.logistic;

/**
 * How {@link DecoderTrainer} validates and regularises.
 *
 * @param l2Grid candidate L2 strengths (on the mean log-loss of standardised features)
 * @param outerFolds grouped folds of the nested estimate of accuracy
 * @param innerFolds grouped folds that choose l2, inside each outer training part and, for the
 *     deployed model, on all the data
 */
public record TrainingOptions(double[] l2Grid, int outerFolds, int innerFolds) {
    /** Log-spaced default grid, one value per decade from 1e-3 (weak) to 1e2 (weights near 0). */
    private static final double[] DEFAULT_L2_GRID = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2};

    /**
     * Checks and copies the options.
     *
     * @throws IllegalArgumentException on an invalid grid or fewer than 2 folds
     */
    public TrainingOptions {
        Inputs.checkGrid(l2Grid);
        l2Grid = l2Grid.clone();
        if (outerFolds < 2 || innerFolds < 2) {
            throw new IllegalArgumentException(
                    "folds must be at least 2, got outer " + outerFolds + ", inner " + innerFolds);
        }
    }

    /** The default grid {1e-3, 1e-2, 0.1, 1, 10, 100} with 5 outer and 5 inner folds. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(DEFAULT_L2_GRID, 5, 5);
    }

    /** The candidate L2 strengths (a copy). */
    @Override
    public double[] l2Grid() {
        return l2Grid.clone();
    }
}

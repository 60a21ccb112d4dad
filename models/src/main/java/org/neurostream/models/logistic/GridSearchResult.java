package org.neurostream.models.logistic;

/**
 * Plain grouped cross-validation of every L2 strength on a grid, all on the same folds.
 *
 * <p>The scores of the selected value are optimistic (it was picked because it scored best on these
 * very folds); the honest estimate of a model chosen this way is a nested one, where each outer
 * training part searches on its own.
 *
 * @param l2Grid the L2 strengths, in the order given
 * @param meanAccuracy per grid value, the mean over folds of the held-out accuracy
 * @param meanLogLoss per grid value, the mean over folds of the held-out mean log-loss (nats)
 * @param chanceLevel mean over folds of the accuracy of always predicting the training majority
 * @param folds number of folds
 * @param selectedIndex the grid index with the lowest mean log-loss (ties to the larger l2)
 */
public record GridSearchResult(
        double[] l2Grid,
        double[] meanAccuracy,
        double[] meanLogLoss,
        double chanceLevel,
        int folds,
        int selectedIndex) {

    /** Copies the arrays so the record stays immutable. */
    public GridSearchResult {
        l2Grid = l2Grid.clone();
        meanAccuracy = meanAccuracy.clone();
        meanLogLoss = meanLogLoss.clone();
    }

    /** The selected L2 strength. */
    public double selectedL2() {
        return l2Grid[selectedIndex];
    }

    /** The L2 strengths (a copy). */
    @Override
    public double[] l2Grid() {
        return l2Grid.clone();
    }

    /** Mean held-out accuracy per grid value (a copy). */
    @Override
    public double[] meanAccuracy() {
        return meanAccuracy.clone();
    }

    /** Mean held-out log-loss per grid value (a copy). */
    @Override
    public double[] meanLogLoss() {
        return meanLogLoss.clone();
    }
}

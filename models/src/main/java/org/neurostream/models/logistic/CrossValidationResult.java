package org.neurostream.models.logistic;

/**
 * Held-out performance over grouped outer folds.
 *
 * @param accuracy mean over folds of the held-out accuracy
 * @param foldAccuracies held-out accuracy per fold
 * @param chanceLevel mean over folds of the held-out accuracy of always predicting the class that
 *     is the majority in that fold's training part (ties to class 0)
 * @param foldChanceLevels that chance accuracy per fold
 * @param foldL2 the L2 strength used in each fold (chosen by the inner cross-validation)
 */
public record CrossValidationResult(
        double accuracy,
        double[] foldAccuracies,
        double chanceLevel,
        double[] foldChanceLevels,
        double[] foldL2) {

    /** Copies the arrays so the record stays immutable. */
    public CrossValidationResult {
        foldAccuracies = foldAccuracies.clone();
        foldChanceLevels = foldChanceLevels.clone();
        foldL2 = foldL2.clone();
    }

    /** Held-out accuracy per fold (a copy). */
    @Override
    public double[] foldAccuracies() {
        return foldAccuracies.clone();
    }

    /** Chance accuracy per fold (a copy). */
    @Override
    public double[] foldChanceLevels() {
        return foldChanceLevels.clone();
    }

    /** L2 strength per fold (a copy). */
    @Override
    public double[] foldL2() {
        return foldL2.clone();
    }
}

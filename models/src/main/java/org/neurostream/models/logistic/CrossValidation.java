package org.neurostream.models.logistic;

/**
 * Grouped cross-validation of {@link LogisticRegression} over an L2 grid: how the pipelines with a
 * logistic step choose its strength inside each of their own training parts (the nested estimate of
 * a whole pipeline is {@code models.training.PipelineCrossValidation}'s).
 *
 * <p>Folds come from {@link GroupedKFold}, so no group (trial) is ever split between training and
 * test. Standardisation is learned inside each training part. Accuracy is the fraction of held-out
 * samples whose {@link LogisticRegression#predict} equals the label; the chance level of a fold is
 * the held-out accuracy of always answering the training part's majority class (ties to class 0);
 * both are averaged over folds with equal weight per fold.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /**
     * Plain grouped cross-validation of every grid value on one set of folds; selects the value
     * with the lowest mean held-out log-loss (a proper score that rewards calibrated probabilities
     * and rarely ties, unlike accuracy), ties going to the larger l2.
     *
     * @throws IllegalArgumentException on malformed input, too few groups, or a training part with
     *     a single class
     */
    public static GridSearchResult gridSearch(
            double[][] x, int[] y, int[] groups, double[] l2Grid, int folds) {
        return gridSearch(x, y, groups, l2Grid, folds, true);
    }

    /**
     * As {@link #gridSearch(double[][], int[], int[], double[], int)}, with the features only
     * centred when {@code standardise} is false ({@link LogisticRegression#fitPath(double[][],
     * int[], double[], boolean)}).
     */
    public static GridSearchResult gridSearch(
            double[][] x, int[] y, int[] groups, double[] l2Grid, int folds, boolean standardise) {
        int n = checkAll(x, y, groups, l2Grid);
        return gridSearch(x, y, groups, Inputs.allRows(n), l2Grid, folds, standardise);
    }

    /** {@link #gridSearch} restricted to {@code rows} of checked inputs. */
    static GridSearchResult gridSearch(
            double[][] x, int[] y, int[] groups, int[] rows, double[] l2Grid, int folds) {
        return gridSearch(x, y, groups, rows, l2Grid, folds, true);
    }

    private static GridSearchResult gridSearch(
            double[][] x,
            int[] y,
            int[] groups,
            int[] rows,
            double[] l2Grid,
            int folds,
            boolean standardise) {
        int[] fold =
                GroupedKFold.assign(Inputs.select(y, rows), Inputs.select(groups, rows), folds);
        double[] accuracySum = new double[l2Grid.length];
        double[] lossSum = new double[l2Grid.length];
        double chanceSum = 0.0;
        for (int f = 0; f < folds; f++) {
            int[] train = mapRows(rows, GroupedKFold.rows(fold, f, false));
            int[] test = mapRows(rows, GroupedKFold.rows(fold, f, true));
            Inputs.requireBothClasses(y, train, "training part of fold " + f);
            LogisticRegression[] path =
                    LogisticRegression.fitPath(x, y, train, l2Grid, standardise);
            for (int k = 0; k < l2Grid.length; k++) {
                accuracySum[k] += accuracy(path[k], x, y, test);
                lossSum[k] += logLoss(path[k], x, y, test);
            }
            chanceSum += chance(y, train, test);
        }
        int best = 0;
        for (int k = 0; k < l2Grid.length; k++) {
            accuracySum[k] /= folds;
            lossSum[k] /= folds;
        }
        for (int k = 1; k < l2Grid.length; k++) {
            if (lossSum[k] < lossSum[best]
                    || (lossSum[k] == lossSum[best] && l2Grid[k] > l2Grid[best])) {
                best = k;
            }
        }
        return new GridSearchResult(l2Grid, accuracySum, lossSum, chanceSum / folds, folds, best);
    }

    private static int checkAll(double[][] x, int[] y, int[] groups, double[] l2Grid) {
        int n = x == null ? 0 : x.length;
        Inputs.checkFeatures(x);
        Inputs.checkLabels(y, n);
        Inputs.checkGroups(groups, n);
        Inputs.checkGrid(l2Grid);
        return n;
    }

    private static int[] mapRows(int[] rows, int[] local) {
        int[] out = new int[local.length];
        for (int k = 0; k < local.length; k++) {
            out[k] = rows[local[k]];
        }
        return out;
    }

    private static double accuracy(LogisticRegression model, double[][] x, int[] y, int[] test) {
        int correct = 0;
        for (int r : test) {
            if (model.predict(x[r]) == y[r]) {
                correct++;
            }
        }
        return (double) correct / test.length;
    }

    private static double logLoss(LogisticRegression model, double[][] x, int[] y, int[] test) {
        double sum = 0.0;
        for (int r : test) {
            sum += LinearScore.logLoss(model.logOdds(x[r]), y[r]);
        }
        return sum / test.length;
    }

    private static double chance(int[] y, int[] train, int[] test) {
        int ones = 0;
        for (int r : train) {
            ones += y[r];
        }
        int majority = 2 * ones > train.length ? 1 : 0;
        int hits = 0;
        for (int r : test) {
            if (y[r] == majority) {
                hits++;
            }
        }
        return (double) hits / test.length;
    }
}

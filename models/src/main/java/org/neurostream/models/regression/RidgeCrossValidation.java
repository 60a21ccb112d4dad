package org.neurostream.models.regression;

import java.util.Arrays;

/**
 * Nested, blocked cross-validation of ridge regression on a time series: the observations (in time
 * order) are split into contiguous folds ({@link ContiguousKFold}); in each training part the
 * penalty is chosen from {@link #ALPHAS} by the same blocked k-fold on that part alone (the mean
 * held-out R^2 over the inner folds, the first alpha on ties), the model refitted there with it and
 * scored on the held-out block. The same procedure as scikit-learn's {@code GridSearchCV(...,
 * cv=KFold(k))} inside {@code KFold(k)}, both without shuffling.
 */
public final class RidgeCrossValidation {
    /** The penalties searched: 1e-3, 1e-2, ..., 1e3 (on standardized features). */
    public static final double[] ALPHAS = {1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3};

    private RidgeCrossValidation() {}

    /**
     * The outcome.
     *
     * @param foldAlphas the penalty each outer training part chose
     * @param foldR2 the held-out R^2 of each outer fold
     */
    public record Result(double[] foldAlphas, double[] foldR2) {
        /** The mean of {@link #foldR2}: the cross-validated R^2 reported. */
        public double meanR2() {
            double s = 0;
            for (final double r : foldR2) {
                s += r;
            }
            return s / foldR2.length;
        }
    }

    /**
     * Runs the nested cross-validation on every observation of {@code x} (row-major).
     *
     * @throws IllegalArgumentException when there are too few observations for the folds
     */
    public static Result run(
            final double[] x, final int features, final double[] y, final int folds) {
        final int n = y.length;
        final int[] fold = ContiguousKFold.assign(n, folds);
        final double[] alphas = new double[folds];
        final double[] r2 = new double[folds];
        for (int f = 0; f < folds; f++) {
            final int[] train = rows(fold, f, false);
            final int[] test = rows(fold, f, true);
            alphas[f] = chooseAlpha(x, features, y, train, folds);
            r2[f] = RidgeRegression.fit(x, features, y, train, alphas[f]).r2(x, y, test);
        }
        return new Result(alphas, r2);
    }

    /**
     * The penalty of {@link #ALPHAS} with the best mean held-out R^2 over blocked {@code folds}
     * folds of {@code rows} (taken in the order given).
     */
    public static double chooseAlpha(
            final double[] x,
            final int features,
            final double[] y,
            final int[] rows,
            final int folds) {
        final int[] fold = ContiguousKFold.assign(rows.length, folds);
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (final double alpha : ALPHAS) {
            double score = 0;
            for (int f = 0; f < folds; f++) {
                final int[] train = pick(rows, rows(fold, f, false));
                final int[] test = pick(rows, rows(fold, f, true));
                score += RidgeRegression.fit(x, features, y, train, alpha).r2(x, y, test);
            }
            score /= folds;
            if (score > bestScore) {
                bestScore = score;
                best = alpha;
            }
        }
        return best;
    }

    private static int[] rows(final int[] fold, final int f, final boolean in) {
        final int[] out = new int[fold.length];
        int k = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == in) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static int[] pick(final int[] rows, final int[] positions) {
        final int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = rows[positions[i]];
        }
        return out;
    }
}

package org.neurostream.models.regression;

/**
 * K-fold assignment in contiguous blocks, for time series: observation order is kept, fold 0 takes
 * the first block, fold 1 the next, and so on; the first {@code n % k} folds hold one observation
 * more (scikit-learn's {@code KFold(k, shuffle=False)}). Neighbouring samples of a slow signal
 * (calcium, running speed) are near-copies, so shuffled folds would test on samples the training
 * part all but contains; contiguous blocks share only their edges.
 */
public final class ContiguousKFold {
    private ContiguousKFold() {}

    /**
     * The fold of each of {@code n} observations.
     *
     * @throws IllegalArgumentException when {@code folds < 2} or {@code n < folds}
     */
    public static int[] assign(final int n, final int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + folds);
        }
        if (n < folds) {
            throw new IllegalArgumentException(
                    folds
                            + "-fold cross-validation needs at least "
                            + folds
                            + " observations, got "
                            + n);
        }
        final int[] fold = new int[n];
        int i = 0;
        for (int f = 0; f < folds; f++) {
            final int size = n / folds + (f < n % folds ? 1 : 0);
            for (int j = 0; j < size; j++) {
                fold[i++] = f;
            }
        }
        return fold;
    }
}

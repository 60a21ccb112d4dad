package org.neurostream.models.logistic;

import java.util.Arrays;

/**
 * Deterministic, class-stratified k-fold assignment that never splits a group.
 *
 * <p>Windows cut from one annotated epoch overlap and share its label, so a window in the test fold
 * would have near-copies in the training folds; all samples with the same group id therefore go to
 * the same fold. Each group is filed under its most frequent label (ties under the smaller). Label
 * 0's groups, then label 1's, and so on for every label, each in ascending group id, go one by one
 * to the fold that so far holds the fewest samples of that label, ties to the fold with the fewest
 * samples overall, then to the lowest fold index. With equal group sizes this deals groups out in
 * turn, so every fold spans the whole recording and holds both classes in about the overall
 * proportion. No randomness: the same labels and groups always give the same folds, whatever order
 * the samples come in.
 */
public final class GroupedKFold {
    private GroupedKFold() {}

    /**
     * Assigns every sample a fold in {@code [0, folds)}.
     *
     * @param labels class index per sample, 0 or more (binary decoders: 0 or 1)
     * @param groups group id per sample (any ints)
     * @param folds number of folds, at least 2 and at most the number of distinct groups
     * @return the fold of each sample; every fold is non-empty
     * @throws IllegalArgumentException on malformed input or too few groups
     */
    public static int[] assign(int[] labels, int[] groups, int folds) {
        int n = labels == null ? 0 : labels.length;
        Inputs.checkClassLabels(labels, n);
        Inputs.checkGroups(groups, n);
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + folds);
        }
        int[] ids = groups.clone();
        Arrays.sort(ids);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        ids = Arrays.copyOf(ids, distinct);
        if (distinct < folds) {
            throw new IllegalArgumentException(
                    "grouped "
                            + folds
                            + "-fold split needs at least "
                            + folds
                            + " groups, got "
                            + distinct);
        }

        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        int[] size = new int[distinct];
        int[][] perClass = new int[distinct][classes];
        int[] groupIndex = new int[n];
        for (int i = 0; i < n; i++) {
            int gi = Arrays.binarySearch(ids, groups[i]);
            groupIndex[i] = gi;
            size[gi]++;
            perClass[gi][labels[i]]++;
        }

        int[] groupFold = new int[distinct];
        int[][] perLabel = new int[classes][folds];
        int[] total = new int[folds];
        for (int label = 0; label < classes; label++) {
            int[] load = perLabel[label];
            for (int gi = 0; gi < distinct; gi++) {
                int majority = 0;
                for (int k = 1; k < classes; k++) {
                    if (perClass[gi][k] > perClass[gi][majority]) {
                        majority = k;
                    }
                }
                if (majority != label) {
                    continue;
                }
                int best = 0;
                for (int f = 1; f < folds; f++) {
                    if (load[f] < load[best] || (load[f] == load[best] && total[f] < total[best])) {
                        best = f;
                    }
                }
                groupFold[gi] = best;
                load[best] += size[gi];
                total[best] += size[gi];
            }
        }

        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[i] = groupFold[groupIndex[i]];
        }
        return fold;
    }

    /** Indices of the samples whose fold is (or, with {@code in} false, is not) {@code f}. */
    public static int[] rows(int[] fold, int f, boolean in) {
        int count = 0;
        for (int v : fold) {
            if ((v == f) == in) {
                count++;
            }
        }
        int[] rows = new int[count];
        int k = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == in) {
                rows[k++] = i;
            }
        }
        return rows;
    }
}

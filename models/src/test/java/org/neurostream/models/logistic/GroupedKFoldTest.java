package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupedKFoldTest {

    /** 37 groups of 1 to 12 samples, label per group, ids scattered, samples shuffled. */
    private static int[][] shuffledGroups(long seed) {
        Random random = new Random(seed);
        int total = 0;
        int[] sizes = new int[37];
        for (int g = 0; g < sizes.length; g++) {
            sizes[g] = 1 + random.nextInt(12);
            total += sizes[g];
        }
        int[] groups = new int[total];
        int[] labels = new int[total];
        int i = 0;
        for (int g = 0; g < sizes.length; g++) {
            int label = random.nextInt(3) == 0 ? 1 : 0;
            for (int s = 0; s < sizes[g]; s++) {
                groups[i] = 1000 - 17 * g;
                labels[i] = label;
                i++;
            }
        }
        for (int k = total - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int tg = groups[k];
            groups[k] = groups[j];
            groups[j] = tg;
            int tl = labels[k];
            labels[k] = labels[j];
            labels[j] = tl;
        }
        return new int[][] {labels, groups};
    }

    @Test
    void shouldNeverSplitAGroupAcrossFolds() {
        for (long seed = 1; seed <= 20; seed++) {
            int[][] data = shuffledGroups(seed);
            int[] fold = GroupedKFold.assign(data[0], data[1], 5);

            Map<Integer, Integer> foldOfGroup = new HashMap<>();
            for (int i = 0; i < fold.length; i++) {
                Integer previous = foldOfGroup.putIfAbsent(data[1][i], fold[i]);
                if (previous != null) {
                    assertEquals(previous.intValue(), fold[i], "group " + data[1][i]);
                }
            }
        }
    }

    @Test
    void shouldFillEveryFoldWithBothClasses() {
        int[][] data = shuffledGroups(3L);
        int[] fold = GroupedKFold.assign(data[0], data[1], 5);

        int[][] perFold = new int[5][2];
        for (int i = 0; i < fold.length; i++) {
            assertTrue(fold[i] >= 0 && fold[i] < 5);
            perFold[fold[i]][data[0][i]]++;
        }
        for (int f = 0; f < 5; f++) {
            assertTrue(perFold[f][0] > 0 && perFold[f][1] > 0, "fold " + f);
        }
    }

    @Test
    void shouldDealEqualEpochsInTurnAcrossTheRecording() {
        // 20 epochs of 4 windows alternating rest/imagery, as in an annotated run
        int[] labels = new int[80];
        int[] groups = new int[80];
        for (int i = 0; i < 80; i++) {
            groups[i] = i / 4;
            labels[i] = (i / 4) % 2;
        }

        int[] fold = GroupedKFold.assign(labels, groups, 5);

        // rest epochs 0, 2, ..., 18 go to folds 0..4, 0..4; imagery epochs 1, 3, ... likewise
        for (int i = 0; i < 80; i++) {
            assertEquals((groups[i] / 2) % 5, fold[i], "window " + i);
        }
    }

    @Test
    void shouldAssignTheSameFoldsWhateverTheSampleOrder() {
        int[][] data = shuffledGroups(5L);
        int[] fold = GroupedKFold.assign(data[0], data[1], 4);

        int n = fold.length;
        int[] reversedLabels = new int[n];
        int[] reversedGroups = new int[n];
        for (int i = 0; i < n; i++) {
            reversedLabels[i] = data[0][n - 1 - i];
            reversedGroups[i] = data[1][n - 1 - i];
        }
        int[] reversedFold = GroupedKFold.assign(reversedLabels, reversedGroups, 4);

        for (int i = 0; i < n; i++) {
            assertEquals(fold[i], reversedFold[n - 1 - i]);
        }
        assertArrayEquals(fold, GroupedKFold.assign(data[0], data[1], 4));
    }

    @Test
    void shouldRejectFewerGroupsThanFolds() {
        int[] labels = {0, 0, 1, 1, 0, 1};
        int[] groups = {1, 1, 2, 2, 3, 3};

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GroupedKFold.assign(labels, groups, 4));
        assertTrue(e.getMessage().contains("at least 4 groups, got 3"), e.getMessage());
    }
}

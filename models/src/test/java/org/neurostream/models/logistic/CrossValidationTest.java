package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossValidationTest {
    /** Phi(1) = scipy.stats.norm.cdf(1.0): Bayes accuracy of unit-variance classes 2 apart. */
    private static final double BAYES_ACCURACY_SEPARATION_2 = 0.8413447460685429;

    private static final double[] GRID = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2};

    /** Held-out accuracy of the plain grouped cross-validation at one L2 strength. */
    private static double accuracy(SyntheticData data, int[] groups, double l2) {
        return CrossValidation.gridSearch(data.x, data.y, groups, new double[] {l2}, 5)
                .meanAccuracy()[0];
    }

    @Test
    void shouldReachBayesAccuracyOnGaussianClasses() {
        SyntheticData data = SyntheticData.gaussianClasses(11L, 100, 8, 10, 2.0);

        GridSearchResult result = CrossValidation.gridSearch(data.x, data.y, data.groups, GRID, 5);
        double accuracy = result.meanAccuracy()[result.selectedIndex()];

        assertEquals(BAYES_ACCURACY_SEPARATION_2, accuracy, 0.03, "accuracy " + accuracy);
        assertEquals(0.5, result.chanceLevel(), 0.02);
        assertTrue(accuracy - result.chanceLevel() > 0.3);
        assertEquals(5, result.folds());
    }

    @Test
    void shouldStayAtChanceOnNoiseLabels() {
        SyntheticData data = SyntheticData.noise(12L, 200, 5, 20, 0.0);

        GridSearchResult result =
                CrossValidation.gridSearch(data.x, data.y, data.groups, new double[] {1.0}, 5);

        assertEquals(
                result.chanceLevel(),
                result.meanAccuracy()[0],
                0.05,
                "accuracy " + result.meanAccuracy()[0] + " chance " + result.chanceLevel());
    }

    @Test
    void shouldNotLeakGroupIdentityIntoTheEstimate() {
        // each epoch has a fingerprint; a split that ignores epochs learns to recognise them
        SyntheticData data = SyntheticData.noise(13L, 80, 5, 60, 2.0);

        double grouped = accuracy(data, data.groups, 1e-3);
        double leaky = accuracy(data, data.sampleGroups(), 1e-3);

        assertTrue(leaky > 0.75, "leaky accuracy " + leaky);
        assertEquals(0.5, grouped, 0.15, "grouped accuracy " + grouped);
    }

    @Test
    void shouldReportChanceAsHeldOutShareOfTrainingMajority() {
        // 70 % of the groups are class 0 and the features carry no information
        SyntheticData base = SyntheticData.noise(14L, 50, 4, 3, 0.0);
        int[] y = new int[base.y.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = base.groups[i] % 10 < 7 ? 0 : 1;
        }
        double[] single = {1.0};

        GridSearchResult result = CrossValidation.gridSearch(base.x, y, base.groups, single, 5);

        int[] fold = GroupedKFold.assign(y, base.groups, 5);
        double expected = 0.0;
        for (int f = 0; f < 5; f++) {
            int train0 = 0;
            int train1 = 0;
            int test0 = 0;
            int test = 0;
            for (int i = 0; i < y.length; i++) {
                if (fold[i] == f) {
                    test++;
                    test0 += 1 - y[i];
                } else if (y[i] == 0) {
                    train0++;
                } else {
                    train1++;
                }
            }
            assertTrue(train0 > train1);
            expected += (double) test0 / test / 5;
        }
        assertEquals(expected, result.chanceLevel(), 1e-15);
        assertEquals(0.7, result.chanceLevel(), 0.05);
        assertEquals(1.0, result.selectedL2(), 0.0);
    }

    @Test
    void shouldSelectAnL2ThatFitsTheGrid() {
        SyntheticData data = SyntheticData.gaussianClasses(15L, 60, 8, 10, 2.0);

        GridSearchResult search = CrossValidation.gridSearch(data.x, data.y, data.groups, GRID, 5);

        double[] loss = search.meanLogLoss();
        for (double v : loss) {
            assertTrue(loss[search.selectedIndex()] <= v);
        }
        // the strongest penalty pins the weights near 0: accuracy near chance, log-loss near ln 2
        assertEquals(Math.log(2.0), loss[GRID.length - 1], 0.02);
        assertTrue(search.meanAccuracy()[search.selectedIndex()] > 0.75);
        assertEquals(GRID[search.selectedIndex()], search.selectedL2(), 0.0);
    }

    @Test
    void shouldGiveIdenticalResultsOnRepeatedRuns() {
        SyntheticData data = SyntheticData.gaussianClasses(16L, 40, 6, 8, 1.5);

        GridSearchResult first = CrossValidation.gridSearch(data.x, data.y, data.groups, GRID, 4);
        GridSearchResult second = CrossValidation.gridSearch(data.x, data.y, data.groups, GRID, 4);

        assertEquals(first.selectedL2(), second.selectedL2(), 0.0);
        for (int k = 0; k < GRID.length; k++) {
            assertEquals(first.meanAccuracy()[k], second.meanAccuracy()[k], 0.0);
            assertEquals(first.meanLogLoss()[k], second.meanLogLoss()[k], 0.0);
        }
    }
}

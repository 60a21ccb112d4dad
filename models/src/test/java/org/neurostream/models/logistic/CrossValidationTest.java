package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossValidationTest {
    /** Phi(1) = scipy.stats.norm.cdf(1.0): Bayes accuracy of unit-variance classes 2 apart. */
    private static final double BAYES_ACCURACY_SEPARATION_2 = 0.8413447460685429;

    private static final double[] GRID = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2};

    @Test
    void shouldReachBayesAccuracyOnGaussianClasses() {
        SyntheticData data = SyntheticData.gaussianClasses(11L, 100, 8, 10, 2.0);

        CrossValidationResult result =
                CrossValidation.nested(data.x, data.y, data.groups, GRID, 5, 5);

        assertEquals(
                BAYES_ACCURACY_SEPARATION_2,
                result.accuracy(),
                0.03,
                "accuracy " + result.accuracy());
        assertEquals(0.5, result.chanceLevel(), 0.02);
        assertTrue(result.accuracy() - result.chanceLevel() > 0.3);
        assertEquals(5, result.foldAccuracies().length);
    }

    @Test
    void shouldStayAtChanceOnNoiseLabels() {
        SyntheticData data = SyntheticData.noise(12L, 200, 5, 20, 0.0);

        CrossValidationResult result =
                CrossValidation.nested(data.x, data.y, data.groups, GRID, 5, 5);

        assertEquals(
                result.chanceLevel(),
                result.accuracy(),
                0.05,
                "accuracy " + result.accuracy() + " chance " + result.chanceLevel());
    }

    @Test
    void shouldNotLeakGroupIdentityIntoTheEstimate() {
        // each epoch has a fingerprint; a split that ignores epochs learns to recognise them
        SyntheticData data = SyntheticData.noise(13L, 80, 5, 60, 2.0);

        CrossValidationResult grouped =
                CrossValidation.nested(data.x, data.y, data.groups, GRID, 5, 5);
        CrossValidationResult leaky =
                CrossValidation.nested(data.x, data.y, data.sampleGroups(), GRID, 5, 5);

        assertTrue(leaky.accuracy() > 0.75, "leaky accuracy " + leaky.accuracy());
        assertEquals(
                grouped.chanceLevel(),
                grouped.accuracy(),
                0.15,
                "grouped accuracy " + grouped.accuracy());
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

        CrossValidationResult result = CrossValidation.nested(base.x, y, base.groups, single, 5, 5);

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
            assertEquals((double) test0 / test, result.foldChanceLevels()[f], 0.0);
            expected += (double) test0 / test / 5;
        }
        assertEquals(expected, result.chanceLevel(), 1e-15);
        assertEquals(0.7, result.chanceLevel(), 0.05);
        assertEquals(1.0, result.foldL2()[0], 0.0);
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

        CrossValidationResult first =
                CrossValidation.nested(data.x, data.y, data.groups, GRID, 4, 3);
        CrossValidationResult second =
                CrossValidation.nested(data.x, data.y, data.groups, GRID, 4, 3);

        assertEquals(first.accuracy(), second.accuracy(), 0.0);
        for (int f = 0; f < 4; f++) {
            assertEquals(first.foldAccuracies()[f], second.foldAccuracies()[f], 0.0);
            assertEquals(first.foldL2()[f], second.foldL2()[f], 0.0);
        }
    }
}

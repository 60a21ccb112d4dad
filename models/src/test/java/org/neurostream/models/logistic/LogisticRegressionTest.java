package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void shouldRecoverTheWeightsOfATrueLogisticModel() {
        // x ~ N(0, I), P(y = 1 | x) = sigmoid(0.5 + x.w): a large sample and a vanishing penalty
        // must give back w, up to sampling error of about 0.02
        double[] truth = {1.5, -0.75, 0.0};
        Random random = new Random(21L);
        int n = 20000;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double m = 0.5;
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
                m += truth[j] * x[i][j];
            }
            y[i] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-m)) ? 1 : 0;
        }

        LogisticRegression fit = LogisticRegression.fit(x, y, 1e-6);

        for (int j = 0; j < 3; j++) {
            // back from standardised to raw units
            assertEquals(truth[j], fit.weights()[j] / fit.scale()[j], 0.06, "weight " + j);
        }
        assertEquals(0.0, fit.logOdds(new double[3]) - 0.5, 0.06);
    }

    @Test
    void shouldConvergeToFiniteWeightsOnSeparableData() {
        double[][] x = {{-2.0}, {-1.0}, {-0.5}, {0.5}, {1.0}, {2.0}};
        int[] y = {0, 0, 0, 1, 1, 1};

        LogisticRegression fit = LogisticRegression.fit(x, y, 1e-3);

        assertTrue(fit.iterations() < NewtonSolver.MAX_ITERATIONS);
        assertTrue(Double.isFinite(fit.weights()[0]) && fit.weights()[0] > 1.0);
        // symmetric data: the decision boundary is at 0 exactly up to rounding
        assertEquals(0.0, fit.bias(), 1e-12);
        assertEquals(1, fit.predict(new double[] {0.1}));
        assertEquals(0, fit.predict(new double[] {-0.1}));
    }

    @Test
    void shouldFitBitForBitIdenticallyTwice() {
        SyntheticData data = SyntheticData.gaussianClasses(22L, 30, 5, 12, 1.0);

        LogisticRegression first = LogisticRegression.fit(data.x, data.y, 0.01);
        LogisticRegression second = LogisticRegression.fit(data.x, data.y, 0.01);

        for (int j = 0; j < 12; j++) {
            assertEquals(
                    Double.doubleToRawLongBits(first.weights()[j]),
                    Double.doubleToRawLongBits(second.weights()[j]));
        }
        assertEquals(
                Double.doubleToRawLongBits(first.bias()),
                Double.doubleToRawLongBits(second.bias()));
    }

    @Test
    void shouldRejectASingleClass() {
        double[][] x = {{1.0}, {2.0}, {3.0}};
        int[] y = {1, 1, 1};

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> LogisticRegression.fit(x, y, 1.0));
        assertTrue(e.getMessage().contains("only class 1"), e.getMessage());
    }

    @Test
    void shouldRejectANonFiniteFeatureNamingItsPlace() {
        double[][] x = {{1.0, 2.0}, {3.0, Double.NaN}};
        int[] y = {0, 1};

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> LogisticRegression.fit(x, y, 1.0));
        assertTrue(e.getMessage().contains("row 1 column 1 is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectAZeroPenaltyAndALabelOtherThanZeroOrOne() {
        double[][] x = {{1.0}, {2.0}};

        assertThrows(
                IllegalArgumentException.class,
                () -> LogisticRegression.fit(x, new int[] {0, 1}, 0.0));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> LogisticRegression.fit(x, new int[] {0, 2}, 1.0));
        assertTrue(e.getMessage().contains("label 1 is 2"), e.getMessage());
    }

    @Test
    void shouldRejectAFeatureVectorOfTheWrongLength() {
        LogisticRegression fit =
                LogisticRegression.fit(new double[][] {{0.0}, {1.0}}, new int[] {0, 1}, 1.0);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> fit.probability(new double[2]));
        assertEquals("expected 1 features, got 2", e.getMessage());
    }
}

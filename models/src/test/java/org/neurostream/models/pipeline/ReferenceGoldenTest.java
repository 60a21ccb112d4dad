package org.neurostream.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurostream.models.linalg.Covariances;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.models.riemann.RiemannianMean;
import org.neurostream.models.riemann.TangentSpace;

/**
 * Each stage against its reference implementation on the seeded fixture of {@code
 * decoders/make_golden.py} (24 trials x 8 channels x 200 samples): MNE's CSP, scikit-learn's
 * shrinkage LDA, mutual information and logistic regression, pyRiemann's OAS covariances,
 * Riemannian mean, tangent space and MDM. Tolerances are stated per assertion: 1e-9 relative where
 * both sides run the same closed-form arithmetic, looser where an iterative solver stops at its own
 * tolerance.
 */
class ReferenceGoldenTest {
    private static DMatrixRMaj[] epochs;
    private static int[] labels;
    private static JsonNode g;

    @BeforeAll
    static void load() throws IOException {
        epochs = Golden.fixtureEpochs();
        labels = Golden.fixtureLabels();
        g = Golden.fixture();
    }

    private static List<DMatrixRMaj> ofClass(int k) {
        final List<DMatrixRMaj> out = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            if (labels[i] == k) {
                out.add(epochs[i]);
            }
        }
        return out;
    }

    @Test
    void shouldRegulariseClassCovariancesAsMneLedoitWolf() {
        for (int k = 0; k < 2; k++) {
            final DMatrixRMaj ours = Csp.classCovariance(ofClass(k));
            final DMatrixRMaj ref = Golden.matrix(g.get("csp_class_covariances").get(k));
            // scikit-learn's LedoitWolf(assume_centered=True) times MNE's n / (n - 1)
            final double n = 12 * 200;
            org.ejml.dense.row.CommonOps_DDRM.scale(n / (n - 1), ref);
            assertTrue(Golden.relativeError(ours, ref) < 1e-10, "class " + k);
        }
    }

    @Test
    void shouldFindMneCspFiltersUpToSign() {
        final Csp csp = Csp.fit(ofClass(0), ofClass(1), 4);
        final DMatrixRMaj ref = Golden.matrix(g.get("csp_filters"));
        final DMatrixRMaj ours = csp.filters();
        for (int k = 0; k < 4; k++) {
            // same B-normalisation as scipy's eigh; the sign of an eigenvector is arbitrary
            final double sign = Math.signum(ours.get(k, 0)) * Math.signum(ref.get(k, 0));
            double diff = 0;
            double scale = 0;
            for (int c = 0; c < ours.numCols; c++) {
                diff = Math.max(diff, Math.abs(sign * ours.get(k, c) - ref.get(k, c)));
                scale = Math.max(scale, Math.abs(ref.get(k, c)));
            }
            assertTrue(diff / scale < 1e-8, "filter " + k + ": " + diff / scale);
        }
        assertTrue(
                Golden.maxAbsDifference(csp.eigenvalues(), Golden.vector(g.get("csp_eigenvalues")))
                        < 1e-10);
        final double[][] features = Golden.rows(g.get("csp_features"));
        final double[] row = new double[4];
        final DMatrixRMaj scratch = new DMatrixRMaj(4, epochs[0].numCols);
        for (int i = 0; i < epochs.length; i++) {
            csp.logPower(epochs[i], scratch, row, 0);
            assertTrue(Golden.maxAbsDifference(row, features[i]) < 1e-9, "trial " + i);
        }
    }

    @Test
    void shouldFitScikitLearnShrinkageLdaForTwoClasses() {
        final double[][] x = Golden.rows(g.get("csp_features"));
        final ShrinkageLda lda = ShrinkageLda.fit(x, labels, 2);
        assertTrue(Golden.relativeError(lda.coef(), Golden.matrix(g.get("lda_coef"))) < 1e-9);
        assertTrue(
                Golden.maxAbsDifference(lda.intercept(), Golden.vector(g.get("lda_intercept")))
                        < 1e-9);
        final double[] proba = Golden.vector(g.get("lda_proba"));
        final double[] p = new double[2];
        for (int i = 0; i < x.length; i++) {
            lda.probabilities(x[i], p);
            assertEquals(proba[i], p[1], 1e-10);
        }
    }

    @Test
    void shouldFitScikitLearnShrinkageLdaForThreeClasses() {
        final double[][] x = Golden.rows(g.get("csp_features"));
        final ShrinkageLda lda = ShrinkageLda.fit(x, Golden.ints(g.get("lda3_labels")), 3);
        assertTrue(Golden.relativeError(lda.coef(), Golden.matrix(g.get("lda3_coef"))) < 1e-9);
        final double[][] proba = Golden.rows(g.get("lda3_proba"));
        final double[] p = new double[3];
        for (int i = 0; i < x.length; i++) {
            lda.probabilities(x[i], p);
            assertTrue(Golden.maxAbsDifference(p, proba[i]) < 1e-10, "trial " + i);
        }
    }

    @Test
    void shouldEstimateMutualInformationAsScikitLearn() {
        final double[][] x = Golden.rows(g.get("csp_features"));
        final double[] ref = Golden.vector(g.get("mutual_information"));
        final double[] column = new double[x.length];
        for (int j = 0; j < ref.length; j++) {
            for (int i = 0; i < x.length; i++) {
                column[i] = x[i][j];
            }
            // scikit-learn adds a 1e-10 relative jitter; neighbour counts are the same
            assertEquals(
                    ref[j], MutualInformation.estimate(column, labels, 2), 1e-9, "feature " + j);
        }
    }

    private static List<DMatrixRMaj> oasCovariances() {
        final List<DMatrixRMaj> out = new ArrayList<>();
        final DMatrixRMaj centred = new DMatrixRMaj(epochs[0].numRows, epochs[0].numCols);
        for (DMatrixRMaj x : epochs) {
            final DMatrixRMaj c = new DMatrixRMaj(x.numRows, x.numRows);
            Covariances.oas(x, centred, c);
            out.add(c);
        }
        return out;
    }

    @Test
    void shouldEstimateOasCovariancesAsPyRiemann() {
        final List<DMatrixRMaj> ours = oasCovariances();
        for (int i = 0; i < ours.size(); i++) {
            final DMatrixRMaj ref = Golden.matrix(g.get("oas_covariances").get(i));
            assertTrue(Golden.relativeError(ours.get(i), ref) < 1e-12, "trial " + i);
        }
    }

    @Test
    void shouldFindPyRiemannsRiemannianMeanAndTangentVectors() {
        final List<DMatrixRMaj> covariances = oasCovariances();
        final DMatrixRMaj mean = RiemannianMean.of(covariances);
        // both run the same descent with the same steps and stopping rule
        assertTrue(Golden.relativeError(mean, Golden.matrix(g.get("riemann_mean"))) < 1e-10);
        final TangentSpace space = new TangentSpace(mean);
        final double[][] ref = Golden.rows(g.get("tangent_vectors"));
        final double[] v = new double[TangentSpace.dimension(8)];
        for (int i = 0; i < covariances.size(); i++) {
            space.vector(covariances.get(i), v, 0);
            assertTrue(Golden.maxAbsDifference(v, ref[i]) < 1e-9, "trial " + i);
        }
    }

    @Test
    void shouldMatchPyRiemannsMdmForThreeClasses() {
        final List<DMatrixRMaj> covariances = oasCovariances();
        final int[] y3 = Golden.ints(g.get("lda3_labels"));
        final DMatrixRMaj[] means = new DMatrixRMaj[3];
        for (int k = 0; k < 3; k++) {
            final List<DMatrixRMaj> members = new ArrayList<>();
            for (int i = 0; i < y3.length; i++) {
                if (y3[i] == k) {
                    members.add(covariances.get(i));
                }
            }
            means[k] = RiemannianMean.of(members);
            assertTrue(
                    Golden.relativeError(means[k], Golden.matrix(g.get("mdm3_means").get(k)))
                            < 1e-10);
        }
        final MinimumDistanceToMean mdm = new MinimumDistanceToMean(means);
        final double[][] distances = Golden.rows(g.get("mdm3_distances"));
        final double[][] proba = Golden.rows(g.get("mdm3_proba"));
        final WindowScorer scorer = mdm.newScorer();
        final double[] p = new double[3];
        for (int i = 0; i < covariances.size(); i++) {
            assertTrue(
                    Golden.maxAbsDifference(mdm.distances(covariances.get(i)), distances[i])
                            < 1e-9);
            scorer.probabilities(new DMatrixRMaj[] {epochs[i]}, p);
            assertTrue(Golden.maxAbsDifference(p, proba[i]) < 1e-9, "trial " + i);
        }
    }

    @Test
    void shouldFitScikitLearnsLogisticRegressionOnWideTangentVectors() {
        // 36 tangent features from 24 trials: the fit runs in the row space of the design
        final double[][] x = Golden.rows(g.get("tangent_vectors"));
        final double l2 = g.get("lr_l2").doubleValue();
        final LogisticRegression lr =
                LogisticRegression.fitPath(x, labels, new double[] {l2}, false)[0];
        final double[] coef = Golden.vector(g.get("lr_coef"));
        // scikit-learn's lbfgs stops at its own tolerance (1e-12 on the gradient)
        assertTrue(Golden.maxAbsDifference(lr.weights(), coef) < 1e-6);
        final double[] proba = Golden.vector(g.get("lr_proba"));
        for (int i = 0; i < x.length; i++) {
            assertEquals(proba[i], lr.probability(x[i]), 1e-7);
        }
        assertArrayEquals(new double[x[0].length], new double[coef.length]);
    }
}

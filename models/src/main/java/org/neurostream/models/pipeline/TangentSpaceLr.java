package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.CholeskyWhitening;
import org.neurostream.models.linalg.Covariances;
import org.neurostream.models.linalg.SpdFunctions;
import org.neurostream.models.linalg.SymmetricEigen;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.models.riemann.RiemannianMean;
import org.neurostream.models.riemann.TangentSpace;

/**
 * {@code ts-lr}: the 8-30 Hz band-pass (causal, from the stream's start), the OAS covariance of
 * each window (pyRiemann's {@code Covariances('oas')}), its {@link TangentSpace} vector at the
 * Riemannian mean of the training covariances, and L2 logistic regression on the vectors (centred,
 * not scaled, as scikit-learn's {@code LogisticRegression} without a scaler) with the strength
 * chosen by inner cross-validation over {@link #L2_GRID}. The reference point is fitted without
 * labels on the whole training part, then the inner folds choose l2 on its vectors. Two classes.
 */
public final class TangentSpaceLr extends FittedPipeline {
    /**
     * Candidate L2 strengths on the mean log-loss (scikit-learn's C = 1 / (n l2)): half decades
     * from 1e-4 to 10.
     */
    public static final double[] L2_GRID = {
        1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0
    };

    private final DMatrixRMaj reference;
    private final LogisticRegression logistic;

    TangentSpaceLr(DMatrixRMaj reference, LogisticRegression logistic) {
        super(PipelineKind.TS_LR, 2, reference.numRows);
        this.reference = reference;
        this.logistic = logistic;
    }

    /** The trainer. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            CspLda.requireTwoClasses(trials, rows, PipelineKind.TS_LR);
            final List<DMatrixRMaj> covariances = covariances(trials, rows);
            final DMatrixRMaj reference = RiemannianMean.of(covariances);
            final TangentSpace space = new TangentSpace(reference);
            final double[][] x = new double[rows.length][TangentSpace.dimension(trials.channels())];
            for (int k = 0; k < rows.length; k++) {
                space.vector(covariances.get(k), x[k], 0);
            }
            final LogisticRegression logistic =
                    LogisticStage.fit(
                            x,
                            trials.labels(rows),
                            trials.groups(rows),
                            L2_GRID,
                            trials.innerFolds(),
                            false);
            return new TangentSpaceLr(reference, logistic);
        };
    }

    /** The OAS covariance of output 0 of every row's epoch. */
    static List<DMatrixRMaj> covariances(Trials trials, int[] rows) {
        final int channels = trials.channels();
        final DMatrixRMaj centred = new DMatrixRMaj(channels, trials.samples());
        final List<DMatrixRMaj> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            final DMatrixRMaj c = new DMatrixRMaj(channels, channels);
            Covariances.oas(trials.epochs()[r][0], centred, c);
            out.add(c);
        }
        return out;
    }

    static TangentSpaceLr read(JsonNode stages, int channels) {
        final DMatrixRMaj reference =
                Json.matrix(stages, "stages", "reference", channels, channels);
        final LogisticRegression logistic =
                LogisticStage.read(
                        Json.object(stages, "stages", "logistic"),
                        "stages.logistic",
                        TangentSpace.dimension(channels));
        return new TangentSpaceLr(reference, logistic);
    }

    /** The tangent space's reference point (a copy). */
    public DMatrixRMaj reference() {
        return reference.copy();
    }

    /** The classifier on the tangent vectors. */
    public LogisticRegression logistic() {
        return logistic;
    }

    /**
     * The scorer works without forming the tangent vector: the logistic score is linear in it, so
     * with W the symmetric matrix of the weights (per feature w_j / scale_j on the diagonal, times
     * sqrt(2) / 2 off it) the score is b' + &lt;W, log(R^-1/2 C R^-1/2)&gt;. Whitening by the
     * Cholesky factor R = L L' instead, P = L^-1 C L^-T = O (R^-1/2 C R^-1/2) O' with O = L^-1
     * R^1/2 orthogonal, gives b' + sum_k log(lambda_k) v_k' (O W O') v_k over P's eigenpairs: one
     * eigen-decomposition and one product per window, the same value up to rounding.
     */
    @Override
    public WindowScorer newScorer() {
        final CholeskyWhitening whitening = new CholeskyWhitening(reference);
        final int n = channels;
        final DMatrixRMaj root = new DMatrixRMaj(n, n);
        new SpdFunctions(n).sqrt(reference, root);
        final DMatrixRMaj o = new DMatrixRMaj(n, n);
        whitening.solveLower(root, o);
        final double[] weights = logistic.weights();
        final double[] mean = logistic.mean();
        final double[] scale = logistic.scale();
        double bias = logistic.bias();
        final DMatrixRMaj w = new DMatrixRMaj(n, n);
        final double half = Math.sqrt(2.0) / 2.0;
        int j = 0;
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++, j++) {
                final double a = weights[j] / scale[j];
                bias -= a * mean[j];
                if (r == c) {
                    w.set(r, r, a);
                } else {
                    w.set(r, c, a * half);
                    w.set(c, r, a * half);
                }
            }
        }
        final DMatrixRMaj tmp = new DMatrixRMaj(n, n);
        final DMatrixRMaj rotated = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(o, w, tmp);
        CommonOps_DDRM.multTransB(tmp, o, rotated);
        final double offset = bias;
        final DMatrixRMaj covariance = new DMatrixRMaj(n, n);
        final DMatrixRMaj whitened = new DMatrixRMaj(n, n);
        final DMatrixRMaj product = new DMatrixRMaj(n, n);
        final SymmetricEigen eigen = new SymmetricEigen(n, true);
        return new WindowScorer() {
            // the centred samples, sized by the first window
            private final DMatrixRMaj centred = new DMatrixRMaj(1, 1);

            @Override
            public void probabilities(DMatrixRMaj[] window, double[] out) {
                final DMatrixRMaj x = window[0];
                Covariances.oas(x, centred, covariance);
                whitening.whiten(covariance, whitened);
                eigen.decompose(whitened);
                final DMatrixRMaj v = eigen.vectors();
                CommonOps_DDRM.mult(v, rotated, product);
                double score = offset;
                final double[] pv = product.data;
                final double[] vv = v.data;
                for (int k = 0; k < n; k++) {
                    double q = 0.0;
                    for (int i = 0; i < n; i++) {
                        q += pv[k * n + i] * vv[k * n + i];
                    }
                    score += Math.log(eigen.value(k)) * q;
                }
                out[1] = Probabilities.sigmoid(score);
                out[0] = 1.0 - out[1];
            }
        };
    }

    @Override
    public void writeStages(ObjectNode stages) {
        stages.put("covariance", "oas");
        Json.put(stages, "reference", reference);
        LogisticStage.write(logistic, stages.putObject("logistic"));
    }
}

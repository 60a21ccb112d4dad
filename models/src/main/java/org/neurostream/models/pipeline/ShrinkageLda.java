package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.Covariances;

/**
 * Linear discriminant analysis with Ledoit-Wolf shrinkage, as scikit-learn's {@code
 * LinearDiscriminantAnalysis(solver='lsqr', shrinkage='auto')} fits it: priors from the class
 * frequencies; each class's covariance of its standardised features (population deviation, 1 for a
 * constant feature) shrunk by Ledoit-Wolf and scaled back; their prior-weighted sum S; weights S^-1
 * mu_k and intercepts -mu_k' S^-1 mu_k / 2 + log prior_k. With two classes it keeps scikit-learn's
 * single difference row, and P(class 1) = 1 / (1 + e^-d); with more, a softmax of the decisions.
 */
public final class ShrinkageLda {
    private final int classes;
    private final DMatrixRMaj coef;
    private final double[] intercept;

    private ShrinkageLda(int classes, DMatrixRMaj coef, double[] intercept) {
        this.classes = classes;
        this.coef = coef;
        this.intercept = intercept;
    }

    /**
     * Fits on feature rows {@code x} with labels 0 .. classes - 1, every class present.
     *
     * @throws IllegalArgumentException when a class has no row
     */
    public static ShrinkageLda fit(double[][] x, int[] y, int classes) {
        final int n = x.length;
        final int p = x[0].length;
        final int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        final DMatrixRMaj means = new DMatrixRMaj(classes, p);
        final DMatrixRMaj pooled = new DMatrixRMaj(p, p);
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException("LDA: no sample of class " + k);
            }
            final DMatrixRMaj rows = new DMatrixRMaj(p, counts[k]);
            int col = 0;
            for (int i = 0; i < n; i++) {
                if (y[i] == k) {
                    for (int j = 0; j < p; j++) {
                        rows.set(j, col, x[i][j]);
                    }
                    col++;
                }
            }
            for (int j = 0; j < p; j++) {
                double sum = 0.0;
                for (int i = 0; i < counts[k]; i++) {
                    sum += rows.get(j, i);
                }
                means.set(k, j, sum / counts[k]);
            }
            CommonOps_DDRM.addEquals(pooled, (double) counts[k] / n, shrunkCovariance(rows));
        }
        final DMatrixRMaj solved = new DMatrixRMaj(p, classes);
        final DMatrixRMaj meansT = new DMatrixRMaj(p, classes);
        CommonOps_DDRM.transpose(means, meansT);
        if (!CommonOps_DDRM.solve(pooled, meansT, solved)) {
            throw new IllegalArgumentException("LDA: singular within-class covariance");
        }
        final DMatrixRMaj weights = new DMatrixRMaj(classes, p);
        CommonOps_DDRM.transpose(solved, weights);
        final double[] bias = new double[classes];
        for (int k = 0; k < classes; k++) {
            double dot = 0.0;
            for (int j = 0; j < p; j++) {
                dot += means.get(k, j) * weights.get(k, j);
            }
            bias[k] = -0.5 * dot + Math.log((double) counts[k] / n);
        }
        if (classes == 2) {
            final DMatrixRMaj difference = new DMatrixRMaj(1, p);
            for (int j = 0; j < p; j++) {
                difference.set(0, j, weights.get(1, j) - weights.get(0, j));
            }
            return new ShrinkageLda(2, difference, new double[] {bias[1] - bias[0]});
        }
        return new ShrinkageLda(classes, weights, bias);
    }

    /**
     * scikit-learn's {@code _cov(X, 'auto')} of one class (features x samples): standardise,
     * Ledoit-Wolf on the standardised (centred) features, scale back.
     */
    static DMatrixRMaj shrunkCovariance(DMatrixRMaj rows) {
        final int p = rows.numRows;
        final int n = rows.numCols;
        final double[] scale = new double[p];
        final DMatrixRMaj z = new DMatrixRMaj(p, n);
        for (int j = 0; j < p; j++) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += rows.get(j, i);
            }
            final double mean = sum / n;
            double squares = 0.0;
            for (int i = 0; i < n; i++) {
                final double d = rows.get(j, i) - mean;
                squares += d * d;
            }
            final double sd = Math.sqrt(squares / n);
            scale[j] = sd == 0.0 ? 1.0 : sd;
            for (int i = 0; i < n; i++) {
                z.set(j, i, (rows.get(j, i) - mean) / scale[j]);
            }
        }
        // ledoit_wolf centres again; the standardised means are 0 up to rounding
        final DMatrixRMaj s = new DMatrixRMaj(p, p);
        final DMatrixRMaj samples = new DMatrixRMaj(p, n);
        Covariances.empirical(z, true, samples, s);
        Covariances.shrink(s, Covariances.ledoitWolfShrinkage(samples, s));
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                s.set(i, j, s.get(i, j) * scale[i] * scale[j]);
            }
        }
        return s;
    }

    static ShrinkageLda read(JsonNode node, String path, int classes, int features) {
        final int rows = classes == 2 ? 1 : classes;
        final DMatrixRMaj coef = Json.matrix(node, path, "coef", rows, features);
        final double[] intercept = Json.numbers(node, path, "intercept", rows);
        return new ShrinkageLda(classes, coef, intercept);
    }

    void write(ObjectNode node) {
        Json.put(node, "coef", coef);
        Json.put(node, "intercept", intercept);
    }

    /** Number of features. */
    public int featureCount() {
        return coef.numCols;
    }

    /** scikit-learn's {@code coef_} (one row for two classes; a copy). */
    public DMatrixRMaj coef() {
        return coef.copy();
    }

    /** scikit-learn's {@code intercept_} (a copy). */
    public double[] intercept() {
        return intercept.clone();
    }

    /** Writes the class probabilities of feature vector {@code x} into {@code out}. */
    public void probabilities(double[] x, double[] out) {
        final int p = coef.numCols;
        final double[] w = coef.data;
        if (classes == 2) {
            double d = intercept[0];
            for (int j = 0; j < p; j++) {
                d += w[j] * x[j];
            }
            out[1] = Probabilities.sigmoid(d);
            out[0] = 1.0 - out[1];
            return;
        }
        for (int k = 0; k < classes; k++) {
            double d = intercept[k];
            for (int j = 0; j < p; j++) {
                d += w[k * p + j] * x[j];
            }
            out[k] = d;
        }
        Probabilities.softmax(out, classes);
    }
}

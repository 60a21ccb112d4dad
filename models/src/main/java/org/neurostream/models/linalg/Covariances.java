package org.neurostream.models.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Covariance estimators on multichannel signals held as p x n matrices (one row per channel or
 * feature, one column per sample), with scikit-learn's formulas: the empirical covariance (ddof 0,
 * centred or not), Oracle Approximating Shrinkage ({@code sklearn.covariance.oas}, as pyRiemann's
 * {@code Covariances('oas')} uses it) and the Ledoit-Wolf shrinkage ({@code
 * sklearn.covariance.ledoit_wolf_shrinkage}, as MNE's {@code reg='ledoit_wolf'} and scikit-learn's
 * shrinkage LDA use it). Both shrink towards mu I with mu = trace(S) / p.
 *
 * <p>Methods that take scratch arguments allocate nothing.
 */
public final class Covariances {
    private Covariances() {}

    /**
     * Writes the empirical covariance of {@code x} (p x n) into {@code out} (p x p): X X' / n, with
     * each row's mean removed first when {@code centre} is true. {@code rows} is scratch that
     * receives the (centred) rows, p x n (reshaped to that, without allocation once it holds p n
     * values); EJML's outer product of it exploits the symmetry.
     */
    public static void empirical(DMatrixRMaj x, boolean centre, DMatrixRMaj rows, DMatrixRMaj out) {
        final int p = x.numRows;
        final int n = x.numCols;
        rows.reshape(p, n);
        final double[] src = x.data;
        final double[] dst = rows.data;
        for (int i = 0; i < p; i++) {
            final int row = i * n;
            double mean = 0.0;
            if (centre) {
                double sum = 0.0;
                for (int t = 0; t < n; t++) {
                    sum += src[row + t];
                }
                mean = sum / n;
            }
            for (int t = 0; t < n; t++) {
                dst[row + t] = src[row + t] - mean;
            }
        }
        CommonOps_DDRM.multOuter(rows, out);
        CommonOps_DDRM.scale(1.0 / n, out);
    }

    /**
     * The Ledoit-Wolf shrinkage of the empirical covariance {@code s} of the columns of {@code
     * rows} (p x n, centred when the estimate is a centred one, as {@link #empirical} leaves them),
     * with scikit-learn's estimate of beta and delta.
     */
    public static double ledoitWolfShrinkage(DMatrixRMaj rows, DMatrixRMaj s) {
        final int p = rows.numRows;
        final int n = rows.numCols;
        final double[] x = rows.data;
        // sum over samples of |x_t|^4: scikit-learn's beta_ = sum((X**2)' (X**2))
        double fourth = 0.0;
        for (int t = 0; t < n; t++) {
            double norm = 0.0;
            for (int i = 0; i < p; i++) {
                final double v = x[i * n + t];
                norm += v * v;
            }
            fourth += norm * norm;
        }
        final double[] d = s.data;
        double frobenius = 0.0;
        for (int i = 0; i < p * p; i++) {
            frobenius += d[i] * d[i];
        }
        final double traceSum = trace(s);
        final double mu = traceSum / p;
        double beta = 1.0 / ((double) p * n) * (fourth / n - frobenius);
        final double delta = (frobenius - 2.0 * mu * traceSum + p * mu * mu) / p;
        beta = Math.min(beta, delta);
        return beta == 0 ? 0.0 : beta / delta;
    }

    /**
     * The OAS shrinkage of an empirical covariance {@code s} of {@code n} samples: min(1, (alpha +
     * mu^2) / ((n + 1)(alpha - mu^2 / p))) with alpha the mean of the squared entries of s and mu =
     * trace(s) / p (1 when the denominator is 0).
     */
    public static double oasShrinkage(DMatrixRMaj s, int n) {
        final int p = s.numRows;
        final double[] d = s.data;
        double squares = 0.0;
        for (int i = 0; i < p * p; i++) {
            squares += d[i] * d[i];
        }
        final double alpha = squares / ((double) p * p);
        final double mu = trace(s) / p;
        final double muSquared = mu * mu;
        final double num = alpha + muSquared;
        final double den = (n + 1) * (alpha - muSquared / p);
        return den == 0 ? 1.0 : Math.min(num / den, 1.0);
    }

    /**
     * The OAS-shrunk covariance of {@code x} (p x n, rows centred first; pyRiemann's {@code
     * Covariances('oas')}) into {@code out}; {@code rows} is scratch as for {@link #empirical}.
     */
    public static void oas(DMatrixRMaj x, DMatrixRMaj rows, DMatrixRMaj out) {
        empirical(x, true, rows, out);
        shrink(out, oasShrinkage(out, x.numCols));
    }

    /** s = (1 - a) s + a mu I with mu = trace(s) / p, in place. */
    public static void shrink(DMatrixRMaj s, double a) {
        final int p = s.numRows;
        final double mu = trace(s) / p;
        CommonOps_DDRM.scale(1.0 - a, s);
        for (int i = 0; i < p; i++) {
            s.data[i * p + i] += a * mu;
        }
    }

    /** The trace of a square matrix. */
    public static double trace(DMatrixRMaj s) {
        final int p = s.numRows;
        double t = 0.0;
        for (int i = 0; i < p; i++) {
            t += s.data[i * p + i];
        }
        return t;
    }
}

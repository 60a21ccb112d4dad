package org.neurostream.models.logistic;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.SymmetricEigen;

/**
 * The row space of a wide design matrix Z (n rows, p &gt; n columns) through the
 * eigen-decomposition of its Gram matrix Z Z' = U S^2 U': the reduced design U S (n x r, r the
 * numerical rank) on which a ridge-penalised fit has the same minimum, and the map back to weights
 * w = Z' U S^-1 beta.
 */
final class RowSpace {
    /** Eigenvalues of Z Z' below this fraction of the largest count as zero. */
    private static final double RANK_TOLERANCE = 1e-12;

    private final double[][] z;
    private final double[][] u;
    private final double[] s;

    private RowSpace(double[][] z, double[][] u, double[] s) {
        this.z = z;
        this.u = u;
        this.s = s;
    }

    static RowSpace of(double[][] z) {
        final int n = z.length;
        final int p = z[0].length;
        final DMatrixRMaj rows = new DMatrixRMaj(n, p);
        for (int i = 0; i < n; i++) {
            System.arraycopy(z[i], 0, rows.data, i * p, p);
        }
        final DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multOuter(rows, gram);
        final SymmetricEigen eigen = new SymmetricEigen(n, true);
        eigen.decompose(gram);
        double largest = 0.0;
        for (double v : eigen.values()) {
            largest = Math.max(largest, v);
        }
        int rank = 0;
        for (double v : eigen.values()) {
            if (v > RANK_TOLERANCE * largest) {
                rank++;
            }
        }
        rank = Math.max(rank, 1);
        final double[][] u = new double[n][rank];
        final double[] s = new double[rank];
        int k = 0;
        for (int e = 0; e < n && k < rank; e++) {
            final double v = eigen.value(e);
            if (v > RANK_TOLERANCE * largest || (largest <= 0 && k == 0)) {
                s[k] = Math.sqrt(Math.max(v, 0.0));
                for (int i = 0; i < n; i++) {
                    u[i][k] = eigen.vectors().get(e, i);
                }
                k++;
            }
        }
        return new RowSpace(z, u, s);
    }

    /** The reduced design U S, n x r. */
    double[][] reduced() {
        final double[][] out = new double[u.length][s.length];
        for (int i = 0; i < u.length; i++) {
            for (int k = 0; k < s.length; k++) {
                out[i][k] = u[i][k] * s[k];
            }
        }
        return out;
    }

    /** The weights w = Z' U S^-1 beta on the original p columns. */
    double[] weights(double[] beta) {
        final int n = z.length;
        final int p = z[0].length;
        final double[] coefficient = new double[n];
        for (int i = 0; i < n; i++) {
            double c = 0.0;
            for (int k = 0; k < s.length; k++) {
                if (s[k] > 0) {
                    c += u[i][k] * beta[k] / s[k];
                }
            }
            coefficient[i] = c;
        }
        final double[] w = new double[p];
        for (int i = 0; i < n; i++) {
            final double c = coefficient[i];
            final double[] zi = z[i];
            for (int j = 0; j < p; j++) {
                w[j] += c * zi[j];
            }
        }
        return w;
    }
}

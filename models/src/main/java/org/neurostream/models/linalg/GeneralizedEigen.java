package org.neurostream.models.linalg;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The generalised symmetric-definite eigenproblem A v = lambda B v (A symmetric, B symmetric
 * positive definite) as {@code scipy.linalg.eigh(A, B)} solves it: eigenvalues in ascending order,
 * eigenvectors B-normalised (v' B v = 1). Reduced to a standard problem through EJML's Cholesky
 * factor B = L L': C = L^-1 A L^-T has the same eigenvalues, and v = L^-T u for each unit
 * eigenvector u of C. The sign of each eigenvector is arbitrary, as in LAPACK.
 *
 * @param values eigenvalues, ascending
 * @param vectors n x n, column k is the eigenvector of value k
 */
public record GeneralizedEigen(double[] values, DMatrixRMaj vectors) {

    /**
     * Solves A v = lambda B v.
     *
     * @throws IllegalArgumentException when B is not positive definite or the sizes differ
     */
    public static GeneralizedEigen solve(DMatrixRMaj a, DMatrixRMaj b) {
        final int n = a.numRows;
        if (a.numCols != n || b.numRows != n || b.numCols != n) {
            throw new IllegalArgumentException("A and B must be square and of one size");
        }
        final CholeskyDecomposition_F64<DMatrixRMaj> cholesky =
                DecompositionFactory_DDRM.chol(n, true);
        final DMatrixRMaj factor = b.copy();
        if (!cholesky.decompose(factor)) {
            throw new IllegalArgumentException("B is not positive definite");
        }
        final DMatrixRMaj lower = cholesky.getT(null);
        final DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invert(lower, inverse)) {
            throw new IllegalArgumentException("B's Cholesky factor is singular");
        }
        final DMatrixRMaj tmp = new DMatrixRMaj(n, n);
        final DMatrixRMaj c = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(inverse, a, tmp);
        CommonOps_DDRM.multTransB(tmp, inverse, c);
        SpdFunctions.symmetrise(c);
        final SymmetricEigen eigen = new SymmetricEigen(n, true);
        eigen.decompose(c);
        final Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        final double[] raw = eigen.values();
        Arrays.sort(order, Comparator.comparingDouble(k -> raw[k]));
        final double[] values = new double[n];
        final DMatrixRMaj units = new DMatrixRMaj(n, n);
        final DMatrixRMaj rows = eigen.vectors();
        for (int k = 0; k < n; k++) {
            values[k] = raw[order[k]];
            // column k of units = eigenvector order[k]
            for (int i = 0; i < n; i++) {
                units.data[i * n + k] = rows.data[order[k] * n + i];
            }
        }
        final DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(inverse, units, vectors);
        return new GeneralizedEigen(values, vectors);
    }
}

package org.neurostream.models.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQREigenHelper_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQrAlgorithm_DDRM;
import org.ejml.dense.row.decomposition.hessenberg.TridiagonalDecompositionHouseholder_DDRM;

/**
 * Eigen-decomposition of real symmetric n x n matrices, reusable without allocation: EJML's
 * Householder tridiagonalisation followed by its implicit symmetric QR algorithm (the steps of
 * EJML's {@code SymmetricQRAlgorithmDecomposition_DDRM}), with the results kept in arrays this
 * object owns instead of one object per eigenvalue.
 *
 * <p>After {@link #decompose}, {@link #value(int)} is eigenvalue k and row k of {@link #vectors()}
 * its unit eigenvector; the order is the algorithm's, not sorted. One instance per thread.
 */
public final class SymmetricEigen {
    private final int n;
    private final boolean withVectors;
    private final TridiagonalDecompositionHouseholder_DDRM tridiagonal =
            new TridiagonalDecompositionHouseholder_DDRM();
    private final SymmetricQREigenHelper_DDRM helper = new SymmetricQREigenHelper_DDRM();
    private final SymmetricQrAlgorithm_DDRM algorithm = new SymmetricQrAlgorithm_DDRM(helper);
    private final double[] diagonal;
    private final double[] offDiagonal;
    private final double[] values;
    private final DMatrixRMaj work;
    private DMatrixRMaj vectors;

    /**
     * A solver for n x n matrices.
     *
     * @param withVectors whether {@link #decompose} also computes the eigenvectors
     */
    public SymmetricEigen(int n, boolean withVectors) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix size must be at least 1, got " + n);
        }
        this.n = n;
        this.withVectors = withVectors;
        this.diagonal = new double[n];
        this.offDiagonal = new double[Math.max(1, n - 1)];
        this.values = new double[n];
        this.vectors = new DMatrixRMaj(n, n);
        this.work = new DMatrixRMaj(n, n);
    }

    /** The matrix size this solver takes. */
    public int size() {
        return n;
    }

    /**
     * Decomposes the symmetric matrix {@code a}; {@code a} is left unchanged (EJML's
     * tridiagonalisation works in place, so it runs on a copy).
     *
     * @throws IllegalArgumentException when {@code a} is not n x n
     * @throws ArithmeticException when the QR iteration does not converge (non-finite input)
     */
    public void decompose(DMatrixRMaj a) {
        if (a.numRows != n || a.numCols != n) {
            throw new IllegalArgumentException(
                    "expected a "
                            + n
                            + " x "
                            + n
                            + " matrix, got "
                            + a.numRows
                            + " x "
                            + a.numCols);
        }
        work.setTo(a);
        if (!tridiagonal.decompose(work)) {
            throw new ArithmeticException("tridiagonal decomposition failed");
        }
        tridiagonal.getDiagonal(diagonal, offDiagonal);
        helper.init(diagonal, offDiagonal, n);
        boolean converged;
        if (withVectors) {
            vectors = tridiagonal.getQ(vectors, true);
            helper.setQ(vectors);
            algorithm.setFastEigenvalues(false);
            converged = algorithm.process(-1, null, null);
        } else {
            algorithm.setQ(null);
            algorithm.setFastEigenvalues(true);
            converged = algorithm.process(-1, null, null);
        }
        if (!converged) {
            throw new ArithmeticException("symmetric QR algorithm did not converge");
        }
        helper.copyEigenvalues(values);
    }

    /** Eigenvalue k of the last decomposition. */
    public double value(int k) {
        return values[k];
    }

    /** The eigenvalues of the last decomposition (the solver's array: do not modify). */
    public double[] values() {
        return values;
    }

    /**
     * The eigenvectors of the last decomposition as rows (row k belongs to {@link #value(int)} k);
     * the solver's matrix, overwritten by the next call.
     *
     * @throws IllegalStateException when the solver was made without vectors
     */
    public DMatrixRMaj vectors() {
        if (!withVectors) {
            throw new IllegalStateException("this solver computes eigenvalues only");
        }
        return vectors;
    }
}

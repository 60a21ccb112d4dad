package org.neurostream.models.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Whitening by a fixed SPD matrix M = L L' (EJML's Cholesky factor): C -&gt; L^-1 C L^-T by two
 * triangular solves. The result is orthogonally similar to M^-1/2 C M^-1/2 (L^-1 = O M^-1/2 with O
 * = L^-1 M^1/2 orthogonal), so it has the same eigenvalues at half the cost of two full products.
 * {@link #whiten} allocates nothing; one instance per thread.
 */
public final class CholeskyWhitening {
    private final int n;
    private final DMatrixRMaj lower;
    private final DMatrixRMaj tmp;

    /**
     * Whitening by {@code m}.
     *
     * @throws IllegalArgumentException when m is not positive definite
     */
    public CholeskyWhitening(DMatrixRMaj m) {
        this.n = m.numRows;
        final CholeskyDecomposition_F64<DMatrixRMaj> cholesky =
                DecompositionFactory_DDRM.chol(n, true);
        if (!cholesky.decompose(m.copy())) {
            throw new IllegalArgumentException("matrix is not positive definite");
        }
        this.lower = cholesky.getT(null);
        this.tmp = new DMatrixRMaj(n, n);
    }

    /** The Cholesky factor L (a copy). */
    public DMatrixRMaj lower() {
        return lower.copy();
    }

    /** out = L^-1 C L^-T, symmetric; {@code out} must not be {@code c}. */
    public void whiten(DMatrixRMaj c, DMatrixRMaj out) {
        tmp.setTo(c);
        TriangularSolver_DDRM.solveL(lower.data, tmp.data, n, n);
        CommonOps_DDRM.transpose(tmp, out);
        TriangularSolver_DDRM.solveL(lower.data, out.data, n, n);
        SpdFunctions.symmetrise(out);
    }

    /** out = L^-1 B for any n x k matrix B (in place when out is b). */
    public void solveLower(DMatrixRMaj b, DMatrixRMaj out) {
        out.setTo(b);
        TriangularSolver_DDRM.solveL(lower.data, out.data, n, b.numCols);
    }
}

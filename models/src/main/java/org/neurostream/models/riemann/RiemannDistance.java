package org.neurostream.models.riemann;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.SpdFunctions;
import org.neurostream.models.linalg.SymmetricEigen;

/**
 * The affine-invariant Riemannian distance to one fixed SPD matrix M: d(C, M) = sqrt(sum_i log^2
 * lambda_i), lambda the eigenvalues of M^-1/2 C M^-1/2 (the generalised eigenvalues of C and M), as
 * pyRiemann's {@code distance_riemann}. M^-1/2 is computed once; {@link #distance} allocates
 * nothing and uses this instance's scratch, so one instance per thread.
 */
public final class RiemannDistance {
    private final DMatrixRMaj inverseRoot;
    private final SymmetricEigen eigen;
    private final DMatrixRMaj tmp;
    private final DMatrixRMaj whitened;

    /** Distances to the SPD matrix {@code m}. */
    public RiemannDistance(DMatrixRMaj m) {
        final int n = m.numRows;
        this.inverseRoot = new DMatrixRMaj(n, n);
        new SpdFunctions(n).inverseSqrt(m, inverseRoot);
        this.eigen = new SymmetricEigen(n, false);
        this.tmp = new DMatrixRMaj(n, n);
        this.whitened = new DMatrixRMaj(n, n);
    }

    /** d(c, M). */
    public double distance(DMatrixRMaj c) {
        CommonOps_DDRM.mult(inverseRoot, c, tmp);
        CommonOps_DDRM.mult(tmp, inverseRoot, whitened);
        SpdFunctions.symmetrise(whitened);
        eigen.decompose(whitened);
        double sum = 0.0;
        for (double lambda : eigen.values()) {
            final double l = Math.log(lambda);
            sum += l * l;
        }
        return Math.sqrt(sum);
    }
}

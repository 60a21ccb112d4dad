package org.neurostream.models.riemann;

import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.linalg.CholeskyWhitening;
import org.neurostream.models.linalg.SymmetricEigen;

/**
 * The affine-invariant Riemannian distance to one fixed SPD matrix M: d(C, M) = sqrt(sum_i log^2
 * lambda_i), lambda the eigenvalues of M^-1/2 C M^-1/2 (the generalised eigenvalues of C and M), as
 * pyRiemann's {@code distance_riemann}. M^-1/2 is computed once; {@link #distance} allocates
 * nothing and uses this instance's scratch, so one instance per thread.
 */
public final class RiemannDistance {
    private final CholeskyWhitening whitening;
    private final SymmetricEigen eigen;
    private final DMatrixRMaj whitened;

    /** Distances to the SPD matrix {@code m}. */
    public RiemannDistance(DMatrixRMaj m) {
        final int n = m.numRows;
        this.whitening = new CholeskyWhitening(m);
        this.eigen = new SymmetricEigen(n, false);
        this.whitened = new DMatrixRMaj(n, n);
    }

    /** d(c, M). */
    public double distance(DMatrixRMaj c) {
        whitening.whiten(c, whitened);
        eigen.decompose(whitened);
        double sum = 0.0;
        for (double lambda : eigen.values()) {
            final double l = Math.log(lambda);
            sum += l * l;
        }
        return Math.sqrt(sum);
    }
}

package org.neurostream.models.riemann;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.SpdFunctions;

/**
 * The affine-invariant Riemannian mean of SPD matrices, by the gradient descent of pyRiemann's
 * {@code mean_riemann} step for step: start at the arithmetic mean; each iteration J = mean_i
 * log(M^-1/2 C_i M^-1/2), M = M^1/2 exp(nu J) M^1/2, with the step nu shrunk by 0.95 while nu |J|
 * falls and halved when it does not; stop when |J|_F &lt;= tol or nu &lt;= tol (tol 1e-8 and 50
 * iterations, pyRiemann's defaults).
 */
public final class RiemannianMean {
    /** pyRiemann's default tolerance ({@code 10e-9}). */
    public static final double TOLERANCE = 1e-8;

    /** pyRiemann's default iteration limit. */
    public static final int MAX_ITERATIONS = 50;

    private RiemannianMean() {}

    /**
     * The mean of the matrices (equal weights).
     *
     * @throws IllegalArgumentException when the list is empty or the sizes differ
     */
    public static DMatrixRMaj of(List<DMatrixRMaj> matrices) {
        return of(matrices, TOLERANCE, MAX_ITERATIONS);
    }

    /** The mean with the given stopping rule; the last iterate when the limit is reached. */
    public static DMatrixRMaj of(List<DMatrixRMaj> matrices, double tolerance, int maxIterations) {
        if (matrices.isEmpty()) {
            throw new IllegalArgumentException("the Riemannian mean needs at least one matrix");
        }
        final int n = matrices.get(0).numRows;
        final double weight = 1.0 / matrices.size();
        final DMatrixRMaj mean = new DMatrixRMaj(n, n);
        for (DMatrixRMaj c : matrices) {
            if (c.numRows != n || c.numCols != n) {
                throw new IllegalArgumentException("matrices of different sizes");
            }
            CommonOps_DDRM.addEquals(mean, weight, c);
        }
        final SpdFunctions f = new SpdFunctions(n);
        final DMatrixRMaj root = new DMatrixRMaj(n, n);
        final DMatrixRMaj inverseRoot = new DMatrixRMaj(n, n);
        final DMatrixRMaj gradient = new DMatrixRMaj(n, n);
        final DMatrixRMaj tmp = new DMatrixRMaj(n, n);
        final DMatrixRMaj whitened = new DMatrixRMaj(n, n);
        double nu = 1.0;
        double tau = Double.MAX_VALUE;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            f.sqrt(mean, root);
            f.inverseSqrt(mean, inverseRoot);
            gradient.zero();
            for (DMatrixRMaj c : matrices) {
                CommonOps_DDRM.mult(inverseRoot, c, tmp);
                CommonOps_DDRM.mult(tmp, inverseRoot, whitened);
                SpdFunctions.symmetrise(whitened);
                f.log(whitened, whitened);
                CommonOps_DDRM.addEquals(gradient, weight, whitened);
            }
            CommonOps_DDRM.scale(nu, gradient, tmp);
            f.exp(tmp, tmp);
            CommonOps_DDRM.mult(root, tmp, whitened);
            CommonOps_DDRM.mult(whitened, root, mean);
            SpdFunctions.symmetrise(mean);
            final double crit = frobenius(gradient);
            final double h = nu * crit;
            if (h < tau) {
                nu = 0.95 * nu;
                tau = h;
            } else {
                nu = 0.5 * nu;
            }
            if (crit <= tolerance || nu <= tolerance) {
                break;
            }
        }
        return mean;
    }

    private static double frobenius(DMatrixRMaj a) {
        double s = 0.0;
        for (double v : a.data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}

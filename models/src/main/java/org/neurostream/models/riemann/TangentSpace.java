package org.neurostream.models.riemann;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.SpdFunctions;

/**
 * The tangent space of SPD matrices at a reference point R, as pyRiemann's {@code
 * TangentSpace(metric='riemann')} maps to it: S = log(R^-1/2 C R^-1/2), then the upper triangle of
 * S row by row ({@code numpy.triu_indices} order), off-diagonal entries times sqrt(2) so that the
 * Euclidean norm of the vector is the Frobenius norm of S: n (n + 1) / 2 values.
 *
 * <p>The reference's inverse square root is computed once; {@link #vector} allocates nothing and
 * uses this instance's scratch, so one instance per thread.
 */
public final class TangentSpace {
    private static final double SQRT2 = Math.sqrt(2.0);

    private final int n;
    private final DMatrixRMaj reference;
    private final DMatrixRMaj inverseRoot;
    private final SpdFunctions functions;
    private final DMatrixRMaj tmp;
    private final DMatrixRMaj whitened;

    /** The tangent space at the SPD matrix {@code reference} (copied). */
    public TangentSpace(DMatrixRMaj reference) {
        this.n = reference.numRows;
        this.reference = reference.copy();
        this.functions = new SpdFunctions(n);
        this.inverseRoot = new DMatrixRMaj(n, n);
        functions.inverseSqrt(this.reference, inverseRoot);
        this.tmp = new DMatrixRMaj(n, n);
        this.whitened = new DMatrixRMaj(n, n);
    }

    /** Length of a tangent vector for n x n matrices: n (n + 1) / 2. */
    public static int dimension(int n) {
        return n * (n + 1) / 2;
    }

    /** The matrix size n. */
    public int size() {
        return n;
    }

    /** The reference point (a copy). */
    public DMatrixRMaj reference() {
        return reference.copy();
    }

    /** Writes the tangent vector of the SPD matrix {@code c} into {@code out[offset ..]}. */
    public void vector(DMatrixRMaj c, double[] out, int offset) {
        CommonOps_DDRM.mult(inverseRoot, c, tmp);
        CommonOps_DDRM.mult(tmp, inverseRoot, whitened);
        SpdFunctions.symmetrise(whitened);
        functions.log(whitened, whitened);
        final double[] s = whitened.data;
        int k = offset;
        for (int i = 0; i < n; i++) {
            out[k++] = s[i * n + i];
            for (int j = i + 1; j < n; j++) {
                out[k++] = SQRT2 * s[i * n + j];
            }
        }
    }
}

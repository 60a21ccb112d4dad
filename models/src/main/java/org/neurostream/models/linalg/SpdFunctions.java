package org.neurostream.models.linalg;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Functions of symmetric matrices through their eigen-decomposition, f(A) = V' diag(f(lambda)) V
 * with the eigenvectors as the rows of V ({@link SymmetricEigen}): square root, inverse square
 * root, logarithm and exponential, as pyRiemann's {@code sqrtm}, {@code invsqrtm}, {@code logm},
 * {@code expm} compute them. The matrix products are EJML's.
 *
 * <p>One instance per thread and matrix size; every call reuses the instance's scratch and
 * allocates nothing.
 */
public final class SpdFunctions {
    private final int n;
    private final SymmetricEigen eigen;
    private final DMatrixRMaj scaled;

    /** Scratch for n x n matrices. */
    public SpdFunctions(int n) {
        this.n = n;
        this.eigen = new SymmetricEigen(n, true);
        this.scaled = new DMatrixRMaj(n, n);
    }

    /** The matrix size. */
    public int size() {
        return n;
    }

    /** out = A^(1/2). */
    public void sqrt(DMatrixRMaj a, DMatrixRMaj out) {
        apply(a, Math::sqrt, out);
    }

    /** out = A^(-1/2). */
    public void inverseSqrt(DMatrixRMaj a, DMatrixRMaj out) {
        apply(a, SpdFunctions::inverseSqrt, out);
    }

    /** out = log(A), the principal logarithm of an SPD matrix. */
    public void log(DMatrixRMaj a, DMatrixRMaj out) {
        apply(a, Math::log, out);
    }

    /** out = exp(A) of a symmetric matrix. */
    public void exp(DMatrixRMaj a, DMatrixRMaj out) {
        apply(a, Math::exp, out);
    }

    /**
     * out = V' diag(f(lambda)) V for the symmetric matrix {@code a}; {@code out} may be {@code a}.
     */
    public void apply(DMatrixRMaj a, DoubleUnaryOperator f, DMatrixRMaj out) {
        eigen.decompose(a);
        final DMatrixRMaj v = eigen.vectors();
        final double[] values = eigen.values();
        final double[] src = v.data;
        final double[] dst = scaled.data;
        for (int k = 0; k < n; k++) {
            final double fk = f.applyAsDouble(values[k]);
            final int row = k * n;
            for (int j = 0; j < n; j++) {
                dst[row + j] = fk * src[row + j];
            }
        }
        CommonOps_DDRM.multTransA(v, scaled, out);
        symmetrise(out);
    }

    /** The eigen-decomposition of the last call (values and vectors), for callers that need it. */
    public SymmetricEigen lastDecomposition() {
        return eigen;
    }

    /** Copies the mean of A and A' into both triangles, removing rounding asymmetry. */
    public static void symmetrise(DMatrixRMaj a) {
        final int n = a.numRows;
        final double[] d = a.data;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                final double m = 0.5 * (d[i * n + j] + d[j * n + i]);
                d[i * n + j] = m;
                d[j * n + i] = m;
            }
        }
    }

    private static double inverseSqrt(double x) {
        return 1.0 / Math.sqrt(x);
    }
}

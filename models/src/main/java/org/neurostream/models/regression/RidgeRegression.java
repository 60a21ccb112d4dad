package org.neurostream.models.regression;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Ridge regression on standardized features, fitted in closed form: each feature is centred and
 * divided by its population standard deviation (1 for a constant feature), then {@code w} solves
 * {@code (Z'Z + alpha I) w = Z'(y - mean(y))} (Cholesky, EJML) and the intercept is {@code
 * mean(y)}. The same computation as scikit-learn's {@code make_pipeline(StandardScaler(),
 * Ridge(alpha))}; immutable once fitted.
 */
public final class RidgeRegression {
    private final double alpha;
    private final double[] mean;
    private final double[] scale;
    private final double[] coef;
    private final double intercept;

    /**
     * A fitted model.
     *
     * @param alpha the penalty it was fitted with
     * @param mean per feature the mean subtracted
     * @param scale per feature the divisor after subtraction (positive)
     * @param coef per feature the weight on the standardized value
     * @param intercept the prediction at the mean features
     */
    public RidgeRegression(
            final double alpha,
            final double[] mean,
            final double[] scale,
            final double[] coef,
            final double intercept) {
        if (mean.length != scale.length || mean.length != coef.length) {
            throw new IllegalArgumentException(
                    "mean, scale and coef lengths differ: "
                            + mean.length
                            + ", "
                            + scale.length
                            + ", "
                            + coef.length);
        }
        this.alpha = alpha;
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.coef = coef.clone();
        this.intercept = intercept;
    }

    /**
     * Fits on the observations {@code rows} of {@code x} (row-major, {@code features} per row).
     *
     * @param rows indices of the observations to fit on
     * @throws IllegalArgumentException when alpha is not positive or there are no rows
     */
    public static RidgeRegression fit(
            final double[] x,
            final int features,
            final double[] y,
            final int[] rows,
            final double alpha) {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        final int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no observations to fit on");
        }
        final double[] mean = new double[features];
        double yMean = 0;
        for (final int r : rows) {
            for (int c = 0; c < features; c++) {
                mean[c] += x[r * features + c];
            }
            yMean += y[r];
        }
        for (int c = 0; c < features; c++) {
            mean[c] /= n;
        }
        yMean /= n;
        final double[] scale = new double[features];
        for (final int r : rows) {
            for (int c = 0; c < features; c++) {
                final double d = x[r * features + c] - mean[c];
                scale[c] += d * d;
            }
        }
        for (int c = 0; c < features; c++) {
            final double s = Math.sqrt(scale[c] / n);
            scale[c] = s > 10 * Math.ulp(Math.abs(mean[c])) && s > 0 ? s : 1;
        }
        final DMatrixRMaj z = new DMatrixRMaj(n, features);
        final DMatrixRMaj yc = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            final int r = rows[i];
            for (int c = 0; c < features; c++) {
                z.unsafe_set(i, c, (x[r * features + c] - mean[c]) / scale[c]);
            }
            yc.unsafe_set(i, 0, y[r] - yMean);
        }
        final DMatrixRMaj gram = new DMatrixRMaj(features, features);
        CommonOps_DDRM.multTransA(z, z, gram);
        for (int c = 0; c < features; c++) {
            gram.add(c, c, alpha);
        }
        final DMatrixRMaj rhs = new DMatrixRMaj(features, 1);
        CommonOps_DDRM.multTransA(z, yc, rhs);
        final LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(features);
        if (!solver.setA(gram)) {
            throw new IllegalStateException("ridge normal equations not positive definite");
        }
        final DMatrixRMaj w = new DMatrixRMaj(features, 1);
        solver.solve(rhs, w);
        return new RidgeRegression(alpha, mean, scale, w.getData().clone(), yMean);
    }

    /** The prediction for one observation of {@code x} starting at {@code offset}. */
    public double predict(final double[] x, final int offset) {
        double s = intercept;
        for (int c = 0; c < coef.length; c++) {
            s += coef[c] * ((x[offset + c] - mean[c]) / scale[c]);
        }
        return s;
    }

    /** Number of features. */
    public int features() {
        return coef.length;
    }

    /** The penalty. */
    public double alpha() {
        return alpha;
    }

    /** Per feature the mean subtracted (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Per feature the divisor (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /** Per feature the weight on the standardized value (a copy). */
    public double[] coef() {
        return coef.clone();
    }

    /** The intercept. */
    public double intercept() {
        return intercept;
    }

    /**
     * The coefficient of determination of the fitted model on the observations {@code rows}, as
     * scikit-learn's {@code r2_score}: {@code 1 - SS_res / SS_tot}; 1 when both are 0, 0 when only
     * {@code SS_tot} is.
     */
    public double r2(final double[] x, final double[] y, final int[] rows) {
        double yMean = 0;
        for (final int r : rows) {
            yMean += y[r];
        }
        yMean /= rows.length;
        double res = 0;
        double tot = 0;
        for (final int r : rows) {
            final double e = y[r] - predict(x, r * coef.length);
            res += e * e;
            final double d = y[r] - yMean;
            tot += d * d;
        }
        if (tot == 0) {
            return res == 0 ? 1 : 0;
        }
        return 1 - res / tot;
    }
}

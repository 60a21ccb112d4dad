package org.neurostream.models.logistic;

import java.util.Arrays;

/**
 * Damped Newton minimisation of the L2-regularised mean log-loss on a standardised design matrix.
 *
 * <p>Objective, with z the standardised features, w the weights and b the unpenalised bias: {@code
 * J(w, b) = (1/n) sum_i [log(1 + exp(m_i)) - y_i m_i] + (l2/2) |w|^2} with {@code m_i = b + w.z_i}.
 * J is strictly convex when l2 > 0 and both classes are present, so it has one minimum. Each step
 * solves the full (p+1)-square Newton system by Cholesky and backtracks (Armijo) until J falls
 * enough; once the half squared Newton decrement {@code g'H^-1 g / 2} is below 1e-12 the iterate is
 * in the quadratic region and one last full step is taken. No randomness, no data-dependent
 * ordering: equal inputs give equal bits.
 *
 * <p>Cost per iteration: n (p+1)^2 / 2 for the Hessian and (p+1)^3 / 6 for its factor, which is
 * cheap for the few hundred features of band-power decoders.
 */
final class NewtonSolver {
    /** Newton iterations before giving up; cold starts take about 10 (320 features, 500 rows). */
    static final int MAX_ITERATIONS = 100;

    /** Half squared Newton decrement, in units of the mean log-loss, that ends the iteration. */
    private static final double DECREMENT_TOLERANCE = 1e-12;

    /** Armijo sufficient-decrease fraction (the usual textbook constant). */
    private static final double ARMIJO = 1e-4;

    /** Smallest backtracking step before the line search is declared failed. */
    private static final double MIN_STEP = 0x1p-40;

    /** Outcome of one minimisation: Newton iterations used and the objective at the minimum. */
    record Result(int iterations, double objective) {}

    private final double[][] z;
    private final int[] y;
    private final int n;
    private final int p;
    private final double[][] h;
    private final double[] g;
    private final double[] u;
    private final double[] d;
    private final double[] trialW;
    private double[] margin;
    private double[] trialMargin;

    /** Prepares scratch for minimising over standardised rows {@code z} with labels {@code y}. */
    NewtonSolver(double[][] z, int[] y) {
        this.z = z;
        this.y = y;
        this.n = z.length;
        this.p = z[0].length;
        this.h = new double[p + 1][p + 1];
        this.g = new double[p + 1];
        this.u = new double[p + 1];
        this.d = new double[p + 1];
        this.trialW = new double[p];
        this.margin = new double[n];
        this.trialMargin = new double[n];
    }

    /**
     * Minimises J for {@code l2}, starting from {@code w} and {@code bias[0]} and leaving the
     * minimiser there.
     *
     * @throws IllegalStateException if it does not converge (which strict convexity rules out short
     *     of numerical breakdown)
     */
    Result solve(double l2, double[] w, double[] bias) {
        double b = bias[0];
        double f = objective(w, b, l2, margin);
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            gradientAndHessian(w, l2);
            newtonDirection();
            double decrement = 0.0;
            for (int k = 0; k <= p; k++) {
                decrement += u[k] * u[k];
            }
            if (0.5 * decrement <= DECREMENT_TOLERANCE) {
                for (int j = 0; j < p; j++) {
                    w[j] += d[j];
                }
                b += d[p];
                bias[0] = b;
                return new Result(iteration, objective(w, b, l2, margin));
            }
            double step = 1.0;
            while (true) {
                for (int j = 0; j < p; j++) {
                    trialW[j] = w[j] + step * d[j];
                }
                double trialB = b + step * d[p];
                double trialF = objective(trialW, trialB, l2, trialMargin);
                if (trialF <= f - ARMIJO * step * decrement) {
                    System.arraycopy(trialW, 0, w, 0, p);
                    b = trialB;
                    f = trialF;
                    double[] swap = margin;
                    margin = trialMargin;
                    trialMargin = swap;
                    break;
                }
                step *= 0.5;
                if (step < MIN_STEP) {
                    throw new IllegalStateException(
                            "logistic fit (l2="
                                    + l2
                                    + "): line search failed at iteration "
                                    + iteration
                                    + ", Newton decrement "
                                    + decrement);
                }
            }
        }
        throw new IllegalStateException(
                "logistic fit (l2="
                        + l2
                        + "): no convergence in "
                        + MAX_ITERATIONS
                        + " Newton iterations");
    }

    /** Returns J at (w, b) and leaves the margins b + w.z_i in {@code m}. */
    private double objective(double[] w, double b, double l2, double[] m) {
        double loss = 0.0;
        for (int i = 0; i < n; i++) {
            double[] zi = z[i];
            double s = b;
            for (int j = 0; j < p; j++) {
                s += w[j] * zi[j];
            }
            m[i] = s;
            loss += LinearScore.logLoss(s, y[i]);
        }
        double squares = 0.0;
        for (int j = 0; j < p; j++) {
            squares += w[j] * w[j];
        }
        return loss / n + 0.5 * l2 * squares;
    }

    /** Fills g and the lower triangle of H at the current margins (bias is index p). */
    private void gradientAndHessian(double[] w, double l2) {
        for (int k = 0; k <= p; k++) {
            g[k] = 0.0;
            Arrays.fill(h[k], 0, k + 1, 0.0);
        }
        for (int i = 0; i < n; i++) {
            double[] zi = z[i];
            double mi = margin[i];
            double residual = LinearScore.sigmoid(mi) - y[i];
            // sigma (1 - sigma) written through e^-|m| so it stays accurate for large |m|
            double e = Math.exp(-Math.abs(mi));
            double curvature = e / ((1.0 + e) * (1.0 + e));
            double[] hp = h[p];
            for (int j = 0; j < p; j++) {
                double zij = zi[j];
                g[j] += residual * zij;
                double a = curvature * zij;
                double[] hj = h[j];
                for (int k = 0; k <= j; k++) {
                    hj[k] += a * zi[k];
                }
                hp[j] += a;
            }
            g[p] += residual;
            hp[p] += curvature;
        }
        double inv = 1.0 / n;
        for (int j = 0; j <= p; j++) {
            g[j] *= inv;
            double[] hj = h[j];
            for (int k = 0; k <= j; k++) {
                hj[k] *= inv;
            }
        }
        for (int j = 0; j < p; j++) {
            g[j] += l2 * w[j];
            h[j][j] += l2;
        }
    }

    /** Factors H = L L' in place and solves H d = -g; leaves u = L^-1 g (so g'H^-1 g = u.u). */
    private void newtonDirection() {
        final int q = p + 1;
        for (int j = 0; j < q; j++) {
            double[] hj = h[j];
            double s = hj[j];
            for (int k = 0; k < j; k++) {
                s -= hj[k] * hj[k];
            }
            if (!(s > 0.0)) {
                throw new IllegalStateException(
                        "logistic fit: Hessian not positive definite at pivot " + j);
            }
            double pivot = Math.sqrt(s);
            hj[j] = pivot;
            for (int i = j + 1; i < q; i++) {
                double[] hi = h[i];
                double t = hi[j];
                for (int k = 0; k < j; k++) {
                    t -= hi[k] * hj[k];
                }
                hi[j] = t / pivot;
            }
        }
        for (int i = 0; i < q; i++) {
            double[] hi = h[i];
            double t = g[i];
            for (int k = 0; k < i; k++) {
                t -= hi[k] * u[k];
            }
            u[i] = t / hi[i];
        }
        for (int i = q - 1; i >= 0; i--) {
            double t = u[i];
            for (int k = i + 1; k < q; k++) {
                t -= h[k][i] * d[k];
            }
            d[i] = t / h[i][i];
        }
        for (int i = 0; i < q; i++) {
            d[i] = -d[i];
        }
    }
}

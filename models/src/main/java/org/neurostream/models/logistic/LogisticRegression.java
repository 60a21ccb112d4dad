package org.neurostream.models.logistic;

import java.util.Arrays;

/**
 * A fitted binary L2-regularised logistic regression on standardised features.
 *
 * <p>{@link #fit} learns, from the rows it is given only, each feature's mean and population
 * standard deviation (a constant feature gets scale 1 and weight 0), then minimises
 *
 * <pre>
 *   J(w, b) = (1/n) sum_i [ log(1 + exp(m_i)) - y_i m_i ] + (l2 / 2) |w|^2,
 *   m_i = b + sum_j w_j (x_ij - mean_j) / scale_j
 * </pre>
 *
 * <p>by damped Newton (Cholesky of the full Hessian, Armijo backtracking), which is deterministic
 * and converges to the unique minimum. The bias b is not penalised. Because the loss is a mean, l2
 * does not scale with the number of samples (sklearn's {@code C} would be {@code 1 / (n l2)}).
 * Weights live in standardised units; predictions take raw features.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class LogisticRegression {
    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;
    private final double l2;
    private final int iterations;
    private final double objective;

    private LogisticRegression(
            double[] mean,
            double[] scale,
            double[] weights,
            double bias,
            double l2,
            int iterations,
            double objective) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
        this.l2 = l2;
        this.iterations = iterations;
        this.objective = objective;
    }

    /**
     * Fits one model.
     *
     * @param x features, one row per sample, all rows the same length, all values finite
     * @param y labels, 0 or 1, both present
     * @param l2 L2 strength on the standardised weights, finite and &gt; 0
     * @throws IllegalArgumentException on malformed input or a single class
     */
    public static LogisticRegression fit(double[][] x, int[] y, double l2) {
        return fitPath(x, y, new double[] {l2})[0];
    }

    /**
     * A model from its parameters, as a model file stores them (no fit statistics: {@link
     * #iterations()} is 0 and {@link #objective()} NaN); arrays are copied.
     *
     * @throws IllegalArgumentException when the lengths differ, a scale is not &gt; 0, a value is
     *     not finite or l2 is not &gt; 0
     */
    public static LogisticRegression of(
            double[] mean, double[] scale, double[] weights, double bias, double l2) {
        final int p = weights.length;
        if (p == 0 || mean.length != p || scale.length != p) {
            throw new IllegalArgumentException(
                    "mean, scale and weights must have one value per feature");
        }
        for (int j = 0; j < p; j++) {
            if (!Double.isFinite(mean[j])
                    || !Double.isFinite(weights[j])
                    || !(scale[j] > 0)
                    || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("feature " + j + ": invalid parameters");
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be finite, got " + bias);
        }
        Inputs.checkL2(l2);
        return new LogisticRegression(
                mean.clone(), scale.clone(), weights.clone(), bias, l2, 0, Double.NaN);
    }

    /**
     * Fits one model per L2 strength on the same data, sharing the standardisation and starting
     * each fit from the previous one (largest l2 first). Warm starts only save iterations: every
     * result is the minimum for its own l2. Results come back in the order of {@code l2s}.
     *
     * @throws IllegalArgumentException on malformed input, a single class or an invalid grid
     */
    public static LogisticRegression[] fitPath(double[][] x, int[] y, double[] l2s) {
        int n = x == null ? 0 : x.length;
        Inputs.checkFeatures(x);
        Inputs.checkLabels(y, n);
        Inputs.checkGrid(l2s);
        return fitPath(x, y, Inputs.allRows(n), l2s);
    }

    /**
     * As {@link #fitPath(double[][], int[], double[])}, with the features only centred (every scale
     * 1) when {@code standardise} is false: the penalty then acts on the features' own units, as in
     * scikit-learn's {@code LogisticRegression} without a scaler (l2 = 1 / (n C)).
     */
    public static LogisticRegression[] fitPath(
            double[][] x, int[] y, double[] l2s, boolean standardise) {
        int n = x == null ? 0 : x.length;
        Inputs.checkFeatures(x);
        Inputs.checkLabels(y, n);
        Inputs.checkGrid(l2s);
        return fitPath(x, y, Inputs.allRows(n), l2s, standardise);
    }

    /** {@link #fitPath(double[][], int[], double[])} on a subset of rows of checked inputs. */
    static LogisticRegression[] fitPath(double[][] x, int[] y, int[] rows, double[] l2s) {
        return fitPath(x, y, rows, l2s, true);
    }

    /**
     * The fit on {@code rows}. With more features than rows the minimiser of J lies in the span of
     * the rows (the loss depends on w only through Z w, and the penalty removes any component
     * orthogonal to them), so the solver runs on the n x r design Z V = U S of the thin
     * decomposition Z = U S V' (from the eigen-decomposition of the Gram matrix Z Z', r its rank)
     * and w = V beta: the same minimum, at n-sized rather than p-sized Newton systems.
     */
    static LogisticRegression[] fitPath(
            double[][] x, int[] y, int[] rows, double[] l2s, boolean standardise) {
        Inputs.requireBothClasses(y, rows, "training set");
        final int p = x[0].length;
        double[] mean = new double[p];
        double[] scale = new double[p];
        Standardization.fit(x, rows, mean, scale, standardise);
        double[][] z = Standardization.apply(x, rows, mean, scale);
        final RowSpace rowSpace = p > rows.length ? RowSpace.of(z) : null;
        if (rowSpace != null) {
            z = rowSpace.reduced();
        }
        int[] labels = Inputs.select(y, rows);
        int ones = 0;
        for (int label : labels) {
            ones += label;
        }

        Integer[] order = new Integer[l2s.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, c) -> Double.compare(l2s[c], l2s[a]));

        NewtonSolver solver = new NewtonSolver(z, labels);
        double[] w = new double[z[0].length];
        // the minimum over b alone at w = 0: the log prior odds
        double[] b = {Math.log((double) ones / (labels.length - ones))};
        LogisticRegression[] fits = new LogisticRegression[l2s.length];
        for (int k : order) {
            NewtonSolver.Result result = solver.solve(l2s[k], w, b);
            fits[k] =
                    new LogisticRegression(
                            mean,
                            scale,
                            rowSpace == null ? w.clone() : rowSpace.weights(w),
                            b[0],
                            l2s[k],
                            result.iterations(),
                            result.objective());
        }
        return fits;
    }

    /** Number of features the model expects. */
    public int featureCount() {
        return weights.length;
    }

    /** Per-feature means learned from the training rows (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Per-feature scales (population standard deviations, 1 for constants; a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /** Weights on the standardised features (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The unpenalised bias (log-odds of class 1 at the feature means). */
    public double bias() {
        return bias;
    }

    /** The L2 strength this model was fitted with. */
    public double l2() {
        return l2;
    }

    /** Newton iterations the fit took. */
    public int iterations() {
        return iterations;
    }

    /** The objective J at the fitted parameters. */
    public double objective() {
        return objective;
    }

    /** Log-odds of class 1 for raw features; allocates nothing. */
    public double logOdds(double[] features) {
        return LinearScore.logOdds(mean, scale, weights, bias, features);
    }

    /** Probability of class 1 for raw features; allocates nothing. */
    public double probability(double[] features) {
        return LinearScore.sigmoid(logOdds(features));
    }

    /** 1 when the probability of class 1 is at least 0.5 (log-odds &gt;= 0), else 0. */
    public int predict(double[] features) {
        return logOdds(features) >= 0.0 ? 1 : 0;
    }
}

package org.neurostream.models.logistic;

/**
 * The one formula that turns raw features into log-odds, shared by fitted models, cross-validation
 * and the loaded model file so that all of them produce the same bits for the same numbers.
 */
final class LinearScore {
    private LinearScore() {}

    /** Standardises one raw value; the exact expression training used for its design matrix. */
    static double standardise(double value, double mean, double scale) {
        return (value - mean) / scale;
    }

    /**
     * Returns {@code bias + sum_j weights[j] * (x[j] - mean[j]) / scale[j]}; allocates nothing.
     *
     * @throws IllegalArgumentException if {@code x} does not have one value per weight
     */
    static double logOdds(
            double[] mean, double[] scale, double[] weights, double bias, double[] x) {
        final int p = weights.length;
        if (x.length != p) {
            throw new IllegalArgumentException("expected " + p + " features, got " + x.length);
        }
        double s = bias;
        for (int j = 0; j < p; j++) {
            s += weights[j] * standardise(x[j], mean[j], scale[j]);
        }
        return s;
    }

    /** The logistic function 1 / (1 + e^-z), evaluated without overflow for any z. */
    static double sigmoid(double z) {
        if (z >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** log(1 + e^t) without overflow or cancellation. */
    static double softplus(double t) {
        return Math.max(t, 0.0) + Math.log1p(Math.exp(-Math.abs(t)));
    }

    /** The log-loss of log-odds {@code z} for label {@code y}: -log P(y | z). */
    static double logLoss(double z, int y) {
        // -log sigmoid(z) = softplus(-z) and -log(1 - sigmoid(z)) = softplus(z)
        return y == 1 ? softplus(-z) : softplus(z);
    }
}

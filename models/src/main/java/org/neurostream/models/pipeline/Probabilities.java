package org.neurostream.models.pipeline;

/** The logistic function and the softmax, written without overflow. */
public final class Probabilities {
    private Probabilities() {}

    /** 1 / (1 + e^-z) for any z. */
    public static double sigmoid(double z) {
        if (z >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        final double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Replaces {@code v[0 .. n)} by exp(v_k - max) / sum, in place. */
    public static void softmax(double[] v, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, v[k]);
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            v[k] = Math.exp(v[k] - max);
            sum += v[k];
        }
        for (int k = 0; k < n; k++) {
            v[k] /= sum;
        }
    }

    /** The index of the largest of {@code p[0 .. n)}, the first on ties. */
    public static int argmax(double[] p, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}

package org.neurostream.models.logistic;

/** Per-feature mean and scale learned from training rows only, and the standardised matrix. */
final class Standardization {
    private Standardization() {}

    /**
     * Fills {@code mean} and {@code scale} (population standard deviation) from {@code rows} of
     * {@code x}. A feature whose values are all identical gets that value as its mean and scale 1,
     * so it standardises to exactly 0 (no NaN) and its weight stays exactly 0. With {@code
     * toUnitScale} false every scale is 1: the features are only centred.
     */
    static void fit(double[][] x, int[] rows, double[] mean, double[] scale, boolean toUnitScale) {
        final int p = mean.length;
        final int n = rows.length;
        for (int j = 0; j < p; j++) {
            double first = x[rows[0]][j];
            boolean constant = true;
            double sum = 0.0;
            for (int r : rows) {
                double v = x[r][j];
                sum += v;
                constant &= v == first;
            }
            if (constant) {
                // compared exactly: the rounded mean of equal values can differ from them by an
                // ulp, which would turn a constant into a spread of 1e-17 and blow it up
                mean[j] = first;
                scale[j] = 1.0;
                continue;
            }
            double m = sum / n;
            if (!toUnitScale) {
                mean[j] = m;
                scale[j] = 1.0;
                continue;
            }
            double squares = 0.0;
            for (int r : rows) {
                double d = x[r][j] - m;
                squares += d * d;
            }
            double s = Math.sqrt(squares / n);
            mean[j] = m;
            // distinct values whose spread underflows when squared still must not divide by 0
            scale[j] = s > 0.0 ? s : 1.0;
        }
    }

    /** Returns the standardised copy of {@code rows} of {@code x}, one row per entry of rows. */
    static double[][] apply(double[][] x, int[] rows, double[] mean, double[] scale) {
        final int p = mean.length;
        double[][] z = new double[rows.length][p];
        for (int k = 0; k < rows.length; k++) {
            double[] src = x[rows[k]];
            double[] dst = z[k];
            for (int j = 0; j < p; j++) {
                dst[j] = LinearScore.standardise(src[j], mean[j], scale[j]);
            }
        }
        return z;
    }
}

package org.neurostream.operators.descriptors;

/**
 * The means and centred sums of squares and products of points (x, y), for a least-squares line
 * ({@link #slope}) and the squared Pearson correlation ({@link #squaredCorrelation}, np.corrcoef
 * squared): what {@link AperiodicFit} and {@link DetrendedFluctuation} fit their lines with.
 * Reused, so a fit allocates nothing; not thread-safe.
 */
final class CentredSums {
    double meanX;
    double meanY;
    double sxx;
    double sxy;
    double syy;

    /** The sums of the points (x[i], y[i]) for i in [0, m); returns this. */
    CentredSums of(final double[] x, final double[] y, final int m) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < m; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= m;
        my /= m;
        double xx = 0;
        double xy = 0;
        double yy = 0;
        for (int i = 0; i < m; i++) {
            final double dx = x[i] - mx;
            final double dy = y[i] - my;
            xx += dx * dx;
            xy += dx * dy;
            yy += dy * dy;
        }
        meanX = mx;
        meanY = my;
        sxx = xx;
        sxy = xy;
        syy = yy;
        return this;
    }

    /** The least-squares slope of y on x. */
    double slope() {
        return sxy / sxx;
    }

    /** The squared Pearson correlation of x and y. */
    double squaredCorrelation() {
        final double r = sxy / Math.sqrt(sxx * syy);
        return r * r;
    }
}

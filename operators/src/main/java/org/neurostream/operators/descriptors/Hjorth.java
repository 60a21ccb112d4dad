package org.neurostream.operators.descriptors;

/**
 * Hjorth's parameters of one signal (Hjorth 1970), as antropy's {@code hjorth_params(x)} with
 * activity = {@code np.var(x)}: with x' and x'' the first and second differences and var the
 * population variance,
 *
 * <pre>
 *   activity   = var(x)                               (unit^2)
 *   mobility   = sqrt(var(x') / var(x))               (1 / sample, antropy's default; x fs for Hz)
 *   complexity = sqrt(var(x'') / var(x')) / mobility  (dimensionless; 1 for a sine)
 * </pre>
 *
 * Two passes in double per series (mean, then squared deviations). Allocation-free.
 */
public final class Hjorth {
    private Hjorth() {}

    /**
     * Writes activity, mobility and complexity of {@code x[offset .. offset + n)} to {@code out[at
     * .. at + 3)}; n must be at least 3. A flat signal gives NaN mobility (callers screen flat
     * channels first).
     */
    public static void compute(
            final float[] x, final int offset, final int n, final double[] out, final int at) {
        if (n < 3) {
            throw new IllegalArgumentException("Hjorth parameters need at least 3 samples");
        }
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            m0 += x[offset + i];
        }
        for (int i = 0; i + 1 < n; i++) {
            m1 += (double) x[offset + i + 1] - x[offset + i];
        }
        for (int i = 0; i + 2 < n; i++) {
            m2 += second(x, offset + i);
        }
        m0 /= n;
        m1 /= n - 1;
        m2 /= n - 2;
        double v0 = 0;
        double v1 = 0;
        double v2 = 0;
        for (int i = 0; i < n; i++) {
            final double d = x[offset + i] - m0;
            v0 += d * d;
        }
        for (int i = 0; i + 1 < n; i++) {
            final double d = ((double) x[offset + i + 1] - x[offset + i]) - m1;
            v1 += d * d;
        }
        for (int i = 0; i + 2 < n; i++) {
            final double d = second(x, offset + i) - m2;
            v2 += d * d;
        }
        v0 /= n;
        v1 /= n - 1;
        v2 /= n - 2;
        final double mobility = Math.sqrt(v1 / v0);
        out[at] = v0;
        out[at + 1] = mobility;
        out[at + 2] = Math.sqrt(v2 / v1) / mobility;
    }

    /** np.diff(np.diff(x)) at i, from the first differences as numpy forms them. */
    private static double second(final float[] x, final int i) {
        final double d0 = (double) x[i + 1] - x[i];
        final double d1 = (double) x[i + 2] - x[i + 1];
        return d1 - d0;
    }
}

package org.neurostream.operators.avalanche;

/**
 * The result of a power-law fit P(x) ~ x^-alpha for x &gt;= x_min (Clauset, Shalizi &amp; Newman
 * 2009), or the reason why there is none.
 *
 * <p>When {@link #valid()} is false, alpha, its standard error, x_min and the KS distance are NaN
 * and {@link #reason()} says why (too few values, all values equal, ...); callers write {@code
 * null}, never a number, for them.
 *
 * @param alpha maximum-likelihood exponent
 * @param alphaSe standard error of alpha from the Fisher information at the estimate
 * @param xmin lower bound of the power-law tail (a whole number for discrete data)
 * @param nTail number of values &gt;= x_min, the ones the exponent was fitted to
 * @param n number of values offered to the fit
 * @param ks Kolmogorov-Smirnov distance max |empirical CDF - model CDF| over the tail
 * @param discrete whether the discrete (Hurwitz zeta) or the continuous law was fitted
 * @param reason why there is no fit; null when valid
 */
public record PowerLawFit(
        double alpha,
        double alphaSe,
        double xmin,
        int nTail,
        int n,
        double ks,
        boolean discrete,
        String reason) {

    /** A fit that could not be made, with its reason. */
    public static PowerLawFit none(int n, boolean discrete, String reason) {
        return new PowerLawFit(
                Double.NaN, Double.NaN, Double.NaN, 0, n, Double.NaN, discrete, reason);
    }

    /** Whether there is an estimate; false means NaN fields and a {@link #reason()}. */
    public boolean valid() {
        return reason == null;
    }
}

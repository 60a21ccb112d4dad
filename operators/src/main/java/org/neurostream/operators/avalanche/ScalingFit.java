package org.neurostream.operators.avalanche;

/**
 * The size-duration scaling fit &lt;S&gt;(T) ~ T^gamma, or the reason why there is none (then the
 * numbers are NaN and the counts 0).
 *
 * @param gamma the least-squares slope of ln &lt;S&gt;(T) against ln T
 * @param intercept the fitted ln &lt;S&gt; at T = 1
 * @param durations number of distinct durations (points) in the fit
 * @param minDuration smallest duration used
 * @param maxDuration largest duration used
 * @param reason why there is no fit; null when valid
 */
public record ScalingFit(
        double gamma,
        double intercept,
        int durations,
        int minDuration,
        int maxDuration,
        String reason) {

    /** A fit that could not be made, with its reason. */
    public static ScalingFit none(String reason) {
        return new ScalingFit(Double.NaN, Double.NaN, 0, 0, 0, reason);
    }

    /** Whether there is a fit; false means NaN numbers and a {@link #reason()}. */
    public boolean valid() {
        return reason == null;
    }
}

package org.neurostream.operators.avalanche;

/**
 * The multistep-regression (MR) branching estimate of Wilting &amp; Priesemann (2018): lag-k
 * regression slopes r_k of the binned activity, fitted as r_k = b m^k; or the reason why there is
 * none (then every number is NaN).
 *
 * @param m the branching ratio per bin, unbiased under subsampling
 * @param b the fitted amplitude (below 1 under subsampling)
 * @param r1 the lag-1 regression slope, the conventional (biased) estimate
 * @param kMax the largest lag fitted
 * @param bins number of bins the slopes were computed from
 * @param reason why there is no estimate; null when valid
 */
public record BranchingEstimate(double m, double b, double r1, int kMax, long bins, String reason) {

    /** An estimate that could not be made, with its reason. */
    public static BranchingEstimate none(int kMax, long bins, String reason) {
        return new BranchingEstimate(Double.NaN, Double.NaN, Double.NaN, kMax, bins, reason);
    }

    /** Whether there is an estimate; false means NaN numbers and a {@link #reason()}. */
    public boolean valid() {
        return reason == null;
    }
}

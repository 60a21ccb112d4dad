package org.neurostream.operators.avalanche;

/**
 * Statistics of a set of avalanches (docs/features.md#power-law-fits to #size-duration-scaling):
 * power-law fits of sizes and durations, branching ratios, size-duration scaling. Every estimate
 * that could not be made is NaN with a reason, never a made-up number.
 *
 * @param avalanches number of avalanches summarised
 * @param sizeMeasure what the sizes measure (events or summed amplitude)
 * @param size power-law fit of the sizes
 * @param duration power-law fit of the durations (in bins)
 * @param branchingRatio Beggs-Plenz ratio: mean over avalanches of events in the second bin /
 *     events in the first (0 when T = 1); NaN with no avalanches
 * @param branchingRatioReason why the Beggs-Plenz ratio is NaN; null when it is a number
 * @param regression the multistep-regression estimate over the binned activity
 * @param scaling the fit of &lt;S&gt;(T) ~ T^gamma
 * @param gammaPredicted (alpha_T - 1) / (alpha_S - 1) from the two fits
 * @param gammaPredictedReason why gammaPredicted is NaN; null when it is a number
 */
public record AvalancheSummary(
        long avalanches,
        SizeMeasure sizeMeasure,
        PowerLawFit size,
        PowerLawFit duration,
        double branchingRatio,
        String branchingRatioReason,
        BranchingEstimate regression,
        ScalingFit scaling,
        double gammaPredicted,
        String gammaPredictedReason) {}

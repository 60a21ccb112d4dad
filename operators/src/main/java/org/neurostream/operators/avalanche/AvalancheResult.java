package org.neurostream.operators.avalanche;

/**
 * The outcome of an offline avalanche analysis ({@link AvalancheAnalyzer}).
 *
 * @param events number of events binned
 * @param binWidth bin width in the input's time unit (samples or microseconds); NaN when none could
 *     be set, see {@link #binWidthReason()}
 * @param binWidthReason why there is no bin width; null when there is one
 * @param bins number of bins observed, from time zero to the end of the input
 * @param avalanches every avalanche, in order
 * @param droppedAtStart runs dropped because they held bin 0
 * @param droppedAtEnd runs dropped because they were open when the input ended
 * @param summary the statistics of the avalanches
 * @param flatChannels for sampled input, which channels were flat (no events); empty otherwise
 */
public record AvalancheResult(
        long events,
        double binWidth,
        String binWidthReason,
        long bins,
        AvalancheTable avalanches,
        long droppedAtStart,
        long droppedAtEnd,
        AvalancheSummary summary,
        boolean[] flatChannels) {

    /** Number of flat channels. */
    public int flatChannelCount() {
        int n = 0;
        for (boolean f : flatChannels) {
            if (f) {
                n++;
            }
        }
        return n;
    }
}

package org.neurostream.operators.calcium;

/**
 * Receives the spikes {@link OnlineOasis} infers, one call per spike, without an object per spike.
 */
@FunctionalInterface
public interface SpikeSink {
    /**
     * One inferred spike.
     *
     * @param roi the 0-based ROI index
     * @param frame the 0-based frame where the spike was inferred (not the frame that emitted it)
     * @param amplitude the inferred spike size s_t, in the units of the input (dF/F)
     */
    void onSpike(int roi, long frame, double amplitude);
}

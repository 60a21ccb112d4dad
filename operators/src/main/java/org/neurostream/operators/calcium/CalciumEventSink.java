package org.neurostream.operators.calcium;

/**
 * Receives the events of a {@link CalciumKernel}, one call per event, without an object per event.
 */
@FunctionalInterface
public interface CalciumEventSink {
    /**
     * One event: a spike inferred in one ROI.
     *
     * @param address the 0-based ROI index
     * @param frame the 0-based frame where the spike was inferred
     * @param tUs round(frame 1e6 / fs): the time of that frame in microseconds from the first frame
     * @param amplitude the inferred spike size in dF/F units
     */
    void onEvent(int address, long frame, long tUs, double amplitude);
}

package org.neurostream.operators.avalanche;

/** Receives detected events as primitives (no allocation per event). */
@FunctionalInterface
public interface EventSink {

    /**
     * One event.
     *
     * @param time event time in the input's unit (sample index for sampled signals)
     * @param address channel or unit index
     * @param amplitude |z| at the peak for threshold events, or the event's own amplitude
     */
    void onEvent(long time, int address, double amplitude);
}

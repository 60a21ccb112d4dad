package org.neurostream.operators.avalanche;

/** What the size S of an avalanche measures (docs/features.md#bins-and-avalanches). */
public enum SizeMeasure {
    /** The number of events (the default); fitted with the discrete power law. */
    EVENTS,
    /** The summed event amplitude; fitted with the continuous power law. */
    AMPLITUDE
}

package org.neurostream.ingest.dvs;

/**
 * Time bins of a configurable width counted from time zero
 * (docs/features.md#event-camera-addresses): event time t falls in bin {@code floor(t / width)};
 * negative times fall in negative bins rather than in bin 0.
 */
public final class EventBins {
    /** The default width, 1 ms. */
    public static final long DEFAULT_WIDTH_US = 1000;

    private final long widthUs;

    /**
     * Creates bins of {@code widthUs} microseconds.
     *
     * @throws IllegalArgumentException when the width is not positive
     */
    public EventBins(final long widthUs) {
        if (widthUs <= 0) {
            throw new IllegalArgumentException("bin width " + widthUs + " us is not positive");
        }
        this.widthUs = widthUs;
    }

    /** The bin of time {@code tUs}. */
    public long bin(final long tUs) {
        return Math.floorDiv(tUs, widthUs);
    }

    /** The first microsecond of bin {@code bin}. */
    public long startUs(final long bin) {
        return bin * widthUs;
    }

    /** The bin width in microseconds. */
    public long widthUs() {
        return widthUs;
    }
}

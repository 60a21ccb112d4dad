package org.neurostream.operators.avalanche;

/**
 * The last N avalanches of a stream in a preallocated ring, and their statistics on demand
 * (exponents, branching ratios, scaling): the streaming operator's rolling statistics.
 *
 * <p>{@link #onAvalanche} allocates nothing. {@link #summary} copies the window into preallocated
 * columns and runs {@link AvalancheStatistics}, whose fits allocate scratch of the window's length:
 * call it on a statistics tick (every N avalanches or T seconds), not per event. Not thread-safe.
 */
public final class RollingAvalancheStatistics implements AvalancheListener {

    private final int capacity;
    private final long[] startBin;
    private final int[] duration;
    private final long[] events;
    private final double[] amplitude;
    private final long[] first;
    private final long[] second;
    private final long[] wEvents;
    private final double[] wAmplitude;
    private final int[] wDuration;
    private final long[] wFirst;
    private final long[] wSecond;
    private long seen;

    /** Keeps the last {@code capacity} avalanches. */
    public RollingAvalancheStatistics(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        startBin = new long[capacity];
        duration = new int[capacity];
        events = new long[capacity];
        amplitude = new double[capacity];
        first = new long[capacity];
        second = new long[capacity];
        wEvents = new long[capacity];
        wAmplitude = new double[capacity];
        wDuration = new int[capacity];
        wFirst = new long[capacity];
        wSecond = new long[capacity];
    }

    @Override
    public void onAvalanche(
            long start,
            int durationBins,
            long eventCount,
            double amplitudeSum,
            long firstBinEvents,
            long secondBinEvents) {
        int slot = (int) (seen % capacity);
        startBin[slot] = start;
        duration[slot] = durationBins;
        events[slot] = eventCount;
        amplitude[slot] = amplitudeSum;
        first[slot] = firstBinEvents;
        second[slot] = secondBinEvents;
        seen++;
    }

    /** Avalanches seen since creation. */
    public long seen() {
        return seen;
    }

    /** Avalanches in the window now: min(seen, capacity). */
    public int held() {
        return (int) Math.min(seen, capacity);
    }

    /** Statistics of the avalanches in the window, with an MR estimate made elsewhere. */
    public AvalancheSummary summary(BranchingEstimate regression, AvalancheOptions options) {
        return summarySince(Long.MIN_VALUE, regression, options);
    }

    /**
     * Statistics of the avalanches in the window that start at or after bin {@code fromBin}: a time
     * window inside the count window.
     */
    public AvalancheSummary summarySince(
            long fromBin, BranchingEstimate regression, AvalancheOptions options) {
        int held = held();
        int n = 0;
        for (long i = seen - held; i < seen; i++) {
            int slot = (int) (i % capacity);
            if (startBin[slot] >= fromBin) {
                wEvents[n] = events[slot];
                wAmplitude[n] = amplitude[slot];
                wDuration[n] = duration[slot];
                wFirst[n] = first[slot];
                wSecond[n] = second[slot];
                n++;
            }
        }
        return AvalancheStatistics.summarize(
                wEvents, wAmplitude, wDuration, wFirst, wSecond, n, regression, options);
    }
}

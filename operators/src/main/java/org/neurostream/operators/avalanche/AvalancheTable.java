package org.neurostream.operators.avalanche;

/**
 * A growable column store of avalanches, filled as an {@link AvalancheListener}: the offline
 * analysis keeps every avalanche here. Capacity doubles when full (amortised, no per-avalanche
 * allocation otherwise).
 */
public final class AvalancheTable implements AvalancheListener {

    private final AvalancheColumns columns;
    private int size;

    /** An empty table. */
    public AvalancheTable() {
        this(256);
    }

    /** An empty table with room for {@code capacity} avalanches before it grows. */
    public AvalancheTable(int capacity) {
        columns = new AvalancheColumns(Math.max(capacity, 1));
    }

    @Override
    public void onAvalanche(
            long start,
            int durationBins,
            long eventCount,
            double amplitudeSum,
            long firstBinEvents,
            long secondBinEvents) {
        if (size == columns.capacity()) {
            columns.grow(size * 2);
        }
        columns.set(
                size,
                start,
                durationBins,
                eventCount,
                amplitudeSum,
                firstBinEvents,
                secondBinEvents);
        size++;
    }

    /** Number of avalanches held. */
    public int size() {
        return size;
    }

    /** Index of the first bin of avalanche i. */
    public long startBin(int i) {
        return columns.startBin[check(i)];
    }

    /** Duration of avalanche i in bins. */
    public int duration(int i) {
        return columns.duration[check(i)];
    }

    /** Size of avalanche i in events. */
    public long events(int i) {
        return columns.events[check(i)];
    }

    /** Summed event amplitude of avalanche i. */
    public double amplitude(int i) {
        return columns.amplitude[check(i)];
    }

    /** Events in the first bin of avalanche i. */
    public long firstBinEvents(int i) {
        return columns.first[check(i)];
    }

    /** Events in the second bin of avalanche i (0 when its duration is 1). */
    public long secondBinEvents(int i) {
        return columns.second[check(i)];
    }

    /** The statistics of every avalanche held, with the MR estimate made elsewhere. */
    AvalancheSummary summarize(final BranchingEstimate regression, final AvalancheOptions options) {
        return columns.summarize(size, regression, options);
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("avalanche " + i + " of " + size);
        }
        return i;
    }
}

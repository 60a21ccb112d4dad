package org.neurostream.operators.avalanche;

import java.util.Arrays;

/**
 * A growable column store of avalanches, filled as an {@link AvalancheListener}: the offline
 * analysis keeps every avalanche here. Capacity doubles when full (amortised, no per-avalanche
 * allocation otherwise).
 */
public final class AvalancheTable implements AvalancheListener {

    private long[] startBin;
    private int[] duration;
    private long[] events;
    private double[] amplitude;
    private long[] first;
    private long[] second;
    private int size;

    /** An empty table. */
    public AvalancheTable() {
        this(256);
    }

    /** An empty table with room for {@code capacity} avalanches before it grows. */
    public AvalancheTable(int capacity) {
        int c = Math.max(capacity, 1);
        startBin = new long[c];
        duration = new int[c];
        events = new long[c];
        amplitude = new double[c];
        first = new long[c];
        second = new long[c];
    }

    @Override
    public void onAvalanche(
            long start,
            int durationBins,
            long eventCount,
            double amplitudeSum,
            long firstBinEvents,
            long secondBinEvents) {
        if (size == startBin.length) {
            int c = size * 2;
            startBin = Arrays.copyOf(startBin, c);
            duration = Arrays.copyOf(duration, c);
            events = Arrays.copyOf(events, c);
            amplitude = Arrays.copyOf(amplitude, c);
            first = Arrays.copyOf(first, c);
            second = Arrays.copyOf(second, c);
        }
        startBin[size] = start;
        duration[size] = durationBins;
        events[size] = eventCount;
        amplitude[size] = amplitudeSum;
        first[size] = firstBinEvents;
        second[size] = secondBinEvents;
        size++;
    }

    /** Number of avalanches held. */
    public int size() {
        return size;
    }

    /** Index of the first bin of avalanche i. */
    public long startBin(int i) {
        return startBin[check(i)];
    }

    /** Duration of avalanche i in bins. */
    public int duration(int i) {
        return duration[check(i)];
    }

    /** Size of avalanche i in events. */
    public long events(int i) {
        return events[check(i)];
    }

    /** Summed event amplitude of avalanche i. */
    public double amplitude(int i) {
        return amplitude[check(i)];
    }

    /** Events in the first bin of avalanche i. */
    public long firstBinEvents(int i) {
        return first[check(i)];
    }

    /** Events in the second bin of avalanche i (0 when its duration is 1). */
    public long secondBinEvents(int i) {
        return second[check(i)];
    }

    /** Backing arrays, valid over [0, size()): read-only views for the statistics. */
    long[] startBins() {
        return startBin;
    }

    int[] durations() {
        return duration;
    }

    long[] eventCounts() {
        return events;
    }

    double[] amplitudes() {
        return amplitude;
    }

    long[] firstBins() {
        return first;
    }

    long[] secondBins() {
        return second;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("avalanche " + i + " of " + size);
        }
        return i;
    }
}

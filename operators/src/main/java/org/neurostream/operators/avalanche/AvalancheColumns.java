package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.neurostream.operators.state.StateIo;

/**
 * Avalanches as columns, one array per field of {@link AvalancheListener#onAvalanche}: the storage
 * of {@link AvalancheTable} (grown) and of {@link RollingAvalancheStatistics} (a ring and its
 * window), so that a row is set, copied, written and summarised in one place.
 */
final class AvalancheColumns {
    long[] startBin;
    int[] duration;
    long[] events;
    double[] amplitude;
    long[] first;
    long[] second;

    /** Room for {@code capacity} avalanches. */
    AvalancheColumns(final int capacity) {
        startBin = new long[capacity];
        duration = new int[capacity];
        events = new long[capacity];
        amplitude = new double[capacity];
        first = new long[capacity];
        second = new long[capacity];
    }

    /** Rows this holds. */
    int capacity() {
        return startBin.length;
    }

    /** Room for {@code capacity} avalanches, the rows held so far kept. */
    void grow(final int capacity) {
        startBin = Arrays.copyOf(startBin, capacity);
        duration = Arrays.copyOf(duration, capacity);
        events = Arrays.copyOf(events, capacity);
        amplitude = Arrays.copyOf(amplitude, capacity);
        first = Arrays.copyOf(first, capacity);
        second = Arrays.copyOf(second, capacity);
    }

    /** Sets row {@code i} to one avalanche, as {@link AvalancheListener#onAvalanche} gives it. */
    void set(
            final int i,
            final long start,
            final int durationBins,
            final long eventCount,
            final double amplitudeSum,
            final long firstBinEvents,
            final long secondBinEvents) {
        startBin[i] = start;
        duration[i] = durationBins;
        events[i] = eventCount;
        amplitude[i] = amplitudeSum;
        first[i] = firstBinEvents;
        second[i] = secondBinEvents;
    }

    /** Sets row {@code i} to row {@code j} of {@code from}. */
    void copy(final int i, final AvalancheColumns from, final int j) {
        startBin[i] = from.startBin[j];
        duration[i] = from.duration[j];
        events[i] = from.events[j];
        amplitude[i] = from.amplitude[j];
        first[i] = from.first[j];
        second[i] = from.second[j];
    }

    /**
     * Writes rows [0, n) column by column (start bin, duration, events, amplitude, first and second
     * bin's events), arrays as {@link StateIo} writes them.
     */
    void write(final DataOutput out, final int n) throws IOException {
        StateIo.writeLongs(out, startBin, 0, n);
        StateIo.writeInts(out, duration, 0, n);
        StateIo.writeLongs(out, events, 0, n);
        StateIo.writeDoubles(out, amplitude, 0, n);
        StateIo.writeLongs(out, first, 0, n);
        StateIo.writeLongs(out, second, 0, n);
    }

    /** Reads rows [0, n) as {@link #write} wrote them. */
    void read(final DataInput in, final int n) throws IOException {
        StateIo.readLongs(in, startBin, 0, n);
        StateIo.readInts(in, duration, 0, n);
        StateIo.readLongs(in, events, 0, n);
        StateIo.readDoubles(in, amplitude, 0, n);
        StateIo.readLongs(in, first, 0, n);
        StateIo.readLongs(in, second, 0, n);
    }

    /** The statistics of rows [0, n), with the MR estimate made elsewhere. */
    AvalancheSummary summarize(
            final int n, final BranchingEstimate regression, final AvalancheOptions options) {
        return AvalancheStatistics.summarize(
                events, amplitude, duration, first, second, n, regression, options);
    }
}

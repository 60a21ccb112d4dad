package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

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

    /** Takes {@code o}'s window (statistics of the same capacity). */
    void copyFrom(final RollingAvalancheStatistics o) {
        final int held = (int) Math.min(o.seen, capacity);
        for (long i = o.seen - held; i < o.seen; i++) {
            final int slot = (int) (i % capacity);
            startBin[slot] = o.startBin[slot];
            duration[slot] = o.duration[slot];
            events[slot] = o.events[slot];
            amplitude[slot] = o.amplitude[slot];
            first[slot] = o.first[slot];
            second[slot] = o.second[slot];
        }
        seen = o.seen;
    }

    /**
     * Writes the window: the capacity (checked by the reader), the avalanches seen, then the held
     * ones, oldest first, as columns (start bin, duration, events, amplitude, first and second
     * bin's events).
     */
    public void writeState(final DataOutput out) throws IOException {
        final int held = held();
        out.writeInt(capacity);
        out.writeLong(seen);
        final long[] s = new long[held];
        final int[] d = new int[held];
        final long[] e = new long[held];
        final double[] a = new double[held];
        final long[] f = new long[held];
        final long[] g = new long[held];
        for (int i = 0; i < held; i++) {
            final int slot = (int) ((seen - held + i) % capacity);
            s[i] = startBin[slot];
            d[i] = duration[slot];
            e[i] = events[slot];
            a[i] = amplitude[slot];
            f[i] = first[slot];
            g[i] = second[slot];
        }
        StateIo.writeLongs(out, s, 0, held);
        StateIo.writeInts(out, d, 0, held);
        StateIo.writeLongs(out, e, 0, held);
        StateIo.writeDoubles(out, a, 0, held);
        StateIo.writeLongs(out, f, 0, held);
        StateIo.writeLongs(out, g, 0, held);
    }

    /**
     * Continues from a window {@link #writeState} wrote, on statistics of the same capacity.
     *
     * @throws org.neurostream.operators.state.StateFormatException when the capacity differs
     */
    public void readState(final DataInput in) throws IOException {
        StateIo.expect(in, capacity, "rolling window capacity");
        final long count = in.readLong();
        if (count < 0) {
            throw new StateFormatException("avalanches seen " + count);
        }
        seen = count;
        final int held = held();
        final long[] s = new long[held];
        final int[] d = new int[held];
        final long[] e = new long[held];
        final double[] a = new double[held];
        final long[] f = new long[held];
        final long[] g = new long[held];
        StateIo.readLongs(in, s, 0, held);
        StateIo.readInts(in, d, 0, held);
        StateIo.readLongs(in, e, 0, held);
        StateIo.readDoubles(in, a, 0, held);
        StateIo.readLongs(in, f, 0, held);
        StateIo.readLongs(in, g, 0, held);
        for (int i = 0; i < held; i++) {
            final int slot = (int) ((seen - held + i) % capacity);
            startBin[slot] = s[i];
            duration[slot] = d[i];
            events[slot] = e[i];
            amplitude[slot] = a[i];
            first[slot] = f[i];
            second[slot] = g[i];
        }
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

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
    private final AvalancheColumns ring;

    /** The avalanches {@link #summarySince} summarises, copied out of the ring. */
    private final AvalancheColumns window;

    private long seen;

    /** Keeps the last {@code capacity} avalanches. */
    public RollingAvalancheStatistics(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        ring = new AvalancheColumns(capacity);
        window = new AvalancheColumns(capacity);
    }

    @Override
    public void onAvalanche(
            long start,
            int durationBins,
            long eventCount,
            double amplitudeSum,
            long firstBinEvents,
            long secondBinEvents) {
        ring.set(
                (int) (seen % capacity),
                start,
                durationBins,
                eventCount,
                amplitudeSum,
                firstBinEvents,
                secondBinEvents);
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
            ring.copy(slot, o.ring, slot);
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
        final AvalancheColumns oldestFirst = new AvalancheColumns(held);
        for (int i = 0; i < held; i++) {
            oldestFirst.copy(i, ring, (int) ((seen - held + i) % capacity));
        }
        oldestFirst.write(out, held);
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
        final AvalancheColumns oldestFirst = new AvalancheColumns(held);
        oldestFirst.read(in, held);
        for (int i = 0; i < held; i++) {
            ring.copy((int) ((seen - held + i) % capacity), oldestFirst, i);
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
            if (ring.startBin[slot] >= fromBin) {
                window.copy(n, ring, slot);
                n++;
            }
        }
        return window.summarize(n, regression, options);
    }
}

package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.neurostream.operators.state.StateFormatException;

/**
 * Bins events and assembles avalanches as the bins close (docs/features.md#bins-and-avalanches),
 * for one stream: the streaming operator and the offline analysis run this same class.
 *
 * <p>Bins: bin index = floor(t / width), counted from time zero of the recording (t = 0), not from
 * the first event. An avalanche is a maximal run of non-empty bins bounded by empty bins; it is
 * emitted to the {@link AvalancheListener} when its closing empty bin closes. A run that holds bin
 * 0 is dropped (what happened before time zero is unknown: {@link #droppedAtStart()}), and so is a
 * run still open at {@link #finish} ({@link #droppedAtEnd()}). Every closed bin's count also goes
 * to the optional {@link MultistepRegression}.
 *
 * <p>Two ways to feed it, not to be mixed on one instance:
 *
 * <ul>
 *   <li>events: {@link #onEvent} in any order at or after the watermark, {@link #advanceTo}
 *       (watermark: no event before it will come) closes the bins that end at or before it, and
 *       {@link #finish} with the recording's end closes the rest. Pending bins wait in a ring
 *       (grows by doubling when events run further ahead of the watermark than its capacity); runs
 *       of empty bins close in O(1).
 *   <li>binned counts: {@link #addBin} appends the next bin, already closed (bin 0 first), and
 *       {@link #finishBins} ends the input.
 * </ul>
 *
 * <p>Not thread-safe: one instance per stream. Apart from the ring's rare growth, nothing is
 * allocated per event or bin.
 */
public final class AvalancheAssembler {

    private final double width;
    private final long wholeWidth;
    private final AvalancheListener listener;
    private final MultistepRegression regression;

    private long[] counts;
    private double[] amplitudes;
    private int mask;

    /** First bin not yet closed. */
    private long base;

    /** Largest bin holding a pending event; base - 1 when none. */
    private long lastPending;

    private long watermark;

    private boolean open;
    private long runStart;
    private int runDuration;
    private long runEvents;
    private double runAmplitude;
    private long runFirst;
    private long runSecond;

    private long events;
    private long lateEvents;
    private long avalanches;
    private long droppedAtStart;
    private long droppedAtEnd;

    /**
     * An assembler with bins of {@code width} time units.
     *
     * @param regression receives every closed bin's count; may be null
     * @throws IllegalArgumentException unless width is finite and &gt; 0
     */
    public AvalancheAssembler(
            double width, AvalancheListener listener, MultistepRegression regression) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("bin width must be finite and > 0, got " + width);
        }
        this.width = width;
        this.wholeWidth = width == Math.rint(width) && width < 1L << 52 ? (long) width : 0L;
        this.listener = listener;
        this.regression = regression;
        this.counts = new long[64];
        this.amplitudes = new double[64];
        this.mask = 63;
        this.lastPending = -1;
    }

    /** Bin width in time units. */
    public double width() {
        return width;
    }

    /** The bin holding time t: floor(t / width). */
    public long binOf(long t) {
        return wholeWidth > 0 ? Math.floorDiv(t, wholeWidth) : (long) Math.floor(t / width);
    }

    /**
     * One event at time t &gt;= 0 with an amplitude. An event before the watermark is counted in
     * {@link #lateEvents()} and otherwise ignored (its bin has closed).
     */
    public void onEvent(long t, double amplitude) {
        if (t < 0) {
            throw new IllegalArgumentException("event time " + t + " is before time zero");
        }
        long b = binOf(t);
        if (t < watermark || b < base) {
            lateEvents++;
            return;
        }
        if (b - base >= counts.length) {
            grow(b - base + 1);
        }
        int slot = (int) (b & mask);
        counts[slot]++;
        amplitudes[slot] += amplitude;
        if (b > lastPending) {
            lastPending = b;
        }
        events++;
    }

    /**
     * Declares that no event before time {@code t} will come: closes every bin that ends at or
     * before t, emitting the avalanches they close.
     */
    public void advanceTo(long t) {
        if (t <= watermark) {
            return;
        }
        watermark = t;
        closeBefore(binOf(t));
    }

    /**
     * Ends an event input at time {@code end} (exclusive: the recording covers [0, end)). The bins
     * that start before end are observed; a run reaching the last of them is dropped.
     *
     * @throws IllegalArgumentException when an event lies at or after end
     */
    public void finish(long end) {
        long lastBin = binOf(end - 1);
        if (lastPending > lastBin) {
            throw new IllegalArgumentException(
                    "an event lies in bin "
                            + lastPending
                            + ", after the end "
                            + end
                            + " (bin "
                            + lastBin
                            + ")");
        }
        closeBefore(lastBin + 1);
        watermark = Math.max(watermark, end);
        dropOpenRun();
    }

    /** Appends the next bin, already closed, holding {@code count} events (binned input). */
    public void addBin(long count, double amplitude) {
        close(base, count, amplitude);
        base++;
        lastPending = base - 1;
        events += count;
    }

    /** Ends a binned input: a run still open is dropped. */
    public void finishBins() {
        dropOpenRun();
    }

    private void dropOpenRun() {
        if (open) {
            open = false;
            droppedAtEnd++;
        }
    }

    private void closeBefore(long target) {
        while (base < target && base <= lastPending) {
            int slot = (int) (base & mask);
            close(base, counts[slot], amplitudes[slot]);
            counts[slot] = 0;
            amplitudes[slot] = 0.0;
            base++;
        }
        if (base < target) {
            long empty = target - base;
            if (open) {
                closeRun();
            }
            if (regression != null) {
                regression.addZeros(empty);
            }
            base = target;
            lastPending = base - 1;
        }
    }

    private void close(long bin, long count, double amplitude) {
        if (count > 0) {
            if (!open) {
                open = true;
                runStart = bin;
                runDuration = 0;
                runEvents = 0;
                runAmplitude = 0.0;
                runFirst = count;
                runSecond = 0;
            } else if (runDuration == 1) {
                runSecond = count;
            }
            runDuration++;
            runEvents += count;
            runAmplitude += amplitude;
        } else if (open) {
            closeRun();
        }
        if (regression != null) {
            regression.add(count);
        }
    }

    private void closeRun() {
        open = false;
        if (runStart == 0) {
            droppedAtStart++;
            return;
        }
        avalanches++;
        listener.onAvalanche(runStart, runDuration, runEvents, runAmplitude, runFirst, runSecond);
    }

    private void grow(long needed) {
        int capacity = counts.length;
        while (capacity < needed) {
            if (capacity >= 1 << 30) {
                throw new IllegalStateException(
                        "more than 2^30 bins pending: events run too far"
                                + " ahead of the watermark");
            }
            capacity <<= 1;
        }
        long[] c = new long[capacity];
        double[] a = new double[capacity];
        int newMask = capacity - 1;
        for (long b = base; b <= lastPending; b++) {
            c[(int) (b & newMask)] = counts[(int) (b & mask)];
            a[(int) (b & newMask)] = amplitudes[(int) (b & mask)];
        }
        counts = c;
        amplitudes = a;
        mask = newMask;
    }

    /** Events accepted so far (binned input: the counts added). */
    public long events() {
        return events;
    }

    /** Events that arrived before the watermark and were ignored. */
    public long lateEvents() {
        return lateEvents;
    }

    /** Avalanches emitted so far. */
    public long avalanches() {
        return avalanches;
    }

    /** Runs dropped because they held bin 0 (they began before the recording). */
    public long droppedAtStart() {
        return droppedAtStart;
    }

    /** Runs dropped because they were still open when the input ended. */
    public long droppedAtEnd() {
        return droppedAtEnd;
    }

    /** Bins closed so far (the first bin not yet closed). */
    public long binsClosed() {
        return base;
    }

    /** Takes {@code o}'s pending bins, open run and counters (an assembler of the same width). */
    void copyFrom(final AvalancheAssembler o) {
        counts = o.counts.clone();
        amplitudes = o.amplitudes.clone();
        mask = o.mask;
        base = o.base;
        lastPending = o.lastPending;
        watermark = o.watermark;
        open = o.open;
        runStart = o.runStart;
        runDuration = o.runDuration;
        runEvents = o.runEvents;
        runAmplitude = o.runAmplitude;
        runFirst = o.runFirst;
        runSecond = o.runSecond;
        events = o.events;
        lateEvents = o.lateEvents;
        avalanches = o.avalanches;
        droppedAtStart = o.droppedAtStart;
        droppedAtEnd = o.droppedAtEnd;
    }

    /**
     * Writes the assembler's state: the ring capacity, the first open bin, the last pending bin,
     * the watermark, the open run and the counters, then the counts and amplitudes of the pending
     * bins (base .. lastPending) only. The width, listener and regression are the reader's; the
     * regression writes its own state.
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(counts.length);
        out.writeLong(base);
        out.writeLong(lastPending);
        out.writeLong(watermark);
        out.writeBoolean(open);
        out.writeLong(runStart);
        out.writeInt(runDuration);
        out.writeLong(runEvents);
        out.writeDouble(runAmplitude);
        out.writeLong(runFirst);
        out.writeLong(runSecond);
        out.writeLong(events);
        out.writeLong(lateEvents);
        out.writeLong(avalanches);
        out.writeLong(droppedAtStart);
        out.writeLong(droppedAtEnd);
        final int pending = (int) (lastPending - base + 1);
        for (int i = 0; i < pending; i++) {
            final int slot = (int) ((base + i) & mask);
            out.writeLong(counts[slot]);
            out.writeDouble(amplitudes[slot]);
        }
    }

    /**
     * Continues from a state {@link #writeState} wrote, on an assembler of the same width.
     *
     * @throws StateFormatException when the ring capacity is not a power of two up to 2^30, or more
     *     bins are pending than it holds
     */
    public void readState(final DataInput in) throws IOException {
        final int capacity = in.readInt();
        if (capacity < 1 || capacity > 1 << 30 || Integer.bitCount(capacity) != 1) {
            throw new StateFormatException("bin ring capacity " + capacity);
        }
        counts = new long[capacity];
        amplitudes = new double[capacity];
        mask = capacity - 1;
        base = in.readLong();
        lastPending = in.readLong();
        watermark = in.readLong();
        open = in.readBoolean();
        runStart = in.readLong();
        runDuration = in.readInt();
        runEvents = in.readLong();
        runAmplitude = in.readDouble();
        runFirst = in.readLong();
        runSecond = in.readLong();
        events = in.readLong();
        lateEvents = in.readLong();
        avalanches = in.readLong();
        droppedAtStart = in.readLong();
        droppedAtEnd = in.readLong();
        final long pending = lastPending - base + 1;
        if (pending < 0 || pending > capacity) {
            throw new StateFormatException(pending + " pending bins in a ring of " + capacity);
        }
        for (int i = 0; i < pending; i++) {
            final int slot = (int) ((base + i) & mask);
            counts[slot] = in.readLong();
            amplitudes[slot] = in.readDouble();
        }
    }

    /** Clears pending bins, the open run and the counters: a fresh stream with the same width. */
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(amplitudes, 0.0);
        base = 0;
        lastPending = -1;
        watermark = 0;
        open = false;
        events = 0;
        lateEvents = 0;
        avalanches = 0;
        droppedAtStart = 0;
        droppedAtEnd = 0;
        if (regression != null) {
            regression.reset();
        }
    }
}

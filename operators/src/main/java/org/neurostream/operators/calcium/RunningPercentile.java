package org.neurostream.operators.calcium;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.neurostream.operators.state.ChunkWriter;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * The q-th percentile of the last W values of many independent streams ("windows"), updated in
 * O(log W) per value and allocation-free.
 *
 * <p>Structure: for each window, two binary heaps partition the values it holds: a max-heap {@code
 * low} with the j+1 smallest values and a min-heap {@code high} with the rest, where j =
 * floor(q/100 (n-1)) for the n values held. Heap entries carry the value itself (so that sifting
 * reads contiguous memory) and the ring slot of the value, in arrival order; every slot records
 * where its entry sits. So the value leaving the window is replaced in place (sift up or down
 * within its heap, then at most one exchange of the two heap tops) instead of being deleted lazily;
 * while the window fills, a value is pushed and at most one top moves across to restore the sizes.
 * An update costs O(log W) comparisons in the worst case, and the percentile is read in O(1) from
 * the two tops.
 *
 * <p>Definition: NumPy's default ("linear") percentile of the values held: with p = (q/100)(n-1), j
 * = floor(p) and f = p - j, the result is x(j) + f (x(j+1) - x(j)) over the sorted values
 * x(0..n-1), computed with NumPy's two-sided formula so that it agrees with {@code
 * numpy.percentile} to the last bit. Callers screen out NaN: the values must be comparable.
 *
 * <p>Memory: W doubles, 2 W ints and W floats (the ring a checkpoint writes) per window, all
 * allocated by the constructor, flat across windows. Not thread-safe.
 */
public final class RunningPercentile {
    /** The layout {@link #writeState} writes. */
    public static final int LAYOUT = 2;

    private final int windows;
    private final int capacity;
    private final double fraction;

    /**
     * Where each ring slot's entry sits: {@code >= 0} position in low, {@code < 0} position {@code
     * -1 - p} in high.
     */
    private final int[] where;

    /**
     * Both heaps of each window in W entries, values and their ring slots: the max-heap of the j +
     * 1 smallest values from the window's first entry up ({@code base + position}), the min-heap of
     * the others from its last entry down ({@code top - position}, top = base + W - 1); they never
     * meet, since together they hold at most W values. One array of W instead of one per heap
     * halves what a copy (a checkpoint's copy-on-write) and the heap hold.
     */
    private final double[] value;

    private final int[] slotOf;
    private final int[] lowSize;
    private final int[] highSize;
    private final int[] count;

    /** The slot the next value goes to: the oldest one once the window is full. */
    private final int[] next;

    /**
     * Each window's values narrowed to float32 in ring-slot order ({@code ring[base + slot]}), kept
     * by every {@link #add}: one store per value, so that {@link #writeState} copies the windows in
     * bulk instead of gathering them from the heaps through {@link #where} (random reads that were
     * most of a calcium stream's checkpoint serialization). Read only while every value held is an
     * exact float32 ({@link #inexact} is 0), when the narrowing loses nothing.
     */
    private final float[] ring;

    /**
     * Values held, in all windows, that are not exact float32 values: kept up to date by every
     * change, so that {@link #writeState} picks its encoding without scanning the windows.
     */
    private int inexact;

    /**
     * @param windows number of independent windows (ROIs)
     * @param capacity values per window, W
     * @param percentile q, in [0, 100]
     * @throws IllegalArgumentException when a size is below 1 or q is outside [0, 100]
     */
    public RunningPercentile(final int windows, final int capacity, final double percentile) {
        if (windows < 1 || capacity < 1) {
            throw new IllegalArgumentException(
                    "need at least one window of at least one value, got "
                            + windows
                            + " x "
                            + capacity);
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        final long total = (long) windows * capacity;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    windows + " windows x " + capacity + " values is too many");
        }
        this.windows = windows;
        this.capacity = capacity;
        this.fraction = percentile / 100.0;
        this.where = new int[(int) total];
        this.value = new double[(int) total];
        this.slotOf = new int[(int) total];
        this.ring = new float[(int) total];
        this.lowSize = new int[windows];
        this.highSize = new int[windows];
        this.count = new int[windows];
        this.next = new int[windows];
    }

    /** A deep copy: the same windows, the same values, independent from now on. */
    public RunningPercentile copy() {
        return new RunningPercentile(this);
    }

    private RunningPercentile(final RunningPercentile o) {
        this.windows = o.windows;
        this.capacity = o.capacity;
        this.fraction = o.fraction;
        this.where = o.where.clone();
        this.value = o.value.clone();
        this.slotOf = o.slotOf.clone();
        this.lowSize = o.lowSize.clone();
        this.highSize = o.highSize.clone();
        this.count = o.count.clone();
        this.next = o.next.clone();
        this.ring = o.ring.clone();
        this.inexact = o.inexact;
    }

    /**
     * Writes the windows in layout {@link #LAYOUT}: the window count and W (checked by the reader);
     * per window its value count and next slot (int32 x 2, window after window); an encoding byte
     * (1: every value held is an exact float and all are written as float32, the usual case of raw
     * fluorescence; 0: float64); then each window's values in ring-slot order (slots 0 to count -
     * 1): float32 copied in bulk from {@link #ring}, float64 gathered from the heaps. About 4 bytes
     * per value held, written through one chunk buffer ({@link ChunkWriter}), no per-value stream
     * call: a checkpoint writes this for every calcium stream every interval. The heaps are not
     * written: {@link #readState} rebuilds them from the ring, and since a percentile depends only
     * on the values a window holds, every later percentile is the writer's. Layout 1 wrote the
     * heaps with a uint16 slot per value (6 bytes per value).
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(windows);
        out.writeInt(capacity);
        final int[] header = new int[2 * windows];
        for (int w = 0; w < windows; w++) {
            header[2 * w] = count[w];
            header[2 * w + 1] = next[w];
        }
        StateIo.writeInts(out, header, 0, header.length);
        final boolean floats = inexact == 0;
        out.writeByte(floats ? 1 : 0);
        final ChunkWriter chunk = new ChunkWriter(out, ByteOrder.LITTLE_ENDIAN);
        if (floats) {
            for (int w = 0; w < windows; w++) {
                chunk.putFloats(ring, w * capacity, count[w]);
            }
        } else {
            final double[] slots = new double[capacity];
            for (int w = 0; w < windows; w++) {
                final int base = w * capacity;
                final int n = count[w];
                for (int slot = 0; slot < n; slot++) {
                    final int at = where[base + slot];
                    slots[slot] = value[at >= 0 ? base + at : base + capacity + at];
                }
                chunk.putDoubles(slots, 0, n);
            }
        }
        chunk.flush();
    }

    /** How many of {@code a[from .. from + n)} are not exact float32 values. */
    private static int inexact(final double[] a, final int from, final int n) {
        int k = 0;
        for (int i = from; i < from + n; i++) {
            k += inexact(a[i]);
        }
        return k;
    }

    /** 1 when {@code v} is not an exact float32 value, else 0. */
    private static int inexact(final double v) {
        return (float) v != v ? 1 : 0;
    }

    /**
     * Takes back windows {@link #writeState} wrote (layout {@link #LAYOUT}), on windows of the same
     * count and W, so every later percentile is the writer's.
     *
     * @throws StateFormatException when the sizes differ, a count or slot is out of range, or the
     *     encoding is unknown
     */
    public void readState(final DataInput in) throws IOException {
        readState(in, LAYOUT);
    }

    /**
     * Takes back windows written in layout {@code layout}: 1, the heaps with their slots (restored
     * as they were), or 2, {@link #writeState}'s ring (the heaps rebuilt from it).
     *
     * @throws StateFormatException when the layout is unknown or the state does not fit
     */
    public void readState(final DataInput in, final int layout) throws IOException {
        if (layout == 1) {
            readHeaps(in);
        } else if (layout == LAYOUT) {
            readRing(in);
        } else {
            throw new StateFormatException("percentile windows of layout " + layout);
        }
    }

    /** Layout 2: each window's values in slot order; added again oldest first. */
    private void readRing(final DataInput in) throws IOException {
        StateIo.expect(in, windows, "percentile windows");
        StateIo.expect(in, capacity, "percentile window length");
        final int[] header = new int[2 * windows];
        StateIo.readInts(in, header, 0, header.length);
        long sum = 0;
        for (int w = 0; w < windows; w++) {
            final int n = header[2 * w];
            final int slot = header[2 * w + 1];
            if (n < 0 || n > capacity) {
                throw new StateFormatException(
                        "percentile window " + w + ": " + n + " values of at most " + capacity);
            }
            if (slot < 0 || slot >= capacity || (n < capacity && slot != n)) {
                throw new StateFormatException(
                        "percentile window " + w + ": next slot " + slot + " for " + n + " values");
            }
            sum += n;
        }
        final int total = (int) sum;
        final double[] values = readValues(in, total);
        clear();
        int at = 0;
        for (int w = 0; w < windows; w++) {
            final int n = header[2 * w];
            final int oldest = n == capacity ? header[2 * w + 1] : 0;
            next[w] = oldest;
            for (int k = 0; k < n; k++) {
                final int slot = oldest + k < capacity ? oldest + k : oldest + k - capacity;
                add(w, values[at + slot]);
            }
            at += n;
        }
    }

    /** The values of every window, as floats (encoding 1) or doubles (encoding 0). */
    private static double[] readValues(final DataInput in, final int total) throws IOException {
        final double[] values = new double[total];
        final byte encoding = in.readByte();
        if (encoding == 1) {
            final float[] narrow = new float[total];
            StateIo.readFloats(in, narrow, 0, total);
            for (int i = 0; i < total; i++) {
                values[i] = narrow[i];
            }
        } else if (encoding == 0) {
            StateIo.readDoubles(in, values, 0, total);
        } else {
            throw new StateFormatException("percentile window encoding " + encoding);
        }
        return values;
    }

    /** Layout 1: the heaps as they were, with their slots (the writer's form before layout 2). */
    private void readHeaps(final DataInput in) throws IOException {
        StateIo.expect(in, windows, "percentile windows");
        StateIo.expect(in, capacity, "percentile window length");
        final int[] header = new int[4 * windows];
        StateIo.readInts(in, header, 0, header.length);
        long sum = 0;
        for (int w = 0; w < windows; w++) {
            final int n = header[4 * w];
            final int low = header[4 * w + 1];
            final int high = header[4 * w + 2];
            final int slot = header[4 * w + 3];
            if (n < 0 || n > capacity || low < 0 || high < 0 || low + high != n) {
                throw new StateFormatException(
                        "percentile window "
                                + w
                                + ": heaps of "
                                + low
                                + " and "
                                + high
                                + " for "
                                + n
                                + " values of at most "
                                + capacity);
            }
            if (slot < 0 || slot >= capacity) {
                throw new StateFormatException("percentile window " + w + ": next slot " + slot);
            }
            sum += n;
        }
        final int total = (int) sum;
        final double[] values = readValues(in, total);
        final int[] slots = new int[total];
        if (capacity <= 1 << 16) {
            final short[] small = new short[total];
            StateIo.readShorts(in, small, 0, total);
            for (int i = 0; i < total; i++) {
                slots[i] = small[i] & 0xFFFF;
            }
        } else {
            StateIo.readInts(in, slots, 0, total);
        }
        int at = 0;
        for (int w = 0; w < windows; w++) {
            final int base = w * capacity;
            final int low = header[4 * w + 1];
            final int high = header[4 * w + 2];
            for (int j = 0; j < low; j++, at++) {
                value[base + j] = values[at];
                slotOf[base + j] = slots[at];
                where[base + slotIn(slots[at])] = j;
                ring[base + slots[at]] = (float) values[at];
            }
            for (int j = 0; j < high; j++, at++) {
                value[base + capacity - 1 - j] = values[at];
                slotOf[base + capacity - 1 - j] = slots[at];
                where[base + slotIn(slots[at])] = -1 - j;
                ring[base + slots[at]] = (float) values[at];
            }
            count[w] = header[4 * w];
            lowSize[w] = low;
            highSize[w] = high;
            next[w] = header[4 * w + 3];
        }
        inexact = inexact(values, 0, total);
    }

    private int slotIn(final int slot) throws StateFormatException {
        if (slot < 0 || slot >= capacity) {
            throw new StateFormatException("percentile ring slot " + slot + " of " + capacity);
        }
        return slot;
    }

    /** Number of windows. */
    public int windows() {
        return windows;
    }

    /** Values per window, W. */
    public int capacity() {
        return capacity;
    }

    /** Values window {@code w} holds now: min(values added since the last clear, W). */
    public int count(final int w) {
        return count[w];
    }

    /** Empties window {@code w}. */
    public void clear(final int w) {
        final int base = w * capacity;
        inexact -=
                inexact(value, base, lowSize[w])
                        + inexact(value, base + capacity - highSize[w], highSize[w]);
        lowSize[w] = 0;
        highSize[w] = 0;
        count[w] = 0;
        next[w] = 0;
    }

    /** Empties every window. */
    public void clear() {
        Arrays.fill(lowSize, 0);
        Arrays.fill(highSize, 0);
        Arrays.fill(count, 0);
        Arrays.fill(next, 0);
        inexact = 0;
    }

    /**
     * Adds a value to window {@code w}; once the window holds W values, the oldest one leaves.
     *
     * @param x a value that is not NaN
     */
    public void add(final int w, final double x) {
        final int base = w * capacity;
        final int slot = next[w];
        next[w] = slot + 1 == capacity ? 0 : slot + 1;
        ring[base + slot] = (float) x;
        final int n = count[w];
        if (n == capacity) {
            final int at = where[base + slot];
            inexact += inexact(x) - inexact(value[at >= 0 ? base + at : base + capacity + at]);
            replace(w, base, slot, x);
            return;
        }
        inexact += inexact(x);
        count[w] = n + 1;
        final int top = base + capacity - 1;
        if (lowSize[w] > 0 && x <= value[base]) {
            siftUpLow(base, lowSize[w]++, x, slot);
        } else {
            siftUpHigh(top, highSize[w]++, x, slot);
        }
        final int target = (int) Math.floor(fraction * n) + 1;
        if (lowSize[w] > target) {
            final double v = value[base];
            final int s = slotOf[base];
            removeLowTop(w, base);
            siftUpHigh(top, highSize[w]++, v, s);
        } else if (lowSize[w] < target) {
            final double v = value[top];
            final int s = slotOf[top];
            removeHighTop(w, top);
            siftUpLow(base, lowSize[w]++, v, s);
        }
    }

    /** The percentile of the values window {@code w} holds, NaN when it holds none. */
    public double value(final int w) {
        final int n = count[w];
        if (n == 0) {
            return Double.NaN;
        }
        final int base = w * capacity;
        final double p = fraction * (n - 1);
        final double t = p - Math.floor(p);
        final double a = value[base];
        if (t == 0 || highSize[w] == 0) {
            return a;
        }
        final double b = value[base + capacity - 1];
        final double diff = b - a;
        // NumPy's _lerp: from the nearer end, so that t = 1 gives b exactly
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** The value of the oldest slot is replaced by {@code x}: restore both heaps. */
    private void replace(final int w, final int base, final int slot, final double x) {
        final int at = where[base + slot];
        final int top = base + capacity - 1;
        if (at >= 0) {
            if (at > 0 && value[base + ((at - 1) >>> 1)] < x) {
                siftUpLow(base, at, x, slot);
            } else {
                siftDownLow(base, lowSize[w], at, x, slot);
            }
        } else {
            final int h = -1 - at;
            if (h > 0 && value[top - ((h - 1) >>> 1)] > x) {
                siftUpHigh(top, h, x, slot);
            } else {
                siftDownHigh(top, highSize[w], h, x, slot);
            }
        }
        if (lowSize[w] > 0 && highSize[w] > 0 && value[base] > value[top]) {
            final double a = value[base];
            final int as = slotOf[base];
            final double b = value[top];
            final int bs = slotOf[top];
            siftDownLow(base, lowSize[w], 0, b, bs);
            siftDownHigh(top, highSize[w], 0, a, as);
        }
    }

    private void removeLowTop(final int w, final int base) {
        final int last = --lowSize[w];
        if (last > 0) {
            siftDownLow(base, last, 0, value[base + last], slotOf[base + last]);
        }
    }

    private void removeHighTop(final int w, final int top) {
        final int last = --highSize[w];
        if (last > 0) {
            siftDownHigh(top, last, 0, value[top - last], slotOf[top - last]);
        }
    }

    /** Max-heap: places (x, slot) at {@code at} or above, moving smaller parents down. */
    private void siftUpLow(final int base, int at, final double x, final int slot) {
        while (at > 0) {
            final int parent = (at - 1) >>> 1;
            final double pv = value[base + parent];
            if (pv >= x) {
                break;
            }
            putLow(base, at, pv, slotOf[base + parent]);
            at = parent;
        }
        putLow(base, at, x, slot);
    }

    /** Max-heap of {@code size} entries: places (x, slot) at {@code at} or below. */
    private void siftDownLow(
            final int base, final int size, int at, final double x, final int slot) {
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            double cv = value[base + child];
            if (child + 1 < size && value[base + child + 1] > cv) {
                child++;
                cv = value[base + child];
            }
            if (cv <= x) {
                break;
            }
            putLow(base, at, cv, slotOf[base + child]);
            at = child;
        }
        putLow(base, at, x, slot);
    }

    /** Min-heap: places (x, slot) at {@code at} or above, moving larger parents down. */
    private void siftUpHigh(final int top, int at, final double x, final int slot) {
        while (at > 0) {
            final int parent = (at - 1) >>> 1;
            final double pv = value[top - parent];
            if (pv <= x) {
                break;
            }
            putHigh(top, at, pv, slotOf[top - parent]);
            at = parent;
        }
        putHigh(top, at, x, slot);
    }

    /** Min-heap of {@code size} entries: places (x, slot) at {@code at} or below. */
    private void siftDownHigh(
            final int top, final int size, int at, final double x, final int slot) {
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            double cv = value[top - child];
            if (child + 1 < size && value[top - child - 1] < cv) {
                child++;
                cv = value[top - child];
            }
            if (cv >= x) {
                break;
            }
            putHigh(top, at, cv, slotOf[top - child]);
            at = child;
        }
        putHigh(top, at, x, slot);
    }

    /** Low heap position {@code at} of the window at {@code base} holds (x, slot). */
    private void putLow(final int base, final int at, final double x, final int slot) {
        value[base + at] = x;
        slotOf[base + at] = slot;
        where[base + slot] = at;
    }

    /** High heap position {@code at} of the window ending at {@code top} holds (x, slot). */
    private void putHigh(final int top, final int at, final double x, final int slot) {
        value[top - at] = x;
        slotOf[top - at] = slot;
        where[top - (capacity - 1) + slot] = -1 - at;
    }
}

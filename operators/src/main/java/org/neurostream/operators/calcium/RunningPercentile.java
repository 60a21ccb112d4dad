package org.neurostream.operators.calcium;

import java.util.Arrays;

/**
 * The q-th percentile of the last W values of many independent streams ("windows"), updated in
 * O(log W) per value and allocation-free.
 *
 * <p>Structure: for each window, a ring of W slots holds the values in arrival order, and two
 * binary heaps of slot numbers partition them: a max-heap {@code low} with the j+1 smallest values
 * and a min-heap {@code high} with the rest, where j = floor(q/100 (n-1)) for the n values held.
 * Every slot records its position in its heap, so the value leaving the window is replaced in
 * place (sift up or down within its heap, then at most one exchange of the two heap tops) instead
 * of being deleted lazily; while the window fills, a value is pushed and at most one top moves
 * across to restore the sizes. So an update costs O(log W) comparisons in the worst case, and the
 * percentile is read in O(1) from the two tops.
 *
 * <p>Definition: NumPy's default ("linear") percentile of the values held: with p = (q/100)(n-1),
 * j = floor(p) and f = p - j, the result is x(j) + f (x(j+1) - x(j)) over the sorted values
 * x(0..n-1), computed with NumPy's two-sided formula so that it agrees with {@code
 * numpy.percentile} to the last bit. Callers screen out NaN: the values must be comparable.
 *
 * <p>Memory: W doubles and 3 W ints per window, all allocated by the constructor, flat across
 * windows. Not thread-safe.
 */
public final class RunningPercentile {
    private final int windows;
    private final int capacity;
    private final double fraction;

    /** Values by ring slot: {@code values[w * capacity + slot]}. */
    private final double[] values;
    /** Where each slot sits: {@code >= 0} position in low, {@code < 0} position {@code -1 - p} in high. */
    private final int[] where;
    /** Slots of the max-heap of the j + 1 smallest values. */
    private final int[] low;
    /** Slots of the min-heap of the other values. */
    private final int[] high;
    private final int[] lowSize;
    private final int[] highSize;
    private final int[] count;
    /** The slot the next value goes to: the oldest one once the window is full. */
    private final int[] next;

    /**
     * @param windows number of independent windows (ROIs)
     * @param capacity values per window, W
     * @param percentile q, in [0, 100]
     * @throws IllegalArgumentException when a size is below 1 or q is outside [0, 100]
     */
    public RunningPercentile(final int windows, final int capacity, final double percentile) {
        if (windows < 1 || capacity < 1) {
            throw new IllegalArgumentException("need at least one window of at least one value, got "
                    + windows + " x " + capacity);
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        final long total = (long) windows * capacity;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(windows + " windows x " + capacity + " values is too many");
        }
        this.windows = windows;
        this.capacity = capacity;
        this.fraction = percentile / 100.0;
        this.values = new double[(int) total];
        this.where = new int[(int) total];
        this.low = new int[(int) total];
        this.high = new int[(int) total];
        this.lowSize = new int[windows];
        this.highSize = new int[windows];
        this.count = new int[windows];
        this.next = new int[windows];
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
        values[base + slot] = x;
        final int n = count[w];
        if (n == capacity) {
            replaced(w, base, slot);
            return;
        }
        count[w] = n + 1;
        if (lowSize[w] > 0 && x <= values[base + low[base]]) {
            pushLow(w, base, slot);
        } else {
            pushHigh(w, base, slot);
        }
        final int target = (int) Math.floor(fraction * n) + 1;
        if (lowSize[w] > target) {
            pushHigh(w, base, popLow(w, base));
        } else if (lowSize[w] < target) {
            pushLow(w, base, popHigh(w, base));
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
        final double j = Math.floor(p);
        final double t = p - j;
        final double a = values[base + low[base]];
        if (t == 0 || highSize[w] == 0) {
            return a;
        }
        final double b = values[base + high[base]];
        final double diff = b - a;
        // NumPy's _lerp: from the nearer end, so that t = 1 gives b exactly
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** The value in {@code slot} changed: restore both heaps. */
    private void replaced(final int w, final int base, final int slot) {
        final int at = where[base + slot];
        if (at >= 0) {
            siftDownLow(w, base, siftUpLow(base, at));
        } else {
            siftDownHigh(w, base, siftUpHigh(base, -1 - at));
        }
        if (lowSize[w] > 0 && highSize[w] > 0 && values[base + low[base]] > values[base + high[base]]) {
            final int a = low[base];
            final int b = high[base];
            low[base] = b;
            where[base + b] = 0;
            high[base] = a;
            where[base + a] = -1;
            siftDownLow(w, base, 0);
            siftDownHigh(w, base, 0);
        }
    }

    private void pushLow(final int w, final int base, final int slot) {
        final int at = lowSize[w]++;
        low[base + at] = slot;
        where[base + slot] = at;
        siftUpLow(base, at);
    }

    private void pushHigh(final int w, final int base, final int slot) {
        final int at = highSize[w]++;
        high[base + at] = slot;
        where[base + slot] = -1 - at;
        siftUpHigh(base, at);
    }

    private int popLow(final int w, final int base) {
        final int top = low[base];
        final int last = --lowSize[w];
        if (last > 0) {
            low[base] = low[base + last];
            where[base + low[base]] = 0;
            siftDownLow(w, base, 0);
        }
        return top;
    }

    private int popHigh(final int w, final int base) {
        final int top = high[base];
        final int last = --highSize[w];
        if (last > 0) {
            high[base] = high[base + last];
            where[base + high[base]] = -1;
            siftDownHigh(w, base, 0);
        }
        return top;
    }

    /** Max-heap: moves the entry at {@code at} up while it exceeds its parent; returns where it ends. */
    private int siftUpLow(final int base, int at) {
        final int slot = low[base + at];
        final double v = values[base + slot];
        while (at > 0) {
            final int parent = (at - 1) >>> 1;
            final int ps = low[base + parent];
            if (values[base + ps] >= v) {
                break;
            }
            low[base + at] = ps;
            where[base + ps] = at;
            at = parent;
        }
        low[base + at] = slot;
        where[base + slot] = at;
        return at;
    }

    private void siftDownLow(final int w, final int base, int at) {
        final int size = lowSize[w];
        final int slot = low[base + at];
        final double v = values[base + slot];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && values[base + low[base + child + 1]] > values[base + low[base + child]]) {
                child++;
            }
            final int cs = low[base + child];
            if (values[base + cs] <= v) {
                break;
            }
            low[base + at] = cs;
            where[base + cs] = at;
            at = child;
        }
        low[base + at] = slot;
        where[base + slot] = at;
    }

    /** Min-heap: moves the entry at {@code at} up while it is below its parent; returns where it ends. */
    private int siftUpHigh(final int base, int at) {
        final int slot = high[base + at];
        final double v = values[base + slot];
        while (at > 0) {
            final int parent = (at - 1) >>> 1;
            final int ps = high[base + parent];
            if (values[base + ps] <= v) {
                break;
            }
            high[base + at] = ps;
            where[base + ps] = -1 - at;
            at = parent;
        }
        high[base + at] = slot;
        where[base + slot] = -1 - at;
        return at;
    }

    private void siftDownHigh(final int w, final int base, int at) {
        final int size = highSize[w];
        final int slot = high[base + at];
        final double v = values[base + slot];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && values[base + high[base + child + 1]] < values[base + high[base + child]]) {
                child++;
            }
            final int cs = high[base + child];
            if (values[base + cs] >= v) {
                break;
            }
            high[base + at] = cs;
            where[base + cs] = -1 - at;
            at = child;
        }
        high[base + at] = slot;
        where[base + slot] = -1 - at;
    }
}

package org.neurostream.operators.avalanche;

import java.util.Arrays;

/**
 * A growable column store of events (time, address, amplitude), filled as an {@link EventSink} or
 * by {@link #add}; the offline analysis pools every channel's events here. Capacity doubles when
 * full.
 */
public final class EventBuffer implements EventSink {

    private long[] time;
    private int[] address;
    private double[] amplitude;
    private int size;

    /** An empty buffer. */
    public EventBuffer() {
        this(1024);
    }

    /** An empty buffer with room for {@code capacity} events before it grows. */
    public EventBuffer(int capacity) {
        int c = Math.max(capacity, 1);
        time = new long[c];
        address = new int[c];
        amplitude = new double[c];
    }

    @Override
    public void onEvent(long t, int a, double amp) {
        add(t, a, amp);
    }

    /** Appends one event. */
    public void add(long t, int a, double amp) {
        if (size == time.length) {
            int c = size * 2;
            time = Arrays.copyOf(time, c);
            address = Arrays.copyOf(address, c);
            amplitude = Arrays.copyOf(amplitude, c);
        }
        time[size] = t;
        address[size] = a;
        amplitude[size] = amp;
        size++;
    }

    /** Number of events. */
    public int size() {
        return size;
    }

    /** Time of event i. */
    public long time(int i) {
        return time[check(i)];
    }

    /** Address (channel or unit) of event i. */
    public int address(int i) {
        return address[check(i)];
    }

    /** Amplitude of event i. */
    public double amplitude(int i) {
        return amplitude[check(i)];
    }

    /** Whether the times are in non-decreasing order. */
    public boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (time[i] < time[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Orders the events by time, keeping the order of equal times (a stable merge sort). */
    public void sortByTime() {
        if (isSorted()) {
            return;
        }
        int[] order = new int[size];
        int[] scratch = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int width = 1; width < size; width *= 2) {
            for (int lo = 0; lo < size - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, size);
                int a = lo;
                int b = mid;
                int k = lo;
                while (a < mid && b < hi) {
                    scratch[k++] = time[order[b]] < time[order[a]] ? order[b++] : order[a++];
                }
                while (a < mid) {
                    scratch[k++] = order[a++];
                }
                while (b < hi) {
                    scratch[k++] = order[b++];
                }
                System.arraycopy(scratch, lo, order, lo, hi - lo);
            }
        }
        long[] t = new long[time.length];
        int[] ad = new int[time.length];
        double[] am = new double[time.length];
        for (int i = 0; i < size; i++) {
            t[i] = time[order[i]];
            ad[i] = address[order[i]];
            am[i] = amplitude[order[i]];
        }
        time = t;
        address = ad;
        amplitude = am;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("event " + i + " of " + size);
        }
        return i;
    }
}

package org.neurostream.deploy.demo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.neurostream.operators.motif.BinnedEvents;

/**
 * A seeded synthetic event-camera session: bars sweeping across a small sensor in four directions
 * at random times, over uniform background noise, with the true end time of every sweep.
 *
 * <p>Direction k (the motif id): 0 left to right, 1 right to left, 2 top to bottom, 3 bottom to
 * top. A sweep moves a bright bar {@link #BAR_WIDTH} pixels wide across the sensor at a speed drawn
 * around {@link #SPEED_PX_PER_MS}: every pixel gives an ON event when the bar's leading edge
 * crosses it and an OFF event when its trailing edge does, each with probability {@link
 * #EDGE_PROBABILITY} and a uniform jitter of up to {@link #JITTER_US}. The sweep ends when the
 * trailing edge leaves the last pixel line. Sweeps never overlap: after one ends, the next starts
 * after {@link #MIN_GAP_US} plus an exponential wait. Noise: every pixel and polarity fires as a
 * Poisson process at {@link #NOISE_HZ}.
 *
 * <p>Events are in time order (ties by generation order), times in microseconds from 0.
 */
public final class MovingBars {
    /** Number of sweep directions, the motifs. */
    public static final int DIRECTIONS = 4;

    /** Bar width, pixels. */
    public static final int BAR_WIDTH = 3;

    /** Mean bar speed, pixels per millisecond (each sweep draws within +-10 %). */
    public static final double SPEED_PX_PER_MS = 1.0;

    /** Chance that a pixel emits its edge event. */
    public static final double EDGE_PROBABILITY = 0.8;

    /** Largest delay of an edge event after the edge crossed its pixel, us. */
    public static final int JITTER_US = 300;

    /** Shortest pause between two sweeps, us. */
    public static final long MIN_GAP_US = 100_000;

    /** Mean of the exponential part of the pause between two sweeps, us. */
    public static final long MEAN_EXTRA_GAP_US = 400_000;

    /** Background rate per pixel and polarity, Hz. */
    public static final double NOISE_HZ = 0.4;

    private final int width;
    private final int height;
    private final long durationUs;
    private long[] t;
    private short[] x;
    private short[] y;
    private byte[] p;
    private int size;

    /** Every sweep as (direction, end time in us), in time order. */
    private final BinnedEvents.Builder sweepEnds = new BinnedEvents.Builder();

    private MovingBars(final int width, final int height, final long durationUs) {
        this.width = width;
        this.height = height;
        this.durationUs = durationUs;
        final int guess = (int) Math.min(Integer.MAX_VALUE - 8, durationUs / 100 + 1024);
        t = new long[guess];
        x = new short[guess];
        y = new short[guess];
        p = new byte[guess];
    }

    /**
     * Generates a session.
     *
     * @param width sensor width, 8..2048 pixels
     * @param height sensor height, 8..2048 pixels
     * @param durationUs session length, us (sweeps all end before it)
     * @param seed the seed; the same arguments give the same session
     * @return the session
     */
    public static MovingBars generate(
            final int width, final int height, final long durationUs, final long seed) {
        if (width < 8 || height < 8 || width > 2048 || height > 2048 || durationUs < 1) {
            throw new IllegalArgumentException(
                    "need a sensor of 8..2048 pixels a side and a"
                            + " positive duration; got "
                            + width
                            + "x"
                            + height
                            + ", "
                            + durationUs);
        }
        final MovingBars s = new MovingBars(width, height, durationUs);
        final SplittableRandom random = new SplittableRandom(seed);
        s.sweeps(random);
        s.noise(random);
        s.sortByTime();
        return s;
    }

    private void sweeps(final SplittableRandom random) {
        long start = MIN_GAP_US + exponential(random, MEAN_EXTRA_GAP_US);
        while (true) {
            final int direction = random.nextInt(DIRECTIONS);
            final double speed = SPEED_PX_PER_MS * (0.9 + 0.2 * random.nextDouble()) / 1000;
            final int lines = direction < 2 ? width : height;
            final int across = direction < 2 ? height : width;
            final long end = start + Math.round((lines - 1 + BAR_WIDTH) / speed);
            if (end + JITTER_US >= durationUs) {
                return;
            }
            for (int line = 0; line < lines; line++) {
                // distance of this pixel line from the side the bar enters at
                final int from = direction % 2 == 0 ? line : lines - 1 - line;
                final long on = start + Math.round(from / speed);
                final long off = start + Math.round((from + BAR_WIDTH) / speed);
                for (int k = 0; k < across; k++) {
                    final int px = direction < 2 ? line : k;
                    final int py = direction < 2 ? k : line;
                    if (random.nextDouble() < EDGE_PROBABILITY) {
                        add(on + random.nextInt(JITTER_US), px, py, 1);
                    }
                    if (random.nextDouble() < EDGE_PROBABILITY) {
                        add(off + random.nextInt(JITTER_US), px, py, 0);
                    }
                }
            }
            sweepEnds.add(direction, end);
            start = end + MIN_GAP_US + exponential(random, MEAN_EXTRA_GAP_US);
        }
    }

    private void noise(final SplittableRandom random) {
        final double meanGapUs = 1e6 / (NOISE_HZ * 2 * width * height);
        double at = 0;
        while ((at += -meanGapUs * Math.log(1 - random.nextDouble())) < durationUs) {
            add((long) at, random.nextInt(width), random.nextInt(height), random.nextInt(2));
        }
    }

    private static long exponential(final SplittableRandom random, final long mean) {
        return Math.round(-mean * Math.log(1 - random.nextDouble()));
    }

    private void add(final long time, final int column, final int row, final int polarity) {
        if (size == t.length) {
            final int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * size);
            t = Arrays.copyOf(t, grown);
            x = Arrays.copyOf(x, grown);
            y = Arrays.copyOf(y, grown);
            p = Arrays.copyOf(p, grown);
        }
        t[size] = time;
        x[size] = (short) column;
        y[size] = (short) row;
        p[size] = (byte) polarity;
        size++;
    }

    /** Stable sort by time: keys are time << 24 | generation index (times below 2^39 us). */
    private void sortByTime() {
        if (size >= 1 << 24) {
            throw new IllegalStateException("too many events to sort: " + size);
        }
        final long[] key = new long[size];
        for (int i = 0; i < size; i++) {
            key[i] = t[i] << 24 | i;
        }
        Arrays.sort(key);
        final long[] t2 = new long[size];
        final short[] x2 = new short[size];
        final short[] y2 = new short[size];
        final byte[] p2 = new byte[size];
        for (int i = 0; i < size; i++) {
            final int from = (int) (key[i] & 0xFF_FFFF);
            t2[i] = t[from];
            x2[i] = x[from];
            y2[i] = y[from];
            p2[i] = p[from];
        }
        t = t2;
        x = x2;
        y = y2;
        p = p2;
    }

    /** Sensor width. */
    public int width() {
        return width;
    }

    /** Sensor height. */
    public int height() {
        return height;
    }

    /** Session length, us. */
    public long durationUs() {
        return durationUs;
    }

    /** Number of events. */
    public int size() {
        return size;
    }

    /** Event times, us, non-decreasing; length {@link #size()}. */
    public long[] t() {
        return t;
    }

    /** Event columns. */
    public short[] x() {
        return x;
    }

    /** Event rows. */
    public short[] y() {
        return y;
    }

    /** Event polarities, 1 ON, 0 OFF. */
    public byte[] p() {
        return p;
    }

    /** Number of sweeps. */
    public int sweeps() {
        return sweepEnds.size();
    }

    /** End time of every sweep, us, increasing. */
    public long[] sweepEndUs() {
        return sweepEnds.build().bins();
    }

    /** Direction (motif id) of every sweep, in the order of {@link #sweepEndUs()}. */
    public int[] sweepDirection() {
        return sweepEnds.build().ids();
    }
}

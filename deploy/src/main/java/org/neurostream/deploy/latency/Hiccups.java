package org.neurostream.deploy.latency;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.neurostream.core.time.WallClock;

/**
 * How late a thread that asks to wake every {@link #INTERVAL_NS} actually wakes: what any thread of
 * the process that becomes ready waits for before it runs (a garbage-collection pause, a safepoint,
 * other threads or processes holding the cores, the timer's own slack). Measured on a daemon thread
 * of its own from {@link #start()} to {@link #close()}, from a wall-clock moment on (the end of a
 * warm-up); one wake-up every 5 ms costs next to nothing.
 */
public final class Hiccups implements AutoCloseable {
    /** Time between two wake-ups asked for. */
    public static final long INTERVAL_NS = 5_000_000L;

    private final Histogram lateUs = new Histogram(60_000_000L, 3);
    private final long fromEpochNs;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param fromEpochNs wall-clock ns (Unix epoch) from which wake-ups count
     */
    public Hiccups(final long fromEpochNs) {
        this.fromEpochNs = fromEpochNs;
        thread = new Thread(this::run, "hiccup-meter");
        thread.setDaemon(true);
    }

    /** Starts waking. */
    public Hiccups start() {
        thread.start();
        return this;
    }

    private void run() {
        long due = System.nanoTime() + INTERVAL_NS;
        while (running) {
            LockSupport.parkNanos(due - System.nanoTime());
            final long now = System.nanoTime();
            if (now - due >= 0) {
                if (WallClock.epochNanos() >= fromEpochNs) {
                    synchronized (lateUs) {
                        lateUs.recordValue(Math.min((now - due) / 1000, 60_000_000L));
                    }
                }
                // the next wake-up is due one interval after this one, not after the one missed
                due = now + INTERVAL_NS;
            }
        }
    }

    /** Lateness of the wake-ups so far. */
    public LatencySnapshot lateness() {
        synchronized (lateUs) {
            return LatencySnapshot.of(lateUs);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(1_000);
    }
}

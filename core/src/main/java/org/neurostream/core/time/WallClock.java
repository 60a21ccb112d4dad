package org.neurostream.core.time;

import java.time.Instant;

/**
 * Wall-clock time in ns since the Unix epoch, read from the monotonic clock after one calibration
 * per JVM. Ingest stamps and the points where latency ends use it, so that both ends of a latency
 * measurement in one process share one clock and neither can jump with NTP mid-run.
 */
public final class WallClock {
    private static final long BASE_NANO_TIME = System.nanoTime();
    private static final long BASE_EPOCH_NS = epochNanos(Instant.now());

    private WallClock() {}

    /** Now, in ns since the Unix epoch. */
    public static long epochNanos() {
        return BASE_EPOCH_NS + (System.nanoTime() - BASE_NANO_TIME);
    }

    private static long epochNanos(final Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

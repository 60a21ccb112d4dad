package org.neurostream.ingest.lsl;

/**
 * LSL's clock: seconds of the monotonic clock, as liblsl's {@code lsl_local_clock()} reads it. On
 * Linux both the JVM's {@link System#nanoTime()} and liblsl's {@code std::chrono::steady_clock}
 * read {@code CLOCK_MONOTONIC}, so our stamps and a liblsl peer's on the same machine share one
 * origin (the clock-offset estimate between them is then a few microseconds).
 */
public final class LslClock {
    private LslClock() {}

    /** Now, in LSL seconds. */
    public static double now() {
        return nanosToSeconds(System.nanoTime());
    }

    /** A {@link System#nanoTime()} reading as LSL seconds, without losing the nanoseconds. */
    public static double nanosToSeconds(final long nanos) {
        return (nanos / 1_000_000_000L) + (nanos % 1_000_000_000L) / 1e9;
    }
}

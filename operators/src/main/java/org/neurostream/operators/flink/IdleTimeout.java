package org.neurostream.operators.flink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * When a stream whose producer vanished (no end-of-stream frame came) is given up and its keyed
 * state freed: after {@link #timeout()} without a frame, counted on device time (event-time timers:
 * the job's watermark must pass the stream's last device time plus the timeout, so a replay frees
 * the same streams at the same point of its input however fast it runs) or on the wall clock of the
 * task (processing-time timers, for live input). Freed streams are counted in the operator's metric
 * {@value StreamExpiry#IDLE_STREAMS}; a stream that sends again afterwards starts afresh.
 *
 * <p>On device time, a stream whose device time lags the watermark by more than the timeout (its
 * clock started later than the other streams' on the same subtask) is never timed out: the deadline
 * would already be past. Its end-of-stream frame, or processing time, frees it.
 */
public final class IdleTimeout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The clock an idle timeout counts on. */
    public enum TimeBase {
        /** Device time, through event-time timers and the job's watermark (replays). */
        DEVICE_TIME,
        /** The task's wall clock, through processing-time timers (live input). */
        PROCESSING_TIME
    }

    /** No idle timeout: only end-of-stream frames free a stream's state. */
    public static final IdleTimeout NONE = new IdleTimeout(Duration.ZERO, TimeBase.PROCESSING_TIME);

    private final Duration timeout;
    private final TimeBase base;

    private IdleTimeout(final Duration timeout, final TimeBase base) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.base = Objects.requireNonNull(base, "base");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("an idle timeout cannot be negative: " + timeout);
        }
    }

    /** A timeout on device time; zero turns it off. */
    public static IdleTimeout onDeviceTime(final Duration timeout) {
        return new IdleTimeout(timeout, TimeBase.DEVICE_TIME);
    }

    /** A timeout on the task's wall clock; zero turns it off. */
    public static IdleTimeout onProcessingTime(final Duration timeout) {
        return new IdleTimeout(timeout, TimeBase.PROCESSING_TIME);
    }

    /** The time without a frame after which a stream is freed; zero when off. */
    public Duration timeout() {
        return timeout;
    }

    /** The clock it counts on. */
    public TimeBase base() {
        return base;
    }

    /** Whether streams are timed out at all. */
    public boolean enabled() {
        return timeout.toMillis() > 0;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof IdleTimeout t && t.timeout.equals(timeout) && t.base == base;
    }

    @Override
    public int hashCode() {
        return timeout.hashCode() * 31 + base.hashCode();
    }

    @Override
    public String toString() {
        return enabled() ? timeout + " on " + base.name().toLowerCase().replace('_', ' ') : "none";
    }
}

package org.neurostream.operators.flink;

import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;

/**
 * The end of a stream's keyed state in one keyed function: an end-of-stream frame ({@link
 * FrameDescriptor#FLAG_END_OF_STREAM}) frees it at once and counts in {@value #ENDED_STREAMS}; an
 * {@link IdleTimeout} frees a stream that stopped sending and counts in {@value #IDLE_STREAMS}.
 *
 * <p>Timers: the stream's last activity (device time ms, or wall-clock ms) is keyed state of its
 * own ({@code last-active}); each frame moves it and registers a timer at the deadline rounded up
 * to an eighth of the timeout, so that a stream registers a timer a few times per timeout rather
 * than per frame, and stale timers are never deleted: a timer frees the stream only when the
 * timeout has passed since the last activity. Freeing emits nothing: outputs are those of the
 * frames received, whether or not the stream is freed later.
 */
public final class StreamExpiry {
    /** Metric: streams freed by their end-of-stream frame. */
    public static final String ENDED_STREAMS = "endedStreams";

    /** Metric: streams freed by the idle timeout. */
    public static final String IDLE_STREAMS = "idleStreams";

    private final IdleTimeout timeout;
    private final long timeoutMs;
    private final long resolutionMs;
    private final ValueState<Long> lastActive;
    private final Counter ended;
    private final Counter idle;
    private final State[] states;

    /**
     * Registers the {@code last-active} state (when the timeout is on) and the two counters; call
     * from the function's {@code open}, after registering its own states.
     *
     * @param states the function's keyed states, all cleared when a stream ends or idles
     */
    public StreamExpiry(
            final IdleTimeout timeout, final RuntimeContext context, final State... states) {
        this.states = states.clone();
        for (final State s : this.states) {
            Objects.requireNonNull(s, "a state to clear is null: register it first");
        }
        this.timeout = timeout;
        this.timeoutMs = timeout.timeout().toMillis();
        this.resolutionMs = Math.max(1, timeoutMs / 8);
        this.lastActive =
                timeout.enabled()
                        ? context.getState(new ValueStateDescriptor<>("last-active", Types.LONG))
                        : null;
        this.ended = context.getMetricGroup().counter(ENDED_STREAMS);
        this.idle = context.getMetricGroup().counter(IDLE_STREAMS);
    }

    /**
     * After a frame of the current key's stream: a frame that ends the stream clears the stream's
     * states and counts it in {@value #ENDED_STREAMS}; any other frame notes the stream's activity
     * ({@link #touch}).
     *
     * @return whether the frame ended the stream
     */
    public boolean afterFrame(final FrameDecoder frame, final TimerService timers)
            throws Exception {
        if (EndOfStream.isMarked(frame)) {
            clear();
            if (lastActive != null) {
                lastActive.clear();
            }
            ended.inc();
            return true;
        }
        touch(timers, frame.deviceTimeNs());
        return false;
    }

    /**
     * A timer of the current key fired: when it finds the stream idle, clears the stream's states
     * and counts it in {@value #IDLE_STREAMS}.
     */
    public void onTimer(final long timestamp, final TimeDomain domain) throws Exception {
        if (expired(timestamp, domain)) {
            clear();
        }
    }

    private void clear() {
        for (final State s : states) {
            s.clear();
        }
    }

    /**
     * The current key's stream was active at {@code deviceTimeNs} (device time of the frame or
     * record): moves its last activity and makes sure a timer will look at it.
     */
    public void touch(final TimerService timers, final long deviceTimeNs) throws Exception {
        if (lastActive == null) {
            return;
        }
        final boolean device = timeout.base() == IdleTimeout.TimeBase.DEVICE_TIME;
        final long now =
                device ? Math.floorDiv(deviceTimeNs, 1_000_000L) : timers.currentProcessingTime();
        final Long before = lastActive.value();
        lastActive.update(now);
        final long due = bucket(now);
        if (before != null && bucket(before) == due) {
            return;
        }
        if (device) {
            if (due > timers.currentWatermark()) {
                timers.registerEventTimeTimer(due);
            }
        } else {
            timers.registerProcessingTimeTimer(due);
        }
    }

    /** Whether a timer finds its stream idle; if so counts it and clears its last activity. */
    private boolean expired(final long timestamp, final TimeDomain domain) throws Exception {
        if (lastActive == null) {
            return false;
        }
        final boolean device = timeout.base() == IdleTimeout.TimeBase.DEVICE_TIME;
        if (device != (domain == TimeDomain.EVENT_TIME)) {
            return false;
        }
        final Long last = lastActive.value();
        if (last == null || timestamp - last < timeoutMs) {
            return false;
        }
        lastActive.clear();
        idle.inc();
        return true;
    }

    /** The deadline of an activity at {@code t}, rounded up to the timer resolution. */
    private long bucket(final long t) {
        final long deadline = t + timeoutMs;
        return Math.floorDiv(deadline + resolutionMs - 1, resolutionMs) * resolutionMs;
    }
}

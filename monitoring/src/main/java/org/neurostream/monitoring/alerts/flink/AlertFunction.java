package org.neurostream.monitoring.alerts.flink;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.monitoring.alerts.AlertEvaluator;
import org.neurostream.monitoring.alerts.AlertObservation;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.monitoring.alerts.RuleState;

/**
 * The alert rules on one stream (the key), in the job: a thin shell around {@link AlertEvaluator}
 * whose rule states live in keyed {@link MapState} (rule name to {@link RuleState}), so that they
 * are checkpointed and restored with the rest of the job and a recovery neither loses nor repeats
 * an alert decided on device time. Wall-clock windows (latency, dead letters) slide on
 * processing-time timers, which are checkpointed too.
 *
 * <p>A stream's rule states are freed once it has sent nothing for the idle timeout ({@link
 * #withIdleTimeout}), counted in the metric {@value #IDLE_STREAMS}: the alert rules watch records,
 * not frames, so they see no end-of-stream frame; a stream's last records are followed by the
 * timeout instead. Records of device-time rules (features, statistics) count on device time when
 * the timeout is on device time (event-time timers: a replay frees the same streams at the same
 * point of its input, and all of them when its input ends); records of wall-clock rules (latency,
 * dead letters), and all records with a timeout on the wall clock, count on the task's wall clock.
 * A stream is freed when it is idle on both clocks. Freeing emits nothing: an alert firing then is
 * not resolved, and a stream that sends again starts afresh.
 */
public final class AlertFunction
        extends KeyedProcessFunction<String, AlertObservation, AlertRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: streams whose rule states the idle timeout freed. */
    public static final String IDLE_STREAMS = "idleStreams";

    private final AlertRules rules;
    private long timeoutMs;
    private boolean onDeviceTime;
    private transient AlertEvaluator evaluator;
    private transient MapState<String, RuleState> states;
    private transient ValueState<Long> lastDevice;
    private transient ValueState<Long> lastWall;
    private transient Counter idle;
    private transient boolean[] wallClockRule;
    private transient AlertEvaluator.StateStore store;

    /** The function of {@code rules}, already validated; streams are never freed. */
    public AlertFunction(final AlertRules rules) {
        this.rules = rules;
    }

    /**
     * Frees a stream's rule states after {@code timeout} without a record (zero: never), counted on
     * device time ({@code onDeviceTime}, for replays) or on the task's wall clock (live input).
     */
    public AlertFunction withIdleTimeout(final Duration timeout, final boolean onDeviceTime) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("an idle timeout cannot be negative: " + timeout);
        }
        this.timeoutMs = timeout.toMillis();
        this.onDeviceTime = onDeviceTime;
        return this;
    }

    @Override
    public void open(final OpenContext context) {
        evaluator = new AlertEvaluator(rules);
        states =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "alert-rules",
                                        Types.STRING,
                                        TypeInformation.of(RuleState.class)));
        lastDevice =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-active-device", Types.LONG));
        lastWall =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-active-wall", Types.LONG));
        idle = getRuntimeContext().getMetricGroup().counter(IDLE_STREAMS);
        wallClockRule = new boolean[rules.rules().size()];
        for (int i = 0; i < wallClockRule.length; i++) {
            wallClockRule[i] = rules.rules().get(i).kind().wallClock();
        }
        store =
                new AlertEvaluator.StateStore() {
                    @Override
                    public RuleState get(final String rule) throws Exception {
                        return states.get(rule);
                    }

                    @Override
                    public void put(final String rule, final RuleState state) throws Exception {
                        states.put(rule, state);
                    }
                };
    }

    @Override
    public void processElement(
            final AlertObservation o, final Context ctx, final Collector<AlertRecord> out)
            throws Exception {
        schedule(ctx.timerService(), evaluator.observe(o, store, out::collect));
        if (timeoutMs > 0) {
            touch(o, ctx.timerService());
        }
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<AlertRecord> out)
            throws Exception {
        final TimerService timers = ctx.timerService();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            final long now = Math.max(WallClock.epochNanos(), timestamp * 1_000_000L);
            schedule(timers, evaluator.tick(ctx.getCurrentKey(), now, store, out::collect));
        }
        if (timeoutMs > 0 && idle(timers)) {
            states.clear();
            lastDevice.clear();
            lastWall.clear();
            idle.inc();
        }
    }

    /** Notes the record's activity on its clock and makes sure a timer will look at it. */
    private void touch(final AlertObservation o, final TimerService timers) throws Exception {
        final boolean device = onDeviceTime && onDeviceClock(o);
        final ValueState<Long> last = device ? lastDevice : lastWall;
        final long now =
                device ? Math.floorDiv(o.endNs, 1_000_000L) : timers.currentProcessingTime();
        final Long before = last.value();
        last.update(now);
        final long due = deadline(now);
        if (before != null && deadline(before) == due) {
            return;
        }
        if (!device) {
            timers.registerProcessingTimeTimer(due);
        } else if (due > timers.currentWatermark()) {
            timers.registerEventTimeTimer(due);
        }
    }

    /** Whether the observation carries a value of a device-time rule. */
    private boolean onDeviceClock(final AlertObservation o) {
        for (int i = 0; i < o.values.length && i < wallClockRule.length; i++) {
            if (!wallClockRule[i] && !Double.isNaN(o.values[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the current stream was active and has been idle on both clocks for the timeout. */
    private boolean idle(final TimerService timers) throws Exception {
        final Long device = lastDevice.value();
        final Long wall = lastWall.value();
        return (device != null || wall != null)
                && (device == null || timers.currentWatermark() - device >= timeoutMs)
                && (wall == null || timers.currentProcessingTime() - wall >= timeoutMs);
    }

    /**
     * The deadline of an activity at {@code t} ms, rounded up to an eighth of the timeout: a stream
     * registers a timer a few times per timeout rather than per record; stale timers find it
     * active.
     */
    private long deadline(final long t) {
        final long resolution = Math.max(1, timeoutMs / 8);
        return Math.floorDiv(t + timeoutMs + resolution - 1, resolution) * resolution;
    }

    private static void schedule(final TimerService timers, final long atNs) {
        if (atNs != Long.MAX_VALUE) {
            // whole milliseconds, rounded up: the window has changed when the timer runs; one
            // timer per millisecond at most, since Flink keeps one per key and timestamp
            timers.registerProcessingTimeTimer((atNs + 999_999L) / 1_000_000L);
        }
    }
}

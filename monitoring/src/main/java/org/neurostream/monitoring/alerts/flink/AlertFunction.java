package org.neurostream.monitoring.alerts.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 */
public final class AlertFunction
        extends KeyedProcessFunction<String, AlertObservation, AlertRecord> {
    private static final long serialVersionUID = 1L;

    private final AlertRules rules;
    private transient AlertEvaluator evaluator;
    private transient MapState<String, RuleState> states;
    private transient AlertEvaluator.StateStore store;

    /** The function of {@code rules}, already validated. */
    public AlertFunction(final AlertRules rules) {
        this.rules = rules;
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
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<AlertRecord> out)
            throws Exception {
        final long now = Math.max(WallClock.epochNanos(), timestamp * 1_000_000L);
        schedule(ctx.timerService(), evaluator.tick(ctx.getCurrentKey(), now, store, out::collect));
    }

    private static void schedule(
            final org.apache.flink.streaming.api.TimerService timers, final long atNs) {
        if (atNs != Long.MAX_VALUE) {
            // whole milliseconds, rounded up: the window has changed when the timer runs; one
            // timer per millisecond at most, since Flink keeps one per key and timestamp
            timers.registerProcessingTimeTimer((atNs + 999_999L) / 1_000_000L);
        }
    }
}

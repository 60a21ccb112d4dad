package org.neurostream.monitoring.alerts.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.monitoring.alerts.AlertObservation;
import org.neurostream.monitoring.alerts.AlertRule;
import org.neurostream.monitoring.alerts.AlertRules;

/**
 * Adds the alert operator to a job: each input is turned into {@link AlertObservation}s right where
 * it is produced (chained to its operator, so only a few numbers cross the network, and a
 * prediction's latency is read at the decoder's output), then all are keyed by stream id into one
 * {@link AlertFunction}. An input is only tapped when some rule watches it.
 */
public final class AlertStreams {
    private AlertStreams() {}

    /**
     * The alerts of {@code rules} on the job's streams; an input that is null (not computed) feeds
     * no rule, so rules on it never fire. A stream's rule states are freed after {@code
     * idleTimeout} without a record (zero: never), on device time where {@code idleOnDeviceTime}
     * (see {@link AlertFunction}).
     *
     * @return the alerts, or null when no rule has an input
     */
    public static DataStream<AlertRecord> alerts(
            final AlertRules rules,
            final Duration idleTimeout,
            final boolean idleOnDeviceTime,
            final DataStream<BandPowerRecord> bandPower,
            final DataStream<AvalancheRecord> avalanches,
            final DataStream<PredictionRecord> predictions,
            final DataStream<DeadLetterRecord> deadLetters,
            final DataStream<DescriptorRecord> descriptors) {
        final List<DataStream<AlertObservation>> inputs = new ArrayList<>();
        if (bandPower != null && rules.has(AlertRule.Kind.FEATURE)) {
            inputs.add(
                    bandPower
                            .flatMap(
                                    (BandPowerRecord r, Collector<AlertObservation> out) ->
                                            emit(AlertObservation.of(rules, r), out))
                            .returns(AlertObservation.class)
                            .name("alert observations: features")
                            .uid("alert-observe-features"));
        }
        if (descriptors != null && rules.hasDescriptorRules()) {
            inputs.add(
                    descriptors
                            .flatMap(
                                    (DescriptorRecord r, Collector<AlertObservation> out) ->
                                            emit(AlertObservation.of(rules, r), out))
                            .returns(AlertObservation.class)
                            .name("alert observations: descriptors")
                            .uid("alert-observe-descriptors"));
        }
        if (avalanches != null && rules.has(AlertRule.Kind.STATISTIC)) {
            inputs.add(
                    avalanches
                            .flatMap(
                                    (AvalancheRecord r, Collector<AlertObservation> out) ->
                                            emit(AlertObservation.of(rules, r), out))
                            .returns(AlertObservation.class)
                            .name("alert observations: statistics")
                            .uid("alert-observe-statistics"));
        }
        if (predictions != null && rules.has(AlertRule.Kind.LATENCY)) {
            inputs.add(
                    predictions
                            .flatMap(
                                    (PredictionRecord p, Collector<AlertObservation> out) ->
                                            emit(
                                                    AlertObservation.ofPrediction(
                                                            rules, p, WallClock.epochNanos()),
                                                    out))
                            .returns(AlertObservation.class)
                            .name("alert observations: latency")
                            .uid("alert-observe-latency"));
        }
        if (deadLetters != null && rules.has(AlertRule.Kind.DEAD_LETTERS)) {
            inputs.add(
                    deadLetters
                            .flatMap(
                                    (DeadLetterRecord d, Collector<AlertObservation> out) ->
                                            emit(
                                                    AlertObservation.ofDeadLetter(
                                                            rules, d, WallClock.epochNanos()),
                                                    out))
                            .returns(AlertObservation.class)
                            .name("alert observations: dead letters")
                            .uid("alert-observe-dead-letters"));
        }
        if (inputs.isEmpty()) {
            return null;
        }
        DataStream<AlertObservation> all = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            all = all.union(inputs.get(i));
        }
        return all.keyBy(o -> o.streamId)
                .process(new AlertFunction(rules).withIdleTimeout(idleTimeout, idleOnDeviceTime))
                .name("alerts")
                .uid("alerts");
    }

    private static void emit(final AlertObservation o, final Collector<AlertObservation> out) {
        if (o != null) {
            out.collect(o);
        }
    }
}

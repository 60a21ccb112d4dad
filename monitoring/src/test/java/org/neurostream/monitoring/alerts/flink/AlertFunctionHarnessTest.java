package org.neurostream.monitoring.alerts.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.monitoring.alerts.AlertObservation;
import org.neurostream.monitoring.alerts.AlertRules;

/**
 * The alert function in an operator test harness: a stream's rule states stay while it sends and
 * are freed once it has been idle for the timeout, on device time (the watermark) or on the wall
 * clock, so that the state of a job that sees streams come and go stays bounded; a stream that
 * sends again after it was freed starts afresh.
 */
class AlertFunctionHarnessTest {
    private static final AlertRules RULES =
            AlertRules.parse(
                    """
                    rules:
                      - {name: gamma-high, kind: feature, severity: warning, field: relative_power,
                         band: gamma, op: above, threshold: 0.3, for_seconds: 1}
                      - {name: gamma-low, kind: feature, severity: info, field: relative_power,
                         band: gamma, op: below, threshold: 0.05, for_seconds: 0}
                    """,
                    "harness.yaml");

    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void shouldFreeTheRuleStatesOfAStreamIdleOnDeviceTimeAndKeepTheOthers() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h =
                harness(new AlertFunction(RULES).withIdleTimeout(Duration.ofSeconds(10), true))) {
            h.open();
            for (int i = 0; i < 8; i++) {
                feed(h, "a/eeg", i, 0.5);
                feed(h, "b/eeg", i, 0.5);
            }
            final long perStream = h.numKeyedStateEntries() / 2;
            assertTrue(perStream > 0);
            for (int i = 8; i < 30; i++) {
                feed(h, "b/eeg", i, 0.5);
            }
            h.processWatermark(new Watermark(20_000));
            assertEquals(
                    perStream,
                    h.numKeyedStateEntries(),
                    "a/eeg, idle since 8 s, was freed at 18 s");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertEquals(0, h.numKeyedStateEntries(), "the end of the input frees every stream");
        }
    }

    @Test
    void shouldFreeOnTheWallClockWhenTheTimeoutIsOnIt() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h =
                harness(new AlertFunction(RULES).withIdleTimeout(Duration.ofSeconds(10), false))) {
            h.open();
            h.setProcessingTime(1_000);
            feed(h, "a/eeg", 0, 0.5);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertTrue(h.numKeyedStateEntries() > 0, "device time does not count");
            h.setProcessingTime(9_000);
            assertTrue(h.numKeyedStateEntries() > 0, "not idle yet");
            h.setProcessingTime(12_250);
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void shouldKeepTheStateOfAJobThatSeesStreamsComeAndGoBounded() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h =
                harness(new AlertFunction(RULES).withIdleTimeout(Duration.ofSeconds(10), true))) {
            h.open();
            long most = 0;
            // 200 streams, each sending 5 s of records and then stopping, one starting per second
            for (int second = 0; second < 205; second++) {
                for (int s = Math.max(0, second - 4); s <= Math.min(second, 199); s++) {
                    feed(h, "s" + s + "/eeg", second, s % 2 == 0 ? 0.5 : 0.01);
                }
                h.processWatermark(new Watermark(second * 1000L));
                most = Math.max(most, h.numKeyedStateEntries());
            }
            final long perStream = perStream();
            assertTrue(
                    most <= 16 * perStream,
                    "at most the streams of the last 15 s hold state: " + most);
        }
    }

    @Test
    void shouldStartARunAfreshWhenItsStreamSendsAgainAfterItWasFreed() throws Exception {
        // a breaking record ending at 1 s, a pause the watermark passes, a breaking record at 6 s:
        // one run lasting 5 s fires at once, unless the pause freed it and a new run begins
        assertEquals(1, alertsAfterAPause(Duration.ZERO));
        assertEquals(1, alertsAfterAPause(Duration.ofSeconds(10)), "a pause shorter than it");
        assertEquals(0, alertsAfterAPause(Duration.ofSeconds(2)), "the run began anew at 5 s");
    }

    private static int alertsAfterAPause(final Duration timeout) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h =
                harness(new AlertFunction(RULES).withIdleTimeout(timeout, true))) {
            h.open();
            feed(h, "a/eeg", 0, 0.5);
            h.processWatermark(new Watermark(5_000));
            feed(h, "a/eeg", 5, 0.5);
            int alerts = 0;
            for (final Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r && r.getValue() instanceof AlertRecord) {
                    alerts++;
                }
            }
            return alerts;
        }
    }

    /** The keyed state entries of one stream that sent records of both rules. */
    private static long perStream() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h =
                harness(new AlertFunction(RULES).withIdleTimeout(Duration.ofSeconds(10), true))) {
            h.open();
            feed(h, "x/eeg", 0, 0.5);
            feed(h, "x/eeg", 1, 0.01);
            return h.numKeyedStateEntries();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord>
            harness(final AlertFunction function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), o -> o.streamId, Types.STRING);
    }

    /** A one-second band-power record of {@code stream} ending at {@code second} + 1 s. */
    private static void feed(
            final KeyedOneInputStreamOperatorTestHarness<String, AlertObservation, AlertRecord> h,
            final String stream,
            final int second,
            final double gamma)
            throws Exception {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = "bandpower";
        r.streamId = stream;
        r.startNs = second * SECOND_NS;
        r.endNs = r.startNs + SECOND_NS;
        r.channels = 1;
        r.bands = new String[] {"gamma"};
        r.bandPower = new double[] {1};
        r.relativePower = new double[] {gamma};
        h.processElement(AlertObservation.of(RULES, r), r.endNs / 1_000_000L);
    }
}

package org.neurostream.monitoring.alerts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.PredictionRecord;

/** The rules on synthetic streams that cross their thresholds, record by record. */
class AlertEvaluatorTest {
    private static final long HOP_NS = 250_000_000L;
    private static final long WINDOW_NS = 2_000_000_000L;
    private static final String[] BANDS = {"alpha", "gamma"};

    private static final AlertRules RULES =
            AlertRules.parse(
                    """
                    rules:
                      - {name: gamma-high, kind: feature, severity: warning, field: relative_power,
                         band: gamma, op: above, threshold: 0.3, for_seconds: 1}
                      - {name: gamma-any, kind: feature, severity: info, field: relative_power,
                         band: gamma, channel: any, op: above, threshold: 0.3}
                      - {name: alpha-low-1, kind: feature, severity: info, field: band_power,
                         band: alpha, channel: 1, op: below, threshold: 5}
                      - {name: branching, kind: statistic, severity: critical,
                         field: branching_ratio, min: 0.9, max: 1.1}
                      - {name: slow, kind: latency, severity: warning, threshold_ms: 100,
                         percentile: 90, window_seconds: 1, min_count: 10}
                      - {name: garbage, kind: dead_letters, severity: critical,
                         threshold_per_second: 2, window_seconds: 2}
                    """,
                    "test.yaml");

    private final Map<String, Map<String, RuleState>> states = new HashMap<>();
    private final AlertEvaluator evaluator = new AlertEvaluator(RULES);
    private final List<AlertRecord> alerts = new ArrayList<>();

    @Test
    void shouldFireOnceWhenTheMeanCrossesForLongerThanItsDurationWithThatWindow() throws Exception {
        // records end every 0.25 s from 2 s; mean relative gamma 0.5 for records 8..20 (ends
        // 4.0..7.0 s), 0.1 else: the run lasts 1 s at record 12 (end 5.0 s)
        for (int i = 0; i < 40; i++) {
            final double g = i >= 8 && i <= 20 ? 0.5 : 0.1;
            feed(bandPower(i, new double[] {g - 0.05, g + 0.05}, new double[] {10, 10}));
        }
        final List<AlertRecord> gamma = of("gamma-high");
        assertEquals(2, gamma.size(), gamma.toString());
        final AlertRecord firing = gamma.get(0);
        assertEquals(AlertRecord.FIRING, firing.status);
        assertEquals("S1/eeg", firing.streamId);
        assertEquals("device", firing.timeBase);
        assertEquals(
                2_000_000_000L, firing.windowStartNs, "the start of the first record's window");
        assertEquals(5_000_000_000L, firing.windowEndNs);
        assertEquals(5_000_000_000L, firing.raisedAtNs);
        assertEquals(0.5, firing.value, 1e-12);
        assertEquals(0.3, firing.threshold);
        assertEquals(5, firing.evidenceCount);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, firing.evidence, 1e-12);
        assertEquals("gamma-high|S1/eeg|2000000000|firing", firing.id);
        assertTrue(
                firing.reason.equals(
                        "gamma relative_power (mean over channels) above 0.3 for 1.000 s: 0.5 at"
                                + " 5.000 s (5 records from 2.000 s, 0.5 to 0.5)"),
                firing.reason);
        final AlertRecord resolved = gamma.get(1);
        assertEquals(AlertRecord.RESOLVED, resolved.status);
        assertEquals(2_000_000_000L, resolved.windowStartNs);
        assertEquals(7_000_000_000L, resolved.windowEndNs, "the last record that broke it");
        assertEquals(7_250_000_000L, resolved.raisedAtNs);
        assertEquals(13, resolved.evidenceCount);
        assertEquals(0.1, resolved.value, 1e-12);
    }

    @Test
    void shouldNotFireOnAnExcursionShorterThanTheDuration() throws Exception {
        // 4 records above: ends 4.0 .. 4.75 s, 0.75 s < 1 s
        for (int i = 0; i < 30; i++) {
            final double g = i >= 8 && i < 12 ? 0.5 : 0.1;
            feed(bandPower(i, new double[] {g, g}, new double[] {10, 10}));
        }
        assertEquals(List.of(), of("gamma-high"));
        // the same excursion on one channel fires the any-channel rule at once, for 0 s
        assertEquals(2, of("gamma-any").size());
        assertEquals(4_000_000_000L, of("gamma-any").get(0).raisedAtNs);
    }

    @Test
    void shouldWatchOneChannelBelowItsThreshold() throws Exception {
        for (int i = 0; i < 10; i++) {
            feed(bandPower(i, new double[] {0.1, 0.1}, new double[] {10, i == 6 ? 4 : 10}));
        }
        final List<AlertRecord> alpha = of("alpha-low-1");
        assertEquals(2, alpha.size());
        assertEquals(4.0, alpha.get(0).value);
        assertEquals(6 * HOP_NS, alpha.get(0).windowStartNs);
        assertEquals(6 * HOP_NS + WINDOW_NS, alpha.get(0).windowEndNs);
        assertEquals(AlertRecord.RESOLVED, alpha.get(1).status);
    }

    @Test
    void shouldLeaveARunOpenThroughRecordsWithoutTheValue() throws Exception {
        // a statistics record without the estimate (null) neither opens nor closes anything
        feed(stats(0, 1.3));
        assertNull(AlertObservation.of(RULES, stats(1, null)));
        feed(stats(2, 1.25));
        feed(stats(3, 0.7));
        feed(stats(4, 1.0));
        final List<AlertRecord> b = of("branching");
        assertEquals(2, b.size(), b.toString());
        assertEquals(AlertRecord.FIRING, b.get(0).status);
        assertEquals(1.3, b.get(0).value);
        assertEquals(1.1, b.get(0).threshold);
        assertEquals(0L, b.get(0).windowStartNs);
        assertEquals(10_000_000_000L, b.get(0).windowEndNs);
        assertTrue(
                b.get(0).reason.startsWith("branching_ratio 1.3 outside [0.9, 1.1]"),
                b.get(0).reason);
        // 1.25 is still outside, and 0.7 too (below now): one alert for the whole run
        assertEquals(AlertRecord.RESOLVED, b.get(1).status);
        assertEquals(1.0, b.get(1).value);
        assertEquals(40_000_000_000L, b.get(1).windowEndNs);
        assertEquals(3, b.get(1).evidenceCount);
        assertEquals(0.7, b.get(1).evidenceMin);
    }

    @Test
    void shouldFireWhenAStatisticFallsBelowItsLowerBound() throws Exception {
        feed(stats(0, 1.0));
        feed(stats(1, 0.8));
        final List<AlertRecord> b = of("branching");
        assertEquals(1, b.size());
        assertEquals(0.9, b.get(0).threshold, "the bound it broke");
        assertEquals(10_000_000_000L, b.get(0).windowStartNs);
    }

    @Test
    void shouldFireOnADeadLetterRateAboveItsThresholdAndResolveWhenItGoesQuiet() throws Exception {
        final long t0 = 1_000_000_000_000L;
        // 4 dead letters in 2 s: 2/s, not above 2/s
        for (int i = 0; i < 4; i++) {
            feed(AlertObservation.ofDeadLetter(RULES, dead("S1/eeg"), t0 + i * 400_000_000L));
        }
        assertEquals(List.of(), of("garbage"));
        // a fifth within 2 s of the first: 2.5/s
        final long next =
                feed(AlertObservation.ofDeadLetter(RULES, dead(null), t0 + 1_700_000_000L));
        final List<AlertRecord> g = of("garbage");
        assertEquals(1, g.size());
        assertEquals(AlertRecord.FIRING, g.get(0).status);
        assertEquals("*", g.get(0).streamId);
        assertEquals("wall", g.get(0).timeBase);
        assertEquals(2.5, g.get(0).value, 1e-12);
        assertEquals(t0 + 1_700_000_000L - 2_000_000_000L, g.get(0).windowStartNs);
        assertTrue(g.get(0).reason.endsWith("(5); newest: no key: truncated"), g.get(0).reason);
        // the first leaves the window at t0 + 2 s: 4 in the window, 2/s, resolved
        assertEquals(t0 + 2_000_000_000L, next);
        final long after = evaluator.tick("*", next, store("*"), alerts::add);
        assertEquals(2, of("garbage").size());
        assertEquals(AlertRecord.RESOLVED, of("garbage").get(1).status);
        assertEquals(2.0, of("garbage").get(1).value, 1e-12);
        assertEquals(t0 + 2_400_000_000L, after, "the second leaves next");
    }

    @Test
    void shouldFireOnALatencyPercentileAboveItsThreshold() throws Exception {
        final long t0 = 1_000_000_000_000L;
        // 10 predictions within 1 s, the first slow: alone it is no percentile (min_count 10),
        // and of 10, p90 = 9th smallest = fast
        for (int i = 0; i < 10; i++) {
            final long now = t0 + i * 50_000_000L;
            feed(AlertObservation.ofPrediction(RULES, prediction(now, i == 0 ? 500 : 20), now));
        }
        assertEquals(List.of(), of("slow"));
        // two slow ones of 11: p90 = 10th smallest = slow
        final long now = t0 + 600_000_000L;
        feed(AlertObservation.ofPrediction(RULES, prediction(now, 300), now));
        final List<AlertRecord> s = of("slow");
        assertEquals(1, s.size());
        assertEquals(300.0, s.get(0).value, 1e-9);
        assertEquals(11, s.get(0).evidenceCount);
        assertEquals(500.0, s.get(0).evidenceMax, 1e-9);
        // a quiet window resolves it
        evaluator.tick("S1/eeg", t0 + 5_000_000_000L, store("S1/eeg"), alerts::add);
        assertEquals(AlertRecord.RESOLVED, of("slow").get(1).status);
    }

    @Test
    void shouldStartAfreshARuleWhoseKindChangedSinceTheCheckpoint() throws Exception {
        // "slow" was a feature rule when the state was saved: a run, no wall-clock window
        final RuleState old = new RuleState();
        old.recent = new double[AlertRecord.EVIDENCE_VALUES];
        old.inRun = true;
        store("S1/eeg").put("slow", old);
        final long t0 = 1_000_000_000_000L;
        for (int i = 0; i < 10; i++) {
            final long now = t0 + i * 10_000_000L;
            feed(AlertObservation.ofPrediction(RULES, prediction(now, 400), now));
        }
        assertEquals(1, of("slow").size());
        assertEquals(10, of("slow").get(0).evidenceCount);
    }

    @Test
    void shouldKeepStreamsApart() throws Exception {
        for (int i = 0; i < 10; i++) {
            final BandPowerRecord a = bandPower(i, new double[] {0.5, 0.5}, new double[] {10, 10});
            final BandPowerRecord b = bandPower(i, new double[] {0.1, 0.1}, new double[] {10, 10});
            b.streamId = "S2/eeg";
            feed(a);
            feed(b);
        }
        assertEquals(1, of("gamma-high").size());
        assertEquals("S1/eeg", of("gamma-high").get(0).streamId);
    }

    private List<AlertRecord> of(final String rule) {
        return alerts.stream().filter(a -> a.rule.equals(rule)).toList();
    }

    private void feed(final BandPowerRecord r) throws Exception {
        feed(AlertObservation.of(RULES, r));
    }

    private void feed(final AvalancheRecord r) throws Exception {
        feed(AlertObservation.of(RULES, r));
    }

    private long feed(final AlertObservation o) throws Exception {
        assertNotNull(o);
        return evaluator.observe(o, store(o.streamId), alerts::add);
    }

    private AlertEvaluator.StateStore store(final String stream) {
        final Map<String, RuleState> map = states.computeIfAbsent(stream, k -> new HashMap<>());
        return new AlertEvaluator.StateStore() {
            @Override
            public RuleState get(final String rule) {
                return map.get(rule);
            }

            @Override
            public void put(final String rule, final RuleState state) {
                map.put(rule, state);
            }
        };
    }

    /** Record i of a two-channel stream: window [i hop, i hop + 2 s). */
    private static BandPowerRecord bandPower(
            final int i, final double[] gamma, final double[] alpha) {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = "bandpower";
        r.streamId = "S1/eeg";
        r.startNs = i * HOP_NS;
        r.endNs = r.startNs + WINDOW_NS;
        r.channels = 2;
        r.bands = BANDS;
        r.bandPower = new double[] {alpha[0], 1, alpha[1], 1};
        r.relativePower = new double[] {0.2, gamma[0], 0.2, gamma[1]};
        return r;
    }

    private static AvalancheRecord stats(final int i, final Double branching) {
        final AvalancheRecord r = new AvalancheRecord();
        r.kind = "avalanche_stats";
        r.streamId = "S1/eeg";
        r.startNs = i * 10_000_000_000L;
        r.endNs = r.startNs + 10_000_000_000L;
        r.branchingRatio = branching;
        return r;
    }

    private static DeadLetterRecord dead(final String key) {
        return new DeadLetterRecord("neuro.raw.eeg/0@1", key, "truncated", new byte[3]);
    }

    private static PredictionRecord prediction(final long nowNs, final double latencyMs) {
        final PredictionRecord p = new PredictionRecord();
        p.streamId = "S1/eeg";
        p.ingestNs = nowNs - (long) (latencyMs * 1e6);
        return p;
    }
}

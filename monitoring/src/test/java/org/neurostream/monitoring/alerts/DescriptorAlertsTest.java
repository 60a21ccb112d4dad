package org.neurostream.monitoring.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.HjorthRecord;

/**
 * Feature rules on the resting-state descriptors: a field named {@code <kind>_<value>}, per
 * channel, a channel pair of a connectivity band, the mean over those with a value, or any.
 */
class DescriptorAlertsTest {
    private static final long SECOND = 1_000_000_000L;

    private static final AlertRules RULES =
            AlertRules.parse(
                    """
                    rules:
                      - {name: flat-exponent, kind: feature, severity: warning,
                         field: aperiodic_exponent, op: below, threshold: 1.0, for_seconds: 2}
                      - {name: slow-alpha, kind: feature, severity: info, field: alpha_peak_hz,
                         channel: 1, op: below, threshold: 8.5}
                      - {name: frontal-sync, kind: feature, severity: warning,
                         field: connectivity_wpli, band: alpha, pair: [2, 0], op: above,
                         threshold: 0.6}
                      - {name: any-sync, kind: feature, severity: info, field: connectivity_plv,
                         band: beta, channel: any, op: above, threshold: 0.9}
                    """,
                    "descriptors.yaml");

    private final Map<String, RuleState> states = new HashMap<>();
    private final AlertEvaluator evaluator = new AlertEvaluator(RULES);
    private final List<AlertRecord> alerts = new ArrayList<>();

    @Test
    void shouldReadADescriptorFieldAsItsRecordKindAndValue() {
        final List<AlertRule> rules = RULES.rules();
        assertEquals("aperiodic", rules.get(0).record());
        assertEquals("exponent", rules.get(0).valueName());
        assertNull(rules.get(0).band());
        assertEquals(AlertRule.MEAN, rules.get(0).channel());
        assertTrue(rules.get(0).descriptor());
        assertEquals("peak_hz", rules.get(1).valueName());
        final AlertRule pair = rules.get(2);
        assertEquals("connectivity", pair.record());
        assertEquals("alpha", pair.band());
        assertEquals(List.of(0, 2), List.of(pair.channel(), pair.pairChannel()));
        assertEquals(AlertRule.ANY, rules.get(3).channel());
        assertTrue(RULES.hasDescriptorRules());
        assertTrue(AlertRules.DESCRIPTOR_FIELDS.contains("hjorth_complexity"));
        assertTrue(AlertRules.DESCRIPTOR_FIELDS.contains("alpha_instantaneous_hz"));
    }

    @Test
    void shouldReadTheExampleDescriptorRulesForTheJobsDefaultBands() throws Exception {
        final AlertRules example =
                AlertRules.parse(
                        java.nio.file.Path.of(System.getProperty("neurostream.home", "."))
                                .resolve("replay-data/alerts/descriptors.yaml"));
        assertEquals(
                List.of(
                        "aperiodic_exponent",
                        "alpha_peak_hz",
                        "connectivity_wpli",
                        "connectivity_plv",
                        "pac_mi"),
                example.rules().stream().map(r -> r.record() + "_" + r.valueName()).toList());
        assertTrue(example.rules().stream().allMatch(AlertRule::descriptor));
        assertEquals(
                List.of(60, 62),
                List.of(example.rules().get(2).channel(), example.rules().get(2).pairChannel()));
        example.requireDescriptors(
                List.of("delta", "theta", "alpha", "beta", "gamma"), "neurostream.descriptors");
    }

    @Test
    void shouldNameRuleAndFieldOfEveryMisfitDescriptorRule() {
        assertError(
                "r.yaml: rule \"x\": field \"band\": aperiodic_exponent has no band to choose",
                "{name: x, kind: feature, severity: info, field: aperiodic_exponent, band: alpha,"
                        + " op: below, threshold: 1}");
        assertError(
                "r.yaml: rule \"x\": field \"channel\": connectivity is per channel pair: give"
                        + " pair: [a, b], or channel: mean or any, got 3",
                "{name: x, kind: feature, severity: info, field: connectivity_pli, band: alpha,"
                        + " channel: 3, op: above, threshold: 1}");
        assertError(
                "r.yaml: rule \"x\": field \"pair\": only connectivity fields are per channel pair",
                "{name: x, kind: feature, severity: info, field: hjorth_mobility, pair: [0, 1],"
                        + " op: above, threshold: 1}");
        assertError(
                "r.yaml: rule \"x\": field \"pair\": must be two different channel indices [a, b],"
                        + " got [1,1]",
                "{name: x, kind: feature, severity: info, field: connectivity_pli, band: alpha,"
                        + " pair: [1, 1], op: above, threshold: 1}");
        assertError(
                "r.yaml: rule \"x\": field \"record\": must be one of hjorth, got \"bandpower\"",
                "{name: x, kind: feature, severity: info, record: bandpower,"
                        + " field: hjorth_mobility, op: above, threshold: 1}");
        assertTrue(
                assertThrows(
                                AlertRulesException.class,
                                () ->
                                        parse(
                                                "{name: x, kind: feature, severity: info,"
                                                        + " field: aperiodic_slope, op: above,"
                                                        + " threshold: 1}"))
                        .getMessage()
                        .contains("field \"field\": must be one of band_power,"));
    }

    @Test
    void shouldRequireTheJobToComputeTheDescriptorsAndBandsARuleWatches() {
        RULES.requireDescriptors(List.of("alpha", "beta"), "off");
        RULES.requireBands(List.of("gamma"));
        assertEquals(
                "descriptors.yaml: rule \"flat-exponent\": field \"field\": aperiodic_exponent is"
                        + " a descriptor, and the job computes none (neurostream.descriptors=false)",
                assertThrows(
                                AlertRulesException.class,
                                () ->
                                        RULES.requireDescriptors(
                                                null, "neurostream.descriptors=false"))
                        .getMessage());
        assertEquals(
                "descriptors.yaml: rule \"frontal-sync\": field \"band\": the job computes no"
                        + " connectivity band \"alpha\" (bands: theta, beta)",
                assertThrows(
                                AlertRulesException.class,
                                () -> RULES.requireDescriptors(List.of("theta", "beta"), "off"))
                        .getMessage());
    }

    @Test
    void shouldFireOnTheMeanExponentOfTheChannelsWithAValueForLongerThanItsDuration()
            throws Exception {
        // exponent 0.8 on channel 0 from 5 s to 8 s; channel 1 has none (null), channel 2 follows
        for (int i = 0; i < 15; i++) {
            final double e = i >= 5 && i <= 8 ? 0.8 : 1.5;
            feed(aperiodic(i, e, null, e));
        }
        final List<AlertRecord> exponent = of("flat-exponent");
        assertEquals(2, exponent.size(), exponent.toString());
        assertEquals(AlertRecord.FIRING, exponent.get(0).status);
        assertEquals(0.8, exponent.get(0).value, 1e-12);
        assertEquals(17 * SECOND, exponent.get(0).windowEndNs, "2 s after the first window");
        assertEquals(
                "aperiodic_exponent (mean over channels) below 1 for 2.000 s: 0.8 at 17.000 s"
                        + " (3 records from 5.000 s, 0.8 to 0.8)",
                exponent.get(0).reason);
        assertEquals(AlertRecord.RESOLVED, exponent.get(1).status);
        assertEquals(1.5, exponent.get(1).value, 1e-12);
    }

    @Test
    void shouldWatchOneChannelPairOfTheRulesBandAndAnyPairOfAnother() throws Exception {
        // pairs of 3 channels: (0, 1), (0, 2), (1, 2); bands alpha, beta
        feed(connectivity(0, new Double[] {0.1, 0.2, 0.3, 0.5, 0.5, 0.5}, 0.3));
        assertEquals(List.of(), of("frontal-sync"), "wPLI of alpha's pair (0, 2) is 0.3");
        feed(connectivity(1, new Double[] {0.9, 0.2, 0.9, 0.5, 0.95, null}, 0.65));
        feed(connectivity(2, new Double[] {0.1, 0.2, 0.3, 0.5, 0.5, 0.5}, 0.5));
        final List<AlertRecord> sync = of("frontal-sync");
        assertEquals(2, sync.size(), sync.toString());
        assertEquals(0.65, sync.get(0).value, 1e-12);
        assertTrue(
                sync.get(0).reason.startsWith("alpha connectivity_wpli (channels 0-2) above 0.6"),
                sync.get(0).reason);
        assertEquals(AlertRecord.RESOLVED, sync.get(1).status);
        // beta's largest plv, 0.95 in record 1 (the null pair aside), fires the any rule, and
        // 0.5 resolves it; alpha's 0.9 is another band's
        final List<AlertRecord> any = of("any-sync");
        assertEquals(2, any.size(), any.toString());
        assertEquals(0.95, any.get(0).value, 1e-12);
        assertTrue(any.get(0).reason.startsWith("beta connectivity_plv (any pair)"));
    }

    @Test
    void shouldObserveNothingInARecordNoRuleWatchesOrWithoutTheValue() {
        final HjorthRecord h = new HjorthRecord();
        h.streamId = "S1/eeg";
        h.channels = 1;
        assertNull(AlertObservation.of(RULES, h));
        final AlphaRecord a = new AlphaRecord();
        a.streamId = "S1/eeg";
        a.channels = 2;
        a.peakHz = new Double[] {10.0, null};
        assertNull(AlertObservation.of(RULES, a), "channel 1 has no peak");
        a.peakHz[1] = 8.0;
        assertEquals(8.0, AlertObservation.of(RULES, a).values[1]);
    }

    private void feed(final DescriptorRecord r) throws Exception {
        final AlertObservation o = AlertObservation.of(RULES, r);
        if (o != null) {
            evaluator.observe(
                    o,
                    new AlertEvaluator.StateStore() {
                        @Override
                        public RuleState get(final String rule) {
                            return states.get(rule);
                        }

                        @Override
                        public void put(final String rule, final RuleState state) {
                            states.put(rule, state);
                        }
                    },
                    alerts::add);
        }
    }

    private List<AlertRecord> of(final String rule) {
        return alerts.stream().filter(a -> a.rule.equals(rule)).toList();
    }

    /** Window i of a 3-channel stream: [i s, i s + 10 s). */
    private static AperiodicRecord aperiodic(final int i, final Double... exponent) {
        final AperiodicRecord r = new AperiodicRecord();
        window(r, i);
        r.exponent = exponent;
        return r;
    }

    /** Window i of a 3-channel stream, alpha and beta, wPLI of alpha's pair (0, 2) given. */
    private static ConnectivityRecord connectivity(
            final int i, final Double[] plv, final double wpli02) {
        final ConnectivityRecord r = new ConnectivityRecord();
        window(r, i);
        r.bands = new String[] {"alpha", "beta"};
        r.plv = plv;
        r.wpli = new Double[] {0.0, wpli02, 0.0, 0.0, 0.0, 0.0};
        return r;
    }

    private static void window(final DescriptorRecord r, final int i) {
        r.streamId = "S1/eeg";
        r.channels = 3;
        r.startNs = i * SECOND;
        r.endNs = r.startNs + 10 * SECOND;
    }

    private static AlertRules parse(final String rule) {
        return AlertRules.parse("rules:\n  - " + rule + "\n", "r.yaml");
    }

    private static void assertError(final String message, final String rule) {
        assertEquals(
                message, assertThrows(AlertRulesException.class, () -> parse(rule)).getMessage());
    }
}

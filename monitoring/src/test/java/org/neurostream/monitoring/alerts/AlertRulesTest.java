package org.neurostream.monitoring.alerts;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {
    private static final String YAML =
            """
            rules:
              - name: gamma-high
                kind: feature
                severity: warning
                field: relative_power
                band: gamma
                channel: any
                op: above
                threshold: 0.3
                for_seconds: 1.5
              - name: alpha-low-c3
                kind: feature
                severity: info
                field: band_power
                band: alpha
                channel: 8
                op: below
                threshold: 2
              - name: critical-branching
                kind: statistic
                severity: critical
                field: branching_ratio
                min: 0.9
                max: 1.1
              - name: slow
                kind: latency
                severity: warning
                threshold_ms: 250
                window_seconds: 5
              - name: garbage
                kind: dead_letters
                severity: critical
                threshold_per_second: 0.5
            """;

    private static final String JSON =
            """
            {"rules": [
              {"name": "gamma-high", "kind": "feature", "severity": "warning",
               "field": "relative_power", "band": "gamma", "channel": "any", "op": "above",
               "threshold": 0.3, "for_seconds": 1.5},
              {"name": "alpha-low-c3", "kind": "feature", "severity": "info", "field": "band_power",
               "band": "alpha", "channel": 8, "op": "below", "threshold": 2},
              {"name": "critical-branching", "kind": "statistic", "severity": "critical",
               "field": "branching_ratio", "min": 0.9, "max": 1.1},
              {"name": "slow", "kind": "latency", "severity": "warning", "threshold_ms": 250,
               "window_seconds": 5},
              {"name": "garbage", "kind": "dead_letters", "severity": "critical",
               "threshold_per_second": 0.5}
            ]}
            """;

    @Test
    void shouldReadYamlAndJsonToTheSameRules() {
        final AlertRules yaml = AlertRules.parse(YAML, "rules.yaml");
        final AlertRules json = AlertRules.parse(JSON, "rules.json");
        assertEquals(yaml.rules(), json.rules());
        assertEquals(5, yaml.size());
        // JSON recognised by its content too, whatever the name says
        assertEquals(yaml.rules(), AlertRules.parse(JSON, "rules").rules());
    }

    @Test
    void shouldReadEveryFieldOfEachRuleKind() {
        final List<AlertRule> rules = AlertRules.parse(YAML, "rules.yaml").rules();
        final AlertRule gamma = rules.get(0);
        assertEquals(AlertRule.Kind.FEATURE, gamma.kind());
        assertEquals("bandpower", gamma.record());
        assertEquals("relative_power", gamma.field());
        assertEquals("gamma", gamma.band());
        assertEquals(AlertRule.ANY, gamma.channel());
        assertTrue(gamma.above());
        assertEquals(0.3, gamma.threshold());
        assertEquals(1_500_000_000L, gamma.forNs());
        final AlertRule alpha = rules.get(1);
        assertEquals(8, alpha.channel());
        assertFalse(alpha.above());
        assertEquals(0L, alpha.forNs());
        final AlertRule branching = rules.get(2);
        assertEquals(0.9, branching.min());
        assertEquals(1.1, branching.max());
        assertEquals("critical", branching.severity());
        final AlertRule slow = rules.get(3);
        assertEquals(250.0, slow.threshold());
        assertEquals(99.0, slow.percentile(), "p99 unless told");
        assertEquals(5_000_000_000L, slow.windowNs());
        assertEquals(20, slow.minCount(), "20 predictions unless told");
        final AlertRule garbage = rules.get(4);
        assertEquals(0.5, garbage.threshold());
        assertEquals(10_000_000_000L, garbage.windowNs(), "10 s unless told");
    }

    @Test
    void shouldNameRuleAndFieldOfANonNumericThreshold() {
        assertError(
                "rules.yaml: rule \"gamma-high\": field \"threshold\": must be a number, got \"abc\"",
                YAML.replace("threshold: 0.3", "threshold: abc"));
    }

    @Test
    void shouldRejectAnUnknownFieldSoThatATypoDoesNotDisableARule() {
        final AlertRulesException e =
                assertThrows(
                        AlertRulesException.class,
                        () ->
                                AlertRules.parse(
                                        YAML.replace("for_seconds: 1.5", "for_secnds: 1.5"),
                                        "rules.yaml"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "rules.yaml: rule \"gamma-high\": field \"for_secnds\": unknown"
                                        + " field for a feature rule"),
                e.getMessage());
    }

    @Test
    void shouldNameARuleWithoutANameByItsPosition() {
        assertError(
                "rules.yaml: rule #3: field \"name\": required",
                YAML.replace("- name: critical-branching\n", "- kind: statistic\n")
                        .replaceFirst("    kind: statistic\n", ""));
    }

    @Test
    void shouldRejectAMissingThreshold() {
        assertError(
                "rules.json: rule \"slow\": field \"threshold_ms\": required",
                JSON.replace("\"threshold_ms\": 250,", ""));
    }

    @Test
    void shouldRejectAnUnknownKindAndSeverity() {
        assertError(
                "rules.yaml: rule \"slow\": field \"kind\": must be feature, statistic, latency or"
                        + " dead_letters, got \"latncy\"",
                YAML.replace("kind: latency", "kind: latncy"));
        assertError(
                "rules.yaml: rule \"garbage\": field \"severity\": must be one of info, warning,"
                        + " critical, got \"fatal\"",
                YAML.replace(
                        "severity: critical\n    threshold_per",
                        "severity: fatal\n    threshold_per"));
    }

    @Test
    void shouldRejectBoundsTheWrongWayRoundAndAStatisticWithoutBounds() {
        assertError(
                "rules.yaml: rule \"critical-branching\": field \"max\": must not be below min"
                        + " (0.9), got 0.5",
                YAML.replace("max: 1.1", "max: 0.5"));
        assertError(
                "rules.yaml: rule \"critical-branching\": field \"min\": a statistic rule needs"
                        + " min, max or both",
                YAML.replace("    min: 0.9\n    max: 1.1\n", ""));
        assertError(
                "rules.yaml: rule \"critical-branching\": field \"field\": must be one of "
                        + String.join(", ", AlertRules.STATISTIC_FIELDS)
                        + ", got \"alpha\"",
                YAML.replace("field: branching_ratio", "field: alpha"));
    }

    @Test
    void shouldRejectANegativeDurationAndABadChannel() {
        assertError(
                "rules.yaml: rule \"gamma-high\": field \"for_seconds\": must not be negative, got"
                        + " -1.0",
                YAML.replace("for_seconds: 1.5", "for_seconds: -1"));
        assertError(
                "rules.yaml: rule \"alpha-low-c3\": field \"channel\": must be a channel index (0,"
                        + " 1, ...), mean or any, got \"C3\"",
                YAML.replace("channel: 8", "channel: C3"));
    }

    @Test
    void shouldRejectAFractionalMinimumCount() {
        assertError(
                "rules.yaml: rule \"slow\": field \"min_count\": must be a whole number from 1 to"
                        + " 8192, got 0.5",
                YAML.replace("window_seconds: 5", "window_seconds: 5\n    min_count: 0.5"));
    }

    @Test
    void shouldRejectTwoRulesOfTheSameName() {
        assertError(
                "rules.yaml: rule \"garbage\": field \"name\": same name as rule #4",
                YAML.replace("name: slow", "name: garbage"));
    }

    @Test
    void shouldRejectTheWholeFileWhenItsLastRuleIsBad() {
        // four good rules and one bad one: nothing is returned, not four rules
        assertThrows(
                AlertRulesException.class,
                () ->
                        AlertRules.parse(
                                YAML.replace(
                                        "threshold_per_second: 0.5", "threshold_per_second: x"),
                                "rules.yaml"));
    }

    @Test
    void shouldRejectSyntaxErrorsAndAFileWithoutRules() {
        final AlertRulesException e =
                assertThrows(
                        AlertRulesException.class,
                        () -> AlertRules.parse("{\"rules\": [", "rules.json"));
        assertTrue(e.getMessage().startsWith("rules.json: not valid JSON: "), e.getMessage());
        assertError("r.yaml: \"rules\" must be a non-empty list", "rules: []\n", "r.yaml");
        assertError("r.yaml: expected a top-level \"rules\" list", "- name: x\n", "r.yaml");
        assertError(
                "r.yaml: unknown top-level field \"rule\" (allowed: rules)",
                "rules: [{name: x}]\nrule: 1\n",
                "r.yaml");
    }

    @Test
    void shouldRejectABandTheJobDoesNotCompute() {
        final AlertRules rules = AlertRules.parse(YAML, "rules.yaml");
        rules.requireBands(List.of("alpha", "gamma"));
        final AlertRulesException e =
                assertThrows(
                        AlertRulesException.class,
                        () -> rules.requireBands(List.of("delta", "gamma")));
        assertEquals(
                "rules.yaml: rule \"alpha-low-c3\": field \"band\": the job computes no band"
                        + " \"alpha\" (bands: delta, gamma)",
                e.getMessage());
    }

    @Test
    void shouldReadAFileAndNameItInErrors(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("mine.yml");
        Files.writeString(file, YAML);
        assertEquals(5, AlertRules.parse(file).size());
        Files.writeString(file, YAML.replace("op: below", "op: under"));
        final AlertRulesException e =
                assertThrows(AlertRulesException.class, () -> AlertRules.parse(file));
        assertEquals(
                "mine.yml: rule \"alpha-low-c3\": field \"op\": must be one of above, below, got"
                        + " \"under\"",
                e.getMessage());
    }

    private static void assertError(final String expected, final String content) {
        assertError(
                expected, content, content.strip().startsWith("{") ? "rules.json" : "rules.yaml");
    }

    private static void assertError(
            final String expected, final String content, final String source) {
        final AlertRulesException e =
                assertThrows(AlertRulesException.class, () -> AlertRules.parse(content, source));
        assertEquals(expected, e.getMessage());
    }
}

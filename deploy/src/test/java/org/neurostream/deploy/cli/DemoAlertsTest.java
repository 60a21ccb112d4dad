package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo checks its alert rules before it starts anything. */
class DemoAlertsTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @TempDir Path dir;

    @Test
    void shouldRefuseARulesFileWithAnErrorBeforeStartingAnything() throws Exception {
        final Path rules = dir.resolve("rules.yaml");
        Files.writeString(
                rules,
                Files.readString(HOME.resolve("replay-data/alerts/example.yaml"))
                        .replace("threshold_ms: 250", "threshold_ms: fast"));
        final CommandRun run =
                CommandRun.of(
                        "demo",
                        "--alerts",
                        rules.toString(),
                        "--replay-data",
                        HOME.resolve("replay-data").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(
                run.err()
                        .contains(
                                "rules.yaml: rule \"slow-decoder\": field \"threshold_ms\": must be"
                                        + " a number, got \"fast\""),
                run.err());
        assertFalse(run.out().contains("starting the embedded"), run.out());
    }

    @Test
    void shouldRefuseARuleOnABandTheJobDoesNotCompute() throws Exception {
        final Path rules = dir.resolve("rules.json");
        Files.writeString(
                rules,
                "{\"rules\": [{\"name\": \"hf\", \"kind\": \"feature\", \"severity\": \"info\","
                        + " \"field\": \"band_power\", \"band\": \"high_gamma\", \"op\": \"above\","
                        + " \"threshold\": 1}]}");
        final CommandRun run =
                CommandRun.of(
                        "demo",
                        "--alerts",
                        rules.toString(),
                        "--replay-data",
                        HOME.resolve("replay-data").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(
                run.err()
                        .contains(
                                "rules.json: rule \"hf\": field \"band\": the job computes no band"
                                        + " \"high_gamma\" (bands: delta, theta, alpha, beta,"
                                        + " gamma)"),
                run.err());
    }

    @Test
    void shouldAcceptTheShippedExampleRules() throws Exception {
        // the example parses: one rule of each kind
        final var rules =
                org.neurostream.monitoring.alerts.AlertRules.parse(
                        HOME.resolve("replay-data/alerts/example.yaml"));
        assertEquals(4, rules.size());
        for (final var kind : org.neurostream.monitoring.alerts.AlertRule.Kind.values()) {
            assertTrue(rules.has(kind), kind.toString());
        }
    }
}

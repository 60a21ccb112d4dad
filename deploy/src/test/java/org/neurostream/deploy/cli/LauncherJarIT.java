package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar the launcher runs, not the test class path: what a dependency's Maven scope leaves
 * out of it only shows here. It parses an alert rules file (the YAML parser is in the jar) and
 * refuses a bad one before anything starts, with the message naming rule and field.
 */
class LauncherJarIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path JAR = HOME.resolve("deploy/target/neurostream-cli.jar");

    @TempDir Path tmp;

    @Test
    void shouldRefuseABadRulesFileFromTheShadedJarBeforeStartingAnything() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the package phase builds " + JAR);
        final Path rules = tmp.resolve("rules.yaml");
        Files.writeString(
                rules,
                Files.readString(HOME.resolve("replay-data/alerts/example.yaml"))
                        .replace("threshold_ms: 250", "threshold_ms: fast"));
        final Path log = tmp.resolve("out.log");
        final ProcessBuilder command =
                new ProcessBuilder(
                                List.of(
                                        ProcessHandle.current().info().command().orElse("java"),
                                        "-jar",
                                        JAR.toString(),
                                        "demo",
                                        "--alerts",
                                        rules.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        // as the launcher does: the replay-data of this checkout
        command.environment().put("NEUROSTREAM_HOME", HOME.toString());
        final Process p = command.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar answered within 60 s");
        final String out = Files.readString(log);
        assertEquals(2, p.exitValue(), out);
        assertTrue(
                out.contains("rule \"slow-decoder\": field \"threshold_ms\""),
                "the message names rule and field: " + out);
        assertTrue(!out.contains("Kafka at"), "nothing started: " + out);
    }
}

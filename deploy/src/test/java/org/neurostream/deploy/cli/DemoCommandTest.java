package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's options that are refused before anything starts. */
class DemoCommandTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @TempDir Path dir;

    @Test
    void shouldRefuseADeliveryModeItDoesNotKnowBeforeStartingAnything() {
        final CommandRun run = CommandRun.of("demo", "--delivery", "twice");
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains("--delivery': at-least-once or exactly-once, not 'twice'"),
                run.err());
        assertFalse(run.out().contains("starting the embedded Kafka broker"), run.out());
    }

    @Test
    void shouldRefuseAMissingDashboardKeyStoreOrTokenFileBeforeStartingAnything() throws Exception {
        final Path password = Files.writeString(dir.resolve("password"), "secret\n");
        final Path store = dir.resolve("missing.p12");
        final CommandRun tls =
                CommandRun.of(
                        "demo",
                        "--replay-data",
                        HOME.resolve("replay-data").toString(),
                        "--dashboard-tls-keystore",
                        store.toString(),
                        "--dashboard-tls-password-file",
                        password.toString());
        assertEquals(2, tls.exitCode(), tls.out());
        assertTrue(
                tls.err().contains(store + ": the dashboard key store: no such file"), tls.err());
        assertFalse(tls.out().contains("starting the embedded Kafka broker"), tls.out());

        final Path token = dir.resolve("no-token");
        final CommandRun missing =
                CommandRun.of(
                        "demo",
                        "--replay-data",
                        HOME.resolve("replay-data").toString(),
                        "--dashboard-token-file",
                        token.toString());
        assertEquals(2, missing.exitCode(), missing.out());
        assertTrue(missing.err().contains(token.toString()), missing.err());
        assertFalse(missing.out().contains("starting the embedded Kafka broker"), missing.out());
        assertFalse(missing.err().contains("secret"));
    }

    @Test
    void shouldTellABadDurationOptionInOneLine() {
        final CommandRun run = CommandRun.of("demo", "--duration", "soon");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'soon' is not a duration"), run.err());
    }
}

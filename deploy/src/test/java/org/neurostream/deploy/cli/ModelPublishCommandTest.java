package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model publish} refuses what is no model before it reaches for Kafka (the hot swap itself:
 * {@code ModelHotSwapIT}).
 */
class ModelPublishCommandTest {
    @TempDir Path dir;

    @Test
    void shouldRefuseAFileThatIsNoModelWithOneLineAndExitCodeTwo() throws IOException {
        final Path model = dir.resolve("bad.json");
        Files.writeString(model, "{\"kind\": \"svm\", \"version\": 1}");
        // nothing listens on port 1: the file must be refused before any connection is tried
        final CommandRun run =
                CommandRun.of("model", "publish", model.toString(), "--bootstrap", "127.0.0.1:1");
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().startsWith("neurostream model publish: model file " + model + ": "),
                run.err());
        assertTrue(run.err().contains("unknown kind 'svm'"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldRefuseAMissingFileWithExitCodeTwo() {
        final Path model = dir.resolve("missing.json");
        final CommandRun run =
                CommandRun.of("model", "publish", model.toString(), "--bootstrap", "127.0.0.1:1");
        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream model publish: model file " + model + ": does not exist\n", run.err());
    }
}

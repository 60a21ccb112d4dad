package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code motifs make-demo}: the demo's session and kernel from the command line. */
class MotifsMakeDemoCommandTest {
    @TempDir Path out;

    @Test
    void shouldWriteTheSessionTheSweepsAndTheModelFiles() throws IOException {
        final CommandRun run =
                CommandRun.of(
                        "motifs",
                        "make-demo",
                        "--out",
                        out.toString(),
                        "--name",
                        "bars",
                        "--seconds",
                        "9",
                        "--seed",
                        "3");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("held-out true-positive rate"), run.out());
        for (final String file :
                new String[] {
                    "dvs/bars.raw",
                    "dvs/bars.sweeps.csv",
                    "models/bars.kernel.npy",
                    "models/bars.bias.npy",
                    "models/bars.json"
                }) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        final String json = Files.readString(out.resolve("models/bars.json"));
        assertTrue(json.contains("\"shift\" : 2") && json.contains("\"binUs\" : 5000"), json);
    }

    @Test
    void shouldRefuseATooShortSession() {
        final CommandRun run =
                CommandRun.of("motifs", "make-demo", "--out", out.toString(), "--seconds", "1");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--seconds"), run.err());
    }
}

package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster start}, {@code status} and {@code stop} on real JVMs: start returns with the
 * TaskManagers registered, status shows them, stop ends every JVM, a second stop says there is no
 * cluster.
 */
class ClusterCommandIT {
    private static final Path JAR =
            Path.of(System.getProperty("neurostream.home", "."))
                    .resolve("deploy/target/neurostream-cli.jar");

    @TempDir Path work;

    @Test
    void shouldStartShowAndStopASessionCluster() throws Exception {
        final String dir = work.resolve("cluster").toString();
        final String cp =
                Files.exists(JAR) ? JAR.toString() : System.getProperty("java.class.path");
        final CommandRun start =
                CommandRun.of(
                        "cluster",
                        "--dir",
                        dir,
                        "start",
                        "--taskmanagers",
                        "1",
                        "--slots",
                        "3",
                        "--classpath",
                        cp);
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.out().contains("taskmanagers=1 slots=3"), start.out());
            final CommandRun refused =
                    CommandRun.of("cluster", "--dir", dir, "start", "--classpath", cp);
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("already runs"), refused.err());

            final CommandRun status = CommandRun.of("cluster", "--dir", dir, "status");
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("taskmanagers=1 slots=3 free_slots=3"), status.out());
            assertEquals(
                    1, status.out().lines().filter(l -> l.startsWith("taskmanager: ")).count());
        } finally {
            final CommandRun stop = CommandRun.of("cluster", "--dir", dir, "stop");
            assertEquals(0, stop.exitCode(), stop.err());
        }
        assertTrue(Files.exists(work.resolve("cluster/log/jobmanager.log")));
        final CommandRun again = CommandRun.of("cluster", "--dir", dir, "stop");
        assertEquals(CliException.BAD_INPUT, again.exitCode());
        assertTrue(again.err().contains("no cluster in"), again.err());
    }
}

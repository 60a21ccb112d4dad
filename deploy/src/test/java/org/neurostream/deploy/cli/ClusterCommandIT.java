package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;

/**
 * {@code cluster start}, {@code status}, {@code submit} and {@code stop} on real JVMs: start
 * returns with the TaskManagers registered, status shows them, submit makes the topics and runs the
 * job on every slot, stop ends every JVM, a second stop says there is no cluster.
 */
class ClusterCommandIT {
    private static final Path JAR =
            Path.of(System.getProperty("neurostream.home", "."))
                    .resolve("deploy/target/neurostream-cli.jar");

    private static final Path MODEL =
            Path.of(System.getProperty("neurostream.home", "."))
                    .resolve("replay-data/models/rest-vs-imagery.json");

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

            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
                final CommandRun submit =
                        CommandRun.of(
                                "cluster",
                                "--dir",
                                dir,
                                "submit",
                                "--bootstrap",
                                broker.bootstrapServers(),
                                "--model",
                                MODEL.toString());
                assertEquals(0, submit.exitCode(), submit.err());
                // every slot by default; the topics made with as many partitions
                assertTrue(submit.out().contains("parallelism=3"), submit.out());
                try (Admin admin =
                        Admin.create(
                                Map.<String, Object>of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        broker.bootstrapServers()))) {
                    assertEquals(
                            3,
                            admin.describeTopics(List.of(Topics.RAW_EEG))
                                    .allTopicNames()
                                    .get()
                                    .get(Topics.RAW_EEG)
                                    .partitions()
                                    .size());
                }
                final String jobId =
                        submit.out().replaceAll("(?s).*job=([0-9a-f]+).*", "$1").trim();
                final long deadline = System.nanoTime() + 60_000_000_000L;
                String line = "";
                while (!line.contains("RUNNING") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    line =
                            CommandRun.of("cluster", "--dir", dir, "status")
                                    .out()
                                    .lines()
                                    .filter(l -> l.startsWith("job: " + jobId))
                                    .findFirst()
                                    .orElse("");
                }
                assertTrue(line.contains("RUNNING"), line);
            }
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

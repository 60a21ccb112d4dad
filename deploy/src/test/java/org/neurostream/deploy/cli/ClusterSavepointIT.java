package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.job.TopicReader;

/**
 * {@code cluster savepoint --stop} and {@code cluster submit --from-savepoint} on real JVMs, while
 * a recording streams into Kafka: the job stops with a savepoint mid-stream, {@code cluster status}
 * names it, the resumed job goes on from its offsets and state, and a read_committed consumer sees
 * every prediction of the recording exactly once, numbered without a hole; a savepoint of another
 * kind of job is refused with one line.
 */
class ClusterSavepointIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path JAR = HOME.resolve("deploy/target/neurostream-cli.jar");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final int PREDICTIONS = 237; // S001R01: 61 s, 2 s windows every 0.25 s

    @TempDir Path work;

    @Test
    void shouldStopWithASavepointAndResumeFromItDeliveringEveryPredictionOnce() throws Exception {
        final Path journal = work.resolve("journal");
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        HOME.resolve("replay-data/eeg/S001R01.edf").toString(),
                        "--journal",
                        journal.toString(),
                        "--speed",
                        "max");
        assertEquals(0, record.exitCode(), record.err());
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
                        "1",
                        "--classpath",
                        cp);
        assertEquals(0, start.exitCode(), start.err());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            final String bootstrap = broker.bootstrapServers();
            final CommandRun submit = submit(dir, bootstrap);
            assertEquals(0, submit.exitCode(), submit.err());

            // the recording at 6 times its pace, about 10 s
            final AtomicReference<CommandRun> sent = new AtomicReference<>();
            final Thread sender =
                    new Thread(
                            () ->
                                    sent.set(
                                            CommandRun.of(
                                                    "replay",
                                                    "--journal",
                                                    journal.toString(),
                                                    "--to-kafka",
                                                    bootstrap,
                                                    "--speed",
                                                    "6")));
            sender.start();
            committed(bootstrap, 20);

            final Path savepoint = work.resolve("sp");
            final CommandRun stop =
                    CommandRun.of(
                            "cluster",
                            "--dir",
                            dir,
                            "savepoint",
                            "--stop",
                            "--savepoint",
                            savepoint.toString());
            assertEquals(0, stop.exitCode(), stop.err());
            assertTrue(
                    stop.out().startsWith("cluster: savepoint " + savepoint + " job=")
                            && stop.out().contains(" stopped=true in "),
                    stop.out());
            final int before = committedNow(bootstrap).size();
            assertTrue(before < PREDICTIONS, "stopped mid-stream: " + before + " predictions");
            final CommandRun status = CommandRun.of("cluster", "--dir", dir, "status");
            assertTrue(
                    status.out().lines().anyMatch(l -> l.startsWith("savepoint: " + savepoint)),
                    status.out());

            // a savepoint of a replay is no savepoint of this job
            final Path replay = copyAsReplay(savepoint);
            final CommandRun refused =
                    submit(dir, bootstrap, "--from-savepoint", replay.toString());
            assertEquals(2, refused.exitCode(), refused.out());
            assertEquals(
                    "neurostream cluster submit: savepoint "
                            + replay
                            + ": a savepoint of a journal replay, not of the job on the cluster",
                    refused.err().strip());

            final CommandRun resume =
                    submit(dir, bootstrap, "--from-savepoint", savepoint.toString());
            assertEquals(0, resume.exitCode(), resume.err());
            assertTrue(resume.out().contains("from_savepoint=" + savepoint), resume.out());
            sender.join();
            assertEquals(0, sent.get().exitCode(), sent.get().err());

            final List<JsonNode> predictions;
            try {
                predictions = committed(bootstrap, PREDICTIONS);
            } catch (final AssertionError e) {
                throw new AssertionError(
                        e.getMessage()
                                + "; committed: "
                                + committedNow(bootstrap).size()
                                + "; the cluster's errors:\n"
                                + errors(Path.of(dir, "log")),
                        e);
            }
            final List<Long> seq = new ArrayList<>();
            predictions.forEach(p -> seq.add(p.get("seq").asLong()));
            final List<Long> expected = new ArrayList<>();
            for (long i = 0; i < PREDICTIONS; i++) {
                expected.add(i);
            }
            assertEquals(expected, seq, "every prediction once, in order, across the stop");
        } finally {
            assertEquals(0, CommandRun.of("cluster", "--dir", dir, "stop").exitCode());
        }
    }

    private static CommandRun submit(
            final String dir, final String bootstrap, final String... more) {
        final List<String> args =
                new ArrayList<>(
                        List.of(
                                "cluster",
                                "--dir",
                                dir,
                                "submit",
                                "--bootstrap",
                                bootstrap,
                                "--model",
                                MODEL.toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(new String[0]));
    }

    /** The committed predictions once there are at least {@code count}, and a second more. */
    private static List<JsonNode> committed(final String bootstrap, final int count)
            throws Exception {
        return TopicReader.read(
                bootstrap,
                "read_committed",
                Topics.PREDICTIONS,
                p -> p.get("seq").asLong() == count - 1,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(120));
    }

    /** The ERROR lines and exceptions of the cluster's logs, for a failure's message. */
    private static String errors(final Path logs) throws Exception {
        final StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (final Path f : files.toList()) {
                Files.readAllLines(f).stream()
                        .filter(l -> l.contains("ERROR") || l.contains("Exception:"))
                        .limit(20)
                        .forEach(
                                l ->
                                        out.append(f.getFileName())
                                                .append(": ")
                                                .append(l)
                                                .append('\n'));
            }
        }
        return out.toString();
    }

    /** The committed predictions there are now. */
    private static List<JsonNode> committedNow(final String bootstrap) throws Exception {
        return TopicReader.read(
                bootstrap,
                "read_committed",
                Topics.PREDICTIONS,
                p -> true,
                0,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    private Path copyAsReplay(final Path savepoint) throws Exception {
        final Path copy = work.resolve("sp-replay");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(savepoint)) {
            for (final Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        final ObjectMapper json = new ObjectMapper();
        final Path file = copy.resolve("neurostream-savepoint.json");
        final ObjectNode d = (ObjectNode) json.readTree(file.toFile());
        d.put("kind", "REPLAY");
        json.writeValue(file.toFile(), d);
        return copy;
    }
}

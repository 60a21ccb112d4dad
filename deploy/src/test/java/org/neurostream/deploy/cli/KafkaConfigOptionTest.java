package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --kafka-config} file that names an unknown key or a missing key store stops every
 * command that takes it with one line naming the file, the line, the key and the reason, exit 2,
 * before anything starts.
 */
class KafkaConfigOptionTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @TempDir Path dir;

    @Test
    void shouldRefuseAnUnknownKeyInOneLineBeforeAnythingStarts() throws Exception {
        final Path f = Files.writeString(dir.resolve("lab.properties"), "linger.msec=5\n");
        for (final List<String> command : commands()) {
            check(
                    command,
                    f,
                    f
                            + ": line 1: linger.msec: no such Kafka client property (producer, consumer"
                            + " or admin)");
        }
    }

    @Test
    void shouldRefuseAMissingKeyStoreInOneLineBeforeAnythingStarts() throws Exception {
        final Path missing = dir.resolve("missing.p12");
        final Path f =
                Files.writeString(
                        dir.resolve("tls.properties"),
                        "security.protocol=SSL\nssl.truststore.location=" + missing + "\n");
        for (final List<String> command : commands()) {
            check(
                    command,
                    f,
                    f + ": line 2: ssl.truststore.location: " + missing + ": no such file");
        }
    }

    @Test
    void shouldRefuseToShipASecretThatFlinkWouldShowBeforeAskingTheCluster() throws Exception {
        final Path f =
                Files.writeString(
                        dir.resolve("inline-key.properties"),
                        "security.protocol=SSL\nssl.keystore.type=PEM\n"
                                + "ssl.keystore.key=-----BEGIN PRIVATE KEY-----secret\n");

        check(
                List.of(
                        "cluster",
                        "--dir",
                        dir.resolve("no-cluster").toString(),
                        "submit",
                        "--bootstrap",
                        "127.0.0.1:9"),
                f,
                f
                        + ": ssl.keystore.key: a secret that Flink would show in the job's"
                        + " configuration on the cluster; keep it in a key store file instead");
    }

    private List<List<String>> commands() throws Exception {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        return List.of(
                List.of(
                        "demo",
                        "--duration",
                        "1s",
                        "--replay-data",
                        HOME.resolve("replay-data").toString()),
                List.of(
                        "record",
                        "--from-kafka",
                        "--bootstrap",
                        "127.0.0.1:9",
                        "--journal",
                        journal.toString()),
                List.of("replay", "--journal", journal.toString(), "--to-kafka", "127.0.0.1:9"),
                List.of("model", "publish", "model.json", "--bootstrap", "127.0.0.1:9"),
                List.of("live", "--lsl", "name='none'", "--duration", "1s"),
                List.of(
                        "cluster",
                        "--dir",
                        dir.resolve("no-cluster").toString(),
                        "submit",
                        "--bootstrap",
                        "127.0.0.1:9"));
    }

    /** The words that name the command: {@code model publish}, {@code cluster submit}, ... */
    private static String name(final List<String> command) {
        return switch (command.get(0)) {
            case "model" -> "model publish";
            case "cluster" -> "cluster submit";
            default -> command.get(0);
        };
    }

    private static void check(final List<String> command, final Path file, final String line) {
        final String[] args =
                java.util.stream.Stream.concat(
                                command.stream(),
                                java.util.stream.Stream.of("--kafka-config", file.toString()))
                        .toArray(String[]::new);
        final CommandRun run = CommandRun.of(args);
        assertEquals(2, run.exitCode(), command + ": " + run.out() + run.err());
        assertEquals(
                List.of("neurostream " + name(command) + ": " + line),
                run.err().lines().toList(),
                command.toString());
        assertFalse(run.out().contains("starting"), run.out());
    }
}

package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.journal.KafkaRecorder;

/**
 * {@code record --from-kafka}: journals what arrives on the raw topics ({@link KafkaRecorder},
 * which resumes after the last offset a crashed run journaled), from a Kafka of the user's, or from
 * an embedded broker started for the senders on 127.0.0.1 with its data kept beside the journal, so
 * that a recorder run again after a crash finds what the broker held. Runs until the input is idle
 * for the given time or the JVM is asked to stop.
 */
public final class KafkaJournalRecording {
    private KafkaJournalRecording() {}

    /**
     * Records into {@code journal} and reports each step to {@code say} (one line each).
     *
     * @param kafka makes the recorder's consumer
     * @param bootstrap Kafka to record from, or null for an embedded broker on {@code port} (its
     *     controller on the next; plaintext, on 127.0.0.1 only) with its data in {@code brokerDir}
     *     (null: beside the journal)
     * @param idleExit stop after nothing arrived for this long; null: run until stopped
     * @throws IllegalArgumentException with one line when the port is no port, the broker cannot
     *     start, or the journal cannot be resumed
     * @throws org.neurostream.core.kafka.KafkaAccessException when the cluster refused the client,
     *     in one line; no journal is made
     */
    public static void run(
            final Path journal,
            final KafkaClients kafka,
            final String bootstrap,
            final int port,
            final Path brokerDir,
            final Duration idleExit,
            final Consumer<String> say)
            throws Exception {
        if (bootstrap != null) {
            kafka.verify(bootstrap);
            record(journal, kafka, bootstrap, idleExit, say);
            return;
        }
        if (!kafka.securityProtocol().equals("PLAINTEXT")) {
            throw new IllegalArgumentException(
                    "the embedded broker of record --from-kafka speaks PLAINTEXT on 127.0.0.1 only,"
                            + " and "
                            + kafka.origin()
                            + " asks for "
                            + kafka.securityProtocol()
                            + ": record from your cluster with --bootstrap");
        }
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("--port must be 1-65534; got " + port);
        }
        final Path dir =
                brokerDir != null
                        ? brokerDir
                        : journal.toAbsolutePath().resolveSibling(journal.getFileName() + ".kafka");
        final EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.restart(dir, port, port + 1);
        } catch (final IOException e) {
            throw new IllegalArgumentException(
                    "cannot start the embedded Kafka broker on 127.0.0.1:"
                            + port
                            + " (and "
                            + (port + 1)
                            + " for its controller) with data in "
                            + dir
                            + ": "
                            + e.getMessage()
                            + "; give another --port, or --bootstrap for a broker of your own");
        }
        try (broker) {
            broker.createTopics(Topics.RAW.toArray(new String[0]));
            say.accept(
                    String.format(
                            "record: Kafka at %s (embedded, data in %s): send frames to %s",
                            broker.bootstrapServers(), dir, String.join(", ", Topics.RAW)));
            record(journal, kafka, broker.bootstrapServers(), idleExit, say);
        }
    }

    private static void record(
            final Path journal,
            final KafkaClients kafka,
            final String bootstrap,
            final Duration idleExit,
            final Consumer<String> say)
            throws Exception {
        final KafkaRecorder recorder;
        try {
            recorder = new KafkaRecorder(kafka, bootstrap, Topics.RAW, journal);
        } catch (final IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (final RuntimeException e) {
            throw refusedOr(kafka, bootstrap, e);
        }
        try (ShutdownSignal stop = ShutdownSignal.install("record", Duration.ofSeconds(10))) {
            say.accept(
                    String.format(
                            "record: %s journal %s from Kafka at %s (%s)",
                            recorder.resumed() ? "resuming" : "new",
                            journal,
                            bootstrap,
                            String.join(", ", Topics.RAW)));
            try (recorder) {
                recorder.run(stop::requested, idleExit);
            } catch (final RuntimeException e) {
                throw refusedOr(kafka, bootstrap, e);
            }
            say.accept(
                    String.format(
                            Locale.ROOT,
                            "record: journal %s: %d frames, %d records that were not frames left"
                                    + " out by this run",
                            journal,
                            recorder.frames(),
                            recorder.skipped()));
        }
    }

    /** The broker's refusal in {@code e}, in one line, or {@code e} itself. */
    private static Exception refusedOr(
            final KafkaClients kafka, final String bootstrap, final RuntimeException e) {
        final Exception refused = kafka.refusal(bootstrap, e);
        return refused != null ? refused : e;
    }
}

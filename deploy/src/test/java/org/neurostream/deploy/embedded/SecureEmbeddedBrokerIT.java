package org.neurostream.deploy.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaAccessException;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.deploy.embedded.EmbeddedSecurity.Principal;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.edf.EdfWriter;
import org.neurostream.monitoring.outputs.OutputConsumer;

/**
 * The secure embedded broker with real clients: TLS, SASL SCRAM-SHA-512 and PLAIN, client
 * certificates, and the principals' ACLs; refusals come back as one line in bounded time.
 */
class SecureEmbeddedBrokerIT {
    @TempDir static Path dir;

    private static EmbeddedSecurity security;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        security = EmbeddedSecurity.create(dir, "neurostream");
        broker = EmbeddedKafkaBroker.startSecure(dir.resolve("kafka"), security);
        broker.createTopics(1, Topics.ALL.toArray(new String[0]));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (security != null) {
            security.close();
        }
    }

    @Test
    void shouldCarryRecordsFromTheBridgeToTheJobAndFromTheJobToTheDashboard() throws Exception {
        final String bootstrap = broker.bootstrapServers();
        send(security.clients(Principal.BRIDGE), bootstrap, Topics.RAW_EEG, "frame");
        assertEquals(
                List.of("frame"),
                read(security.clients(Principal.JOB), NeuroStreamJob.GROUP_ID, Topics.RAW_EEG, 1));

        send(security.clients(Principal.JOB), bootstrap, Topics.FEATURES, "feature");
        assertEquals(
                List.of("feature"),
                read(
                        security.clients(Principal.DASHBOARD),
                        OutputConsumer.GROUP_PREFIX + "it",
                        Topics.FEATURES,
                        1));
    }

    @Test
    void shouldTakeSaslPlainAndClientCertificatesToo() throws Exception {
        send(
                security.plainClients(Principal.BRIDGE),
                broker.bootstrapServers(),
                Topics.RAW_DVS,
                "a");
        send(
                security.certificateClients(Principal.BRIDGE),
                broker.tlsBootstrapServers(),
                Topics.RAW_DVS,
                "b");
        assertEquals(
                List.of("a", "b"),
                read(security.clients(Principal.JOB), NeuroStreamJob.GROUP_ID, Topics.RAW_DVS, 2));
    }

    @Test
    void shouldRefuseAPrincipalOutsideItsAclsInOneLine() {
        final String bootstrap = broker.bootstrapServers();
        final KafkaClients dashboard = security.clients(Principal.DASHBOARD);

        final ExecutionException e =
                assertThrows(
                        ExecutionException.class,
                        () -> send(dashboard, bootstrap, Topics.RAW_EEG, "forged"));
        final KafkaAccessException refused = dashboard.refusal(bootstrap, e);
        assertEquals(
                "Kafka at "
                        + bootstrap
                        + " (SASL_SSL, SCRAM-SHA-512, user dashboard) refused: not authorized: "
                        + e.getCause().getMessage(),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(Topics.RAW_EEG), refused.getMessage());

        // the bridge writes raw topics only
        assertThrows(
                ExecutionException.class,
                () ->
                        send(
                                security.clients(Principal.BRIDGE),
                                bootstrap,
                                Topics.PREDICTIONS,
                                "forged"));
    }

    @Test
    void shouldRefuseAWrongPasswordInOneLine() {
        final String bootstrap = broker.bootstrapServers();
        final long t0 = System.nanoTime();

        final KafkaAccessException e =
                assertThrows(
                        KafkaAccessException.class,
                        () -> security.saslClients("bridge", "not-the-password").verify(bootstrap));

        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Kafka at "
                                        + bootstrap
                                        + " (SASL_SSL, SCRAM-SHA-512, user bridge) refused:"
                                        + " authentication failed: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("invalid credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "no retry loop");
    }

    @Test
    void shouldRefuseAClientWithoutCredentialsInOneLineAndBoundedTime() {
        final String bootstrap = broker.bootstrapServers();
        for (final KafkaClients none :
                List.of(security.anonymousTlsClients(), KafkaClients.plaintext())) {
            final long t0 = System.nanoTime();
            final KafkaAccessException e =
                    assertThrows(
                            KafkaAccessException.class,
                            () -> none.verify(bootstrap, Duration.ofSeconds(5)));
            assertEquals(
                    "Kafka at "
                            + bootstrap
                            + " ("
                            + none.securityProtocol()
                            + "): no answer within 5 s: every connection was refused or closed (is"
                            + " a broker listening there, and does its listener speak "
                            + none.securityProtocol()
                            + "?)",
                    e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos());
        }
    }

    @Test
    void shouldStopACommandWhoseCredentialsTheBrokerRefusesInOneLine() throws Exception {
        final String bootstrap = broker.bootstrapServers();
        final Path edf = dir.resolve("short.edf");
        EdfWriter.write(
                edf,
                new EdfWriter.Header(
                        List.of("Cz"),
                        128,
                        "uV",
                        -100,
                        100,
                        -32768,
                        32767,
                        "",
                        "X X X",
                        LocalDateTime.of(2024, 3, 1, 9, 0)),
                new float[1][256],
                List.of());
        final Path journal = dir.resolve("journal");
        final CliRun record =
                CliRun.of("record", "--input", edf.toString(), "--journal", journal.toString());
        assertEquals(0, record.exitCode(), record.err());

        final Path wrong = dir.resolve("wrong.properties");
        security.saslClients("bridge", "not-the-password").writeTo(wrong);
        final CliRun refused = replay(journal, bootstrap, wrong);
        assertEquals(2, refused.exitCode(), refused.out());
        final List<String> lines = refused.err().lines().toList();
        assertEquals(1, lines.size(), refused.err());
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "neurostream replay: Kafka at "
                                        + bootstrap
                                        + " (SASL_SSL, SCRAM-SHA-512, user bridge) refused:"
                                        + " authentication failed: "),
                lines.get(0));
        assertFalse(refused.err().contains("not-the-password"), "never the password");

        final Path outsider = dir.resolve("dashboard.properties");
        security.clients(Principal.DASHBOARD).writeTo(outsider);
        final CliRun denied = replay(journal, bootstrap, outsider);
        assertEquals(2, denied.exitCode(), denied.out());
        assertTrue(
                denied.err()
                        .startsWith(
                                "neurostream replay: Kafka at "
                                        + bootstrap
                                        + " (SASL_SSL, SCRAM-SHA-512, user dashboard) refused: not"
                                        + " authorized: "),
                denied.err());
        assertEquals(1, denied.err().lines().count(), denied.err());

        final Path bridge = dir.resolve("bridge.properties");
        security.clients(Principal.BRIDGE).writeTo(bridge);
        final CliRun sent = replay(journal, bootstrap, bridge);
        assertEquals(0, sent.exitCode(), sent.err());
    }

    private static CliRun replay(final Path journal, final String bootstrap, final Path config) {
        return CliRun.of(
                "replay",
                "--journal",
                journal.toString(),
                "--to-kafka",
                bootstrap,
                "--kafka-config",
                config.toString());
    }

    private static void send(
            final KafkaClients kafka,
            final String bootstrap,
            final String topic,
            final String value)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> p =
                kafka.producer(bootstrap, Map.of("max.block.ms", "20000"))) {
            p.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static List<String> read(
            final KafkaClients kafka, final String group, final String topic, final int count) {
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                kafka.consumer(
                        broker.bootstrapServers(),
                        Map.of("group.id", group, "auto.offset.reset", "earliest"))) {
            c.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}

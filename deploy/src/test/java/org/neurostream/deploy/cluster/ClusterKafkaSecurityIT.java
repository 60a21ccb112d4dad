package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.embedded.EmbeddedSecurity;
import org.neurostream.deploy.embedded.EmbeddedSecurity.Principal;
import org.neurostream.deploy.job.KafkaJobSettings;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.monitoring.outputs.OutputConsumer;

/**
 * The job on a cluster against the secure embedded broker (SASL_SSL, SCRAM-SHA-512, ACLs) with its
 * Kafka client settings in its configuration and in no file anywhere: the trust anchor travels
 * inline as PEM, the credentials in {@code neurostream.kafka.sasl.jaas.config}, and the job's
 * principal may only read raw topics and write outputs. On a standalone cluster of separate JVMs
 * ({@code cluster submit --kafka-config FILE}, the file deleted once the command has read it) and
 * on a MiniCluster whose configuration alone names the settings (what {@link JobMain} does with a
 * cluster's {@code config.yaml}), the job authenticates and predicts; neither the command's output,
 * nor a REST answer, nor a cluster log holds a secret.
 */
class ClusterKafkaSecurityIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R01.edf");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final ObjectMapper JSON = RecordJson.newMapper();
    private static final String FLINK_MASK = "******";
    private static final Pattern SUBMITTED = Pattern.compile("cluster: submitted job=([0-9a-f]+)");

    @TempDir static Path dir;

    private static EmbeddedSecurity security;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void requireNoKafkaConfigInTheEnvironment() {
        assumeTrue(
                System.getenv(KafkaClients.ENVIRONMENT_VARIABLE) == null,
                "the cluster JVMs would inherit " + KafkaClients.ENVIRONMENT_VARIABLE);
    }

    /** A broker of each test's own: its job reads its own stream only. */
    @BeforeEach
    void start() throws Exception {
        final Path run = Files.createTempDirectory(dir, "run");
        security = EmbeddedSecurity.create(run, "neurostream");
        broker = EmbeddedKafkaBroker.startSecure(run.resolve("kafka"), security);
        broker.createTopics(1, Topics.ALL.toArray(new String[0]));
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        if (security != null) {
            security.close();
        }
    }

    @Test
    void shouldRunOnAStandaloneClusterWithSettingsShippedInTheJobsConfigurationNeverShown()
            throws Exception {
        final Path settings = dir.resolve("job.properties");
        KafkaClients.of("the job's settings", fileFreeJobSettings()).writeTo(settings);
        final Path clusterDir = dir.resolve("cluster");
        final StandaloneCluster cluster =
                StandaloneCluster.start(ClusterSpec.defaults(clusterDir, 1, classpath()));
        try {
            final CliRun submit =
                    CliRun.of(
                            "cluster",
                            "--dir",
                            clusterDir.toString(),
                            "submit",
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--kafka-config",
                            settings.toString(),
                            "--model",
                            MODEL.toString(),
                            "--parallelism",
                            "1",
                            "--backend",
                            "cpu",
                            "--delivery",
                            "at-least-once");
            // read where the command ran, and gone before the job reads anything
            Files.delete(settings);
            assertEquals(0, submit.exitCode(), submit.out() + submit.err());
            final Matcher submitted = SUBMITTED.matcher(submit.out());
            assertTrue(submitted.find(), submit.out());
            final String jobId = submitted.group(1);
            // the job ends with the cluster
            final ClusterRest rest = cluster.rest();
            awaitRunning(rest, jobId);
            final String stream = feed("standalone");
            assertTrue(
                    predictions(stream) > 0,
                    "the job authenticated as its principal, read and predicted");

            // the settings travel in the job's parameters, their secrets masked
            final Map<String, String> parameters = parameters(rest, jobId);
            assertEquals("SASL_SSL", parameters.get(KafkaJobSettings.PREFIX + "security.protocol"));
            assertEquals(FLINK_MASK, parameters.get(KafkaJobSettings.PREFIX + "sasl.jaas.config"));
            final List<String> shown = new ArrayList<>();
            shown.add(submit.out() + submit.err());
            shown.add(parameters.toString());
            shown.add(rest.get("/jobs/" + jobId + "/jobmanager/config").toString());
            shown.add(rest.get("/jobmanager/config").toString());
            for (final ClusterRest.TaskManager tm : rest.taskManagers()) {
                shown.add(rest.get("/taskmanagers/" + tm.id()).toString());
            }
            shown.addAll(logs(cluster));
            assertNoSecret(shown);
        } finally {
            cluster.stop();
        }
    }

    @Test
    void shouldBuildTheJobFromTheSettingsOfItsFlinkConfigurationAlone() throws Exception {
        final Configuration conf = EmbeddedRuntime.onLoopback(new Configuration());
        // as a cluster's config.yaml gives them: one key per Kafka setting, no file
        conf.addAll(
                Configuration.fromMap(
                        KafkaJobSettings.toConfiguration(
                                KafkaClients.of("config.yaml", fileFreeJobSettings()))));
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(conf);
        JobMain.build(
                env,
                new String[] {
                    "--bootstrap", broker.bootstrapServers(),
                    "--model", MODEL.toString(),
                    "--parallelism", "1",
                    "--backend", "cpu",
                    "--delivery", "at-least-once"
                });
        final JobClient client = env.executeAsync("neurostream");
        try {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client.getJobStatus().get() != JobStatus.RUNNING
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            final String stream = feed("configured");
            assertTrue(predictions(stream) > 0, "the job authenticated with its configuration's");
        } finally {
            client.cancel().get();
        }
    }

    /**
     * The job principal's settings with the trust anchor inline (PEM) instead of a trust store
     * file: nothing a cluster machine would have to find on its disk.
     */
    private static Map<String, String> fileFreeJobSettings() throws Exception {
        final Map<String, String> s =
                new TreeMap<>(security.clients(Principal.JOB).settingsWithSecrets());
        final KeyStore trust = KeyStore.getInstance(s.remove("ssl.truststore.type"));
        final String password = s.remove("ssl.truststore.password");
        try (InputStream in = Files.newInputStream(Path.of(s.remove("ssl.truststore.location")))) {
            trust.load(in, password.toCharArray());
        }
        final StringBuilder pem = new StringBuilder();
        for (final String alias : java.util.Collections.list(trust.aliases())) {
            final Certificate c = trust.getCertificate(alias);
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(
                            Base64.getMimeEncoder(64, new byte[] {'\n'})
                                    .encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        s.put("ssl.truststore.type", "PEM");
        s.put("ssl.truststore.certificates", pem.toString());
        assertFalse(s.values().stream().anyMatch(v -> v.startsWith("/")), "no file: " + s.keySet());
        return s;
    }

    /** Sends the first 10 s of the recording as the bridge principal; returns the stream id. */
    private static String feed(final String name) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                security.clients(Principal.BRIDGE)
                        .producer(broker.bootstrapServers(), Map.of("linger.ms", "0"))) {
            final FrameBridge bridge = new FrameBridge(producer, Modality.EEG, name, "eeg");
            try (EdfReader reader = EdfReader.open(RECORDING)) {
                bridge.run(reader, 8, new Pacing(50));
            }
            producer.flush();
            return bridge.streamId();
        }
    }

    /**
     * Predictions of {@code stream}, read as the dashboard principal until one came or 3 minutes (a
     * long bound for a loaded machine: the job starts from nothing).
     */
    private static int predictions(final String stream) throws Exception {
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                security.clients(Principal.DASHBOARD)
                        .consumer(
                                broker.bootstrapServers(),
                                Map.of(
                                        "group.id",
                                        OutputConsumer.GROUP_PREFIX + "it-" + stream,
                                        "auto.offset.reset",
                                        "earliest"))) {
            c.subscribe(List.of(Topics.PREDICTIONS));
            final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (count == 0 && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    final JsonNode n = JSON.readTree(r.value());
                    if (n.path("stream_id").asText().equals(stream)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static void awaitRunning(final ClusterRest rest, final String jobId) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!rest.runningSince(jobId, 0)) {
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " not running in time");
            Thread.sleep(200);
        }
    }

    /** The job's parameters as the JobManager's REST endpoint shows them. */
    private static Map<String, String> parameters(final ClusterRest rest, final String jobId)
            throws Exception {
        final Map<String, String> out = new TreeMap<>();
        rest.get("/jobs/" + jobId + "/config")
                .path("execution-config")
                .path("user-config")
                .fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Every log file of the cluster's JVMs, whole. */
    private static List<String> logs(final StandaloneCluster cluster) throws Exception {
        final List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(cluster.dir().resolve("log"))) {
            for (final Path f : (Iterable<Path>) files::iterator) {
                out.add(f + ":\n" + Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertTrue(out.size() >= 2, "the JobManager's and the TaskManager's logs: " + out.size());
        return out;
    }

    private static void assertNoSecret(final List<String> shown) {
        for (final String secret : security.secrets()) {
            for (final String text : shown) {
                assertFalse(
                        text.contains(secret),
                        "a secret shown in " + text.substring(0, Math.min(200, text.length())));
            }
        }
    }

    private static String classpath() {
        final Path jar = HOME.resolve("deploy/target/neurostream-cli.jar");
        return Files.exists(jar) ? jar.toString() : System.getProperty("java.class.path");
    }
}

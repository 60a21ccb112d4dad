package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.job.DeliveryMode;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BackendKind;

/**
 * The job on a real cluster of separate JVMs (a JobManager and two TaskManagers) and the embedded
 * broker: four EEG sessions stream through with garbage records mixed in at random, one TaskManager
 * is killed with SIGKILL mid-run, the job comes back on the other, and a read_committed consumer
 * checks every prediction and every dead letter.
 */
class ClusterIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R01.edf");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final ObjectMapper JSON = RecordJson.newMapper();
    private static final int STREAMS = 4;
    private static final int PARTITIONS = 4;
    // 61 s x 160 Hz = 9760 samples; first prediction at 320, then every 40
    private static final int PER_STREAM = (9760 - 320) / 40 + 1;
    private static final int GARBAGE = 40;
    private static final double SPEED = 4;

    @TempDir Path work;

    @Test
    void shouldRecoverFromAKilledTaskManagerAndDeadLetterEveryGarbageRecord() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            final String bootstrap = broker.bootstrapServers();
            broker.createTopics(PARTITIONS, Topics.ALL.toArray(String[]::new));
            final StandaloneCluster cluster =
                    StandaloneCluster.start(
                            ClusterSpec.defaults(work.resolve("cluster"), 2, classpath()));
            try {
                run(cluster, bootstrap);
            } finally {
                cluster.stop();
            }
        }
    }

    private void run(final StandaloneCluster cluster, final String bootstrap) throws Exception {
        final ClusterRest rest = cluster.rest();
        assertEquals(2, rest.taskManagers().size());
        final JobConfig options =
                JobConfig.builder()
                        .parallelism(2)
                        .computeBackend(BackendKind.CPU)
                        .modelFile(MODEL)
                        .delivery(DeliveryMode.EXACTLY_ONCE)
                        .build();
        final JobClient job =
                ClusterJob.submit(StandaloneCluster.HOST, cluster.restPort(), bootstrap, options);
        final String jobId = job.getJobID().toHexString();
        awaitRunningSince(rest, jobId, 0, Duration.ofSeconds(60));
        // each TaskManager runs one subtask of the keyed operators: its own share of the keys
        final ClusterRest.Vertex before = rest.vertex(jobId, ClusterRest.KEYED_VERTEX);
        assertEquals(2, new HashSet<>(before.taskManagers()).size(), before.toString());

        final Set<String> garbage = ConcurrentHashMap.newKeySet();
        final List<String> streams = new ArrayList<>();
        final List<Thread> feeds = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int s = 0; s < STREAMS; s++) {
                final FrameBridge bridge = new FrameBridge(producer, Modality.EEG, "C" + s, "eeg");
                streams.add(bridge.streamId());
                feeds.add(
                        start(
                                "feed-" + s,
                                () -> {
                                    try (EdfReader reader = EdfReader.open(RECORDING)) {
                                        bridge.run(reader, 8, new Pacing(SPEED));
                                    }
                                }));
            }
            // garbage under the streams' own keys, at random moments of the run
            feeds.add(
                    start(
                            "garbage",
                            () -> {
                                final SplittableRandom random = new SplittableRandom(42);
                                for (int i = 0; i < GARBAGE; i++) {
                                    Thread.sleep(random.nextInt(300));
                                    final String id = "garbage #" + i + " ";
                                    final byte[] id8 = id.getBytes(StandardCharsets.UTF_8);
                                    final byte[] noise = new byte[id8.length + random.nextInt(200)];
                                    random.nextBytes(noise);
                                    System.arraycopy(id8, 0, noise, 0, id8.length);
                                    garbage.add(id);
                                    producer.send(
                                            new ProducerRecord<>(
                                                    Modality.EEG.rawTopic(),
                                                    streams.get(random.nextInt(STREAMS))
                                                            .getBytes(StandardCharsets.UTF_8),
                                                    noise));
                                }
                            }));

            Thread.sleep(5_000);
            final long killedMs = System.currentTimeMillis();
            cluster.killTaskManager(1);
            final long recoveredMs =
                    awaitRunningSince(rest, jobId, killedMs, Duration.ofSeconds(60));
            final long recoveryMs = recoveredMs - killedMs;
            System.out.printf(
                    "cluster: taskmanager killed, job running again after %d ms%n", recoveryMs);
            assertTrue(recoveryMs < 30_000, "recovery took " + recoveryMs + " ms");
            for (final Thread t : feeds) {
                t.join();
            }
        }

        final Map<String, List<Long>> predictions = new HashMap<>();
        final Set<String> dead = new HashSet<>();
        consume(bootstrap, streams, predictions, garbage, dead, Duration.ofSeconds(120));
        assertEquals("RUNNING", rest.jobState(jobId), "the job is alive");
        job.cancel().get();

        assertEquals(garbage, dead, "every garbage record is a dead letter");
        for (final String stream : streams) {
            final List<Long> starts = predictions.getOrDefault(stream, List.of());
            // no loss: every interval of the session has its prediction
            assertEquals(PER_STREAM, new HashSet<>(starts).size(), stream + " distinct intervals");
        }
        for (final String stream : streams) {
            final List<Long> starts = predictions.get(stream);
            final List<Long> once = new ArrayList<>(new TreeSet<>(starts));
            System.out.printf(
                    "cluster: %s %d predictions, %d repeated after the recovery%n",
                    stream, starts.size(), starts.size() - once.size());
            // transactional sinks and a read_committed consumer: each interval exactly once,
            // in order, across the TaskManager's death
            assertEquals(once, starts, stream + ": each interval once, in order");
        }
    }

    /**
     * Reads predictions and dead letters with read_committed until every stream has all its
     * intervals and every garbage record its dead letter, or the timeout.
     */
    private static void consume(
            final String bootstrap,
            final List<String> streams,
            final Map<String, List<Long>> predictions,
            final Set<String> garbage,
            final Set<String> dead,
            final Duration timeout)
            throws Exception {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.PREDICTIONS, i));
                parts.add(new TopicPartition(Topics.DEADLETTER, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            final long deadline = System.nanoTime() + timeout.toNanos();
            final Map<String, Set<Long>> distinct = new HashMap<>();
            while (System.nanoTime() < deadline
                    && (!dead.containsAll(garbage)
                            || streams.stream()
                                    .anyMatch(
                                            s ->
                                                    distinct.getOrDefault(s, Set.of()).size()
                                                            < PER_STREAM))) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    final JsonNode n = JSON.readTree(r.value());
                    if (r.topic().equals(Topics.DEADLETTER)) {
                        final byte[] payload = n.get("payload").binaryValue();
                        final String s = new String(payload, StandardCharsets.UTF_8);
                        dead.add(s.substring(0, Math.min(s.indexOf(' ', 9) + 1, s.length())));
                    } else {
                        final String stream = n.get("stream_id").asText();
                        final long start = n.get("start_ns").asLong();
                        predictions.computeIfAbsent(stream, k -> new ArrayList<>()).add(start);
                        distinct.computeIfAbsent(stream, k -> new HashSet<>()).add(start);
                    }
                }
            }
        }
    }

    /** Polls until the job runs again with every subtask deployed at or after {@code sinceMs}. */
    private static long awaitRunningSince(
            final ClusterRest rest, final String jobId, final long sinceMs, final Duration timeout)
            throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (rest.runningSince(jobId, sinceMs)) {
                return System.currentTimeMillis();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "job "
                        + jobId
                        + " not running again within "
                        + timeout
                        + ": "
                        + rest.get("/jobs/" + jobId).toString());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(final String name, final Body body) {
        final Thread t =
                new Thread(
                        () -> {
                            try {
                                body.run();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        name);
        t.start();
        return t;
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The command-line jar the build just made, as the cluster JVMs' class path. */
    private static String classpath() {
        final Path jar = HOME.resolve("deploy/target/neurostream-cli.jar");
        return Files.exists(jar) ? jar.toString() : System.getProperty("java.class.path");
    }
}

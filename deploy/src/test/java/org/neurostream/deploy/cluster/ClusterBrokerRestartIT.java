package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BackendKind;

/**
 * The broker goes down mid-run and comes back on the same log folder and ports: the bridge's
 * producer and the job on a separate-JVM cluster carry on, and no prediction is lost.
 */
class ClusterBrokerRestartIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R01.edf");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final ObjectMapper JSON = RecordJson.newMapper();
    private static final int STREAMS = 2;
    private static final int PARTITIONS = 2;
    private static final int PER_STREAM = (9760 - 320) / 40 + 1;

    @TempDir Path work;

    @Test
    void shouldLoseNoPredictionWhenTheBrokerRestartsMidRun() throws Exception {
        final Path brokerDir = work.resolve("broker");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir);
        final String bootstrap = broker.bootstrapServers();
        final int brokerPort = broker.brokerPort();
        final int controllerPort = broker.controllerPort();
        broker.createTopics(PARTITIONS, Topics.ALL.toArray(String[]::new));
        final StandaloneCluster cluster =
                StandaloneCluster.start(
                        ClusterSpec.defaults(work.resolve("cluster"), 1, classpath()));
        try {
            final JobConfig options =
                    JobConfig.builder()
                            .parallelism(2)
                            .computeBackend(BackendKind.CPU)
                            .model(Files.readString(MODEL, StandardCharsets.UTF_8), "model")
                            .build();
            final JobClient job =
                    ClusterJob.submit(
                            StandaloneCluster.HOST, cluster.restPort(), bootstrap, options);
            final List<String> streams = new ArrayList<>();
            final List<Thread> feeds = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                for (int s = 0; s < STREAMS; s++) {
                    final FrameBridge bridge =
                            new FrameBridge(producer, Modality.EEG, "R" + s, "eeg");
                    streams.add(bridge.streamId());
                    final Thread t =
                            new Thread(
                                    () -> {
                                        try (EdfReader reader = EdfReader.open(RECORDING)) {
                                            bridge.run(reader, 8, new Pacing(4));
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    });
                    t.start();
                    feeds.add(t);
                }
                Thread.sleep(5_000);
                broker.close();
                final long downMs = System.currentTimeMillis();
                Thread.sleep(3_000);
                broker = EmbeddedKafkaBroker.restart(brokerDir, brokerPort, controllerPort);
                System.out.printf(
                        "cluster: broker down for %d ms%n", System.currentTimeMillis() - downMs);
                for (final Thread t : feeds) {
                    t.join();
                }
            }
            final Map<String, Set<Long>> seen = consume(bootstrap, streams);
            for (final String stream : streams) {
                assertEquals(PER_STREAM, seen.getOrDefault(stream, Set.of()).size(), stream);
            }
            assertEquals("RUNNING", cluster.rest().jobState(job.getJobID().toHexString()));
            job.cancel().get();
        } finally {
            cluster.stop();
            broker.close();
        }
    }

    private static Map<String, Set<Long>> consume(
            final String bootstrap, final List<String> streams) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final Map<String, Set<Long>> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.PREDICTIONS, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline
                    && streams.stream()
                            .anyMatch(s -> seen.getOrDefault(s, Set.of()).size() < PER_STREAM)) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        final JsonNode n = JSON.readTree(r.value());
                        seen.computeIfAbsent(n.get("stream_id").asText(), k -> new HashSet<>())
                                .add(n.get("start_ns").asLong());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return seen;
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String classpath() {
        final Path jar = HOME.resolve("deploy/target/neurostream-cli.jar");
        return Files.exists(jar) ? jar.toString() : System.getProperty("java.class.path");
    }
}

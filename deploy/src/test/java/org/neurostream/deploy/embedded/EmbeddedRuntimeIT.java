package org.neurostream.deploy.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;

/**
 * Starts the whole embedded runtime and runs Kafka -> Flink -> Kafka jobs on it through {@link
 * EmbeddedRuntime#environment(Configuration)}.
 */
class EmbeddedRuntimeIT {

    private static final int PARALLELISM = 2;
    private static final int RECORDS = 40;
    private static final long TIMEOUT_S = 60;

    @TempDir Path workDir;

    @Test
    void shouldRunKafkaToKafkaJobAndCancelRunningJobsWhenClosed() throws Exception {
        final EmbeddedRuntime runtime = EmbeddedRuntime.start(workDir, PARALLELISM);
        final MiniCluster miniCluster = runtime.miniCluster();
        final int brokerPort = runtime.broker().brokerPort();
        final CompletableFuture<JobResult> unboundedResult;
        try (runtime) {
            assertTrue(miniCluster.isRunning());
            assertEquals("127.0.0.1:" + brokerPort, runtime.bootstrapServers());
            produceRawEeg(runtime.bootstrapServers());

            final JobClient bounded = mapRawEegToFeatures(runtime, true);
            bounded.getJobExecutionResult().get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(JobStatus.FINISHED, bounded.getJobStatus().get());

            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add("feature:sample-" + i);
            }
            final List<String> features = consumeFeatures(runtime.bootstrapServers());
            // Two partitions read by two subtasks: the order across partitions is not defined.
            features.sort(null);
            expected.sort(null);
            assertEquals(expected, features);

            final JobClient unbounded = mapRawEegToFeatures(runtime, false);
            awaitRunning(unbounded);
            unboundedResult = miniCluster.requestJobResult(unbounded.getJobID());
        }
        assertEquals(
                Optional.of(JobStatus.CANCELED),
                unboundedResult.get(TIMEOUT_S, TimeUnit.SECONDS).getJobStatus());
        assertFalse(miniCluster.isRunning());
        try (ServerSocket socket =
                new ServerSocket(brokerPort, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(brokerPort, socket.getLocalPort());
        }
        assertTrue(Files.isDirectory(workDir.resolve("kafka")), "the broker's data is kept");
    }

    private static JobClient mapRawEegToFeatures(EmbeddedRuntime runtime, boolean bounded)
            throws Exception {
        final Configuration jobConfig = new Configuration();
        // A broken job fails the test at once instead of restarting forever.
        jobConfig.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        jobConfig.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        jobConfig.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        final StreamExecutionEnvironment env = runtime.environment(jobConfig);

        final KafkaSourceBuilder<String> source =
                KafkaSource.<String>builder()
                        .setBootstrapServers(runtime.bootstrapServers())
                        .setTopics(Topics.RAW_EEG)
                        .setGroupId("embedded-runtime-it")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setValueOnlyDeserializer(new SimpleStringSchema());
        if (bounded) {
            source.setBounded(OffsetsInitializer.latest());
        }
        final KafkaSink<String> sink =
                KafkaSink.<String>builder()
                        .setBootstrapServers(runtime.bootstrapServers())
                        .setRecordSerializer(
                                KafkaRecordSerializationSchema.builder()
                                        .setTopic(Topics.FEATURES)
                                        .setValueSerializationSchema(new SimpleStringSchema())
                                        .build())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "raw-eeg")
                .map(value -> "feature:" + value)
                .returns(Types.STRING)
                .sinkTo(sink);
        return env.executeAsync(bounded ? "raw-eeg-to-features" : "raw-eeg-to-features-forever");
    }

    private static void produceRawEeg(String bootstrapServers) throws Exception {
        final Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                final String streamId = "session-1/eeg-" + (i % 4);
                producer.send(new ProducerRecord<>(Topics.RAW_EEG, streamId, "sample-" + i));
            }
            producer.flush();
        }
    }

    private static List<String> consumeFeatures(String bootstrapServers) {
        final Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "embedded-runtime-it-check");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.FEATURES));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (values.size() < RECORDS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            // Anything beyond RECORDS would be a duplicate: give it one more poll to show up.
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    private static void awaitRunning(JobClient job) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "job not running in time");
            Thread.sleep(50);
        }
    }
}

package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.deploy.cli.NeuroStreamCli;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.models.flink.MotifFunctions;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.CalciumFunction;

/**
 * Calcium spikes reach the motif detector in the job: the shipped demo session streamed through
 * Kafka into the job with the population-burst kernel of replay-data gives, one for one, the
 * detections of {@code motifs detect} on the events.csv of {@code calcium} run with the job's
 * options (the same events, the job's last lag frames excepted).
 */
class CalciumMotifsIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path SESSION = HOME.resolve("replay-data/calcium/synthetic-gcamp.npy");
    private static final Path MODEL = HOME.resolve("replay-data/models/calcium-bursts.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "bursts/calcium";

    @TempDir Path work;

    @Test
    void shouldDetectTheOfflineMotifsInTheSpikesInferredFromImaging() throws Exception {
        assumeTrue(Files.exists(SESSION), "no demo session at " + SESSION);
        final CalciumTraces traces = CalciumTraceReader.read(SESSION, TraceFileOptions.DEFAULTS);
        final int lag = CalciumFunction.jobOptions(30.0).lag();
        final List<String> events =
                OfflineCalcium.events(SESSION, work.resolve("calcium"), traces.frameCount() - lag);
        final List<String> detections = offlineDetections(events);
        assertTrue(detections.size() >= 8, "offline detections " + detections);

        final JobConfig options =
                JobConfig.builder()
                        .computeBackend(BackendKind.CPU)
                        .calciumMotifs(MotifFunctions.fromJson(MODEL))
                        .build();
        final List<JsonNode> gotEvents = new ArrayList<>();
        final List<JsonNode> gotMotifs = new ArrayList<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1)) {
            final String bootstrap = runtime.bootstrapServers();
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, options).executeAsync(runtime.environment());
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                new FrameBridge(producer, Modality.CALCIUM, "bursts", "calcium")
                        .run(traces.asSource(30.0), 1, Pacing.parse("max"));
                producer.flush();
            }
            consume(bootstrap, events.size(), detections.size(), gotEvents, gotMotifs);
            job.cancel().get();
        }

        assertEquals(events.size(), gotEvents.size(), "calcium events");
        final List<String> mine = new ArrayList<>();
        for (final JsonNode m : gotMotifs) {
            assertEquals(STREAM, m.get("stream_id").asText());
            assertEquals(100_000_000L, m.get("bin_ns").asLong());
            mine.add(
                    m.get("bin").asLong()
                            + ","
                            + m.get("motif").asInt()
                            + ","
                            + m.get("potential").asDouble());
        }
        assertEquals(detections, mine);
    }

    /**
     * {@code motifs detect} with the model's kernel, bins and suppression on {@code events}, rows
     * {@code bin,motif,potential}, up to the last bin the job can decide: with suppression radius R
     * and D delays, bin t is final once an event lies beyond t + R.
     */
    private List<String> offlineDetections(final List<String> events) throws Exception {
        final Path csv = work.resolve("events.csv");
        final List<String> lines = new ArrayList<>();
        lines.add("t_us,address,amplitude");
        lines.addAll(events);
        Files.write(csv, lines);
        final Path out = work.resolve("detections.csv");
        final JsonNode model = JSON.readTree(MODEL.toFile());
        final long binUs = model.get("binUs").asLong();
        final int radius = model.get("nmsRadius").asInt();
        assertEquals(
                0,
                NeuroStreamCli.commandLine()
                        .execute(
                                "motifs",
                                "detect",
                                "--kernel",
                                MODEL.resolveSibling(model.get("kernelFile").asText()).toString(),
                                "--bias",
                                MODEL.resolveSibling(model.get("biasFile").asText()).toString(),
                                "--events",
                                csv.toString(),
                                "--bin-us",
                                Long.toString(binUs),
                                "--threshold",
                                model.get("threshold").asText(),
                                "--nms",
                                Integer.toString(radius),
                                "--backend",
                                "cpu",
                                "--out",
                                out.toString()));
        final String last = events.get(events.size() - 1);
        final long lastBin = Long.parseLong(last.substring(0, last.indexOf(','))) / binUs;
        final List<String> rows = new ArrayList<>();
        final List<String> all = Files.readAllLines(out);
        for (final String row : all.subList(1, all.size())) {
            final String[] f = row.split(",");
            if (Long.parseLong(f[0]) + radius < lastBin) {
                rows.add(f[0] + "," + f[1] + "," + Double.parseDouble(f[2]));
            }
        }
        return rows;
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads neuro.features until the expected counts are in, then 2 s more to see extras. */
    private static void consume(
            final String bootstrap,
            final int events,
            final int motifs,
            final List<JsonNode> gotEvents,
            final List<JsonNode> gotMotifs)
            throws Exception {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("group.id", "it-" + System.nanoTime());
        p.setProperty("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.FEATURES));
            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (final ConsumerRecord<byte[], byte[]> r :
                        consumer.poll(Duration.ofMillis(200))) {
                    final JsonNode record = JSON.readTree(r.value());
                    switch (record.get("kind").asText()) {
                        case "calcium_event" -> gotEvents.add(record);
                        case "motif" -> gotMotifs.add(record);
                        default -> {}
                    }
                }
                if (quietUntil == Long.MAX_VALUE
                        && gotEvents.size() >= events
                        && gotMotifs.size() >= motifs) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
    }
}

package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.replay.JournalReplay;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.flink.RawRecordDeserializer;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.LogisticModelFile;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.SpectralAnalysis;
import org.neurostream.operators.flink.SpectralState;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * The job on the embedded broker and MiniCluster loses a TaskManager mid-run, restarts from its
 * last checkpoint, and still delivers every prediction of a synthetic EEG session: exactly once to
 * a read_committed consumer in {@link DeliveryMode#EXACTLY_ONCE}; at least once, with repeats that
 * carry the numbers and values they had the first time, in {@link DeliveryMode#AT_LEAST_ONCE}. In
 * both modes the predictions are those of the offline analysis of the same samples, which is what a
 * run without failure produces. On a recorded session with EEG, event-camera and calcium streams,
 * every output kind (band power, predictions, avalanches and their statistics, calcium events,
 * motifs, alerts, resting-state descriptors; labelled windows where there are any) is, exactly
 * once, that of an uninterrupted run. Also: frames missing from a stream make a gap record.
 */
class RecoveryIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");

    private static final int CHANNELS = 64;
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz
    private static final int FRAME_SAMPLES = 16; // 100 ms
    private static final List<String> STREAMS = List.of("synth1/eeg", "synth2/eeg");

    /** Prefix of the band-power records of a stream in what {@link #runWithFailure} returns. */
    private static final String BAND_POWER = "bandpower:";

    // 6 s before the first checkpoint that matters, then batches of 1 s until the failure, which
    // comes before 10 s of the 15 s
    private static final int FRAMES_BEFORE_CHECKPOINT = 60;
    private static final int BATCH = 10;
    private static final int FRAMES_BEFORE_FAILURE = 100;
    private static final int FRAMES = 150;

    // one record per 40 samples once the 320-sample window is full
    private static final int PREDICTIONS = predictionsAfter(FRAMES);

    // long enough that a batch of frames is usually processed between two checkpoints
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir Path work;

    @Test
    void shouldDeliverEveryPredictionExactlyOnceAndInOrderAcrossATaskManagerFailure()
            throws Exception {
        final Map<String, List<JsonNode>> out = runWithFailure(DeliveryMode.EXACTLY_ONCE);
        final Map<String, List<Prediction>> reference = reference();
        for (final String stream : STREAMS) {
            final List<JsonNode> seen = out.get(stream);
            assertEquals(PREDICTIONS, seen.size(), stream + ": no repeat, no hole");
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i).get("seq").asLong(), stream + " record " + i);
                assertSame(reference.get(stream).get(i), seen.get(i), stream);
            }
            final List<JsonNode> bandPower = out.get(BAND_POWER + stream);
            assertEquals(
                    PREDICTIONS,
                    bandPower.size(),
                    stream
                            + " band power, seq "
                            + bandPower.stream().map(r -> r.get("seq").asText()).toList());
            for (int i = 0; i < bandPower.size(); i++) {
                assertEquals(i, bandPower.get(i).get("seq").asLong(), stream + " band power");
                assertEquals(
                        reference.get(stream).get(i).endNs(),
                        bandPower.get(i).get("end_ns").asLong());
            }
        }
    }

    @Test
    void shouldRepeatPredictionsUnderTheirOwnNumbersSoConsumersCanDropThem() throws Exception {
        final Map<String, List<JsonNode>> out = runWithFailure(DeliveryMode.AT_LEAST_ONCE);
        final Map<String, List<Prediction>> reference = reference();
        int repeats = 0;
        for (final String stream : STREAMS) {
            final List<JsonNode> kept = new ArrayList<>();
            final Map<Long, JsonNode> first = new HashMap<>();
            long last = -1;
            for (final JsonNode p : out.get(stream)) {
                final long seq = p.get("seq").asLong();
                final JsonNode before = first.putIfAbsent(seq, p);
                if (before != null) {
                    // a repeat is the same prediction again, not a new one under an old number
                    assertEquals(before, p, stream + " seq " + seq);
                }
                if (seq <= last) {
                    repeats++;
                    continue;
                }
                assertEquals(last + 1, seq, stream + ": no hole");
                kept.add(p);
                last = seq;
            }
            assertEquals(PREDICTIONS, kept.size(), stream);
            for (int i = 0; i < kept.size(); i++) {
                assertSame(reference.get(stream).get(i), kept.get(i), stream);
            }
            final Map<Long, JsonNode> bandPower = new HashMap<>();
            for (final JsonNode r : out.get(BAND_POWER + stream)) {
                final JsonNode before = bandPower.putIfAbsent(r.get("seq").asLong(), r);
                if (before != null) {
                    assertEquals(before, r, stream + " band power seq " + r.get("seq"));
                }
            }
            assertEquals(PREDICTIONS, bandPower.size(), stream + " band power numbers");
            assertTrue(bandPower.keySet().stream().allMatch(k -> k >= 0 && k < PREDICTIONS));
        }
        // the failure came after predictions not yet covered by a checkpoint: they came again
        assertTrue(repeats > 0, "no prediction was replayed: the failure tested nothing");
    }

    @Test
    void shouldWriteOneGapRecordWithTheMissingFramesOfAStreamAndNoneForARestartedCount()
            throws Exception {
        final JobConfig options = options(DeliveryMode.AT_LEAST_ONCE);
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1);
                KafkaProducer<byte[], byte[]> producer = producer(runtime.bootstrapServers())) {
            final JobClient job =
                    NeuroStreamJob.onKafka(runtime.bootstrapServers(), options)
                            .executeAsync(runtime.environment());
            for (int seq = 0; seq < 30; seq++) {
                send(producer, "steady/eeg", seq);
                if (seq < 10 || seq > 12) {
                    send(producer, "gappy/eeg", seq);
                }
            }
            // a producer that starts counting again is no gap
            send(producer, "steady/eeg", 0);
            send(producer, "steady/eeg", 1);
            producer.flush();
            final List<JsonNode> features =
                    consume(
                            runtime.bootstrapServers(),
                            Topics.FEATURES,
                            r -> r.get("kind").asText().equals("gap"),
                            1,
                            Duration.ofSeconds(3));
            job.cancel().get(10, TimeUnit.SECONDS);
            final List<JsonNode> gaps =
                    features.stream().filter(r -> r.get("kind").asText().equals("gap")).toList();
            assertEquals(1, gaps.size(), gaps.toString());
            final JsonNode gap = gaps.get(0);
            assertEquals("gappy/eeg", gap.get("stream_id").asText());
            assertEquals(10, gap.get("expected_seq").asLong());
            assertEquals(13, gap.get("received_seq").asLong());
            assertEquals(3, gap.get("missing_frames").asLong());
            assertEquals(13 * FRAME_SAMPLES * PERIOD_NS, gap.get("device_time_ns").asLong());
            assertTrue(gap.get("ingest_ns").asLong() > 0);
        }
    }

    /**
     * Every output kind of a session with an EEG, an event-camera and a calcium stream (the
     * replay-data recordings, sent to the raw topics at 4 times their pace with their end-of-stream
     * frames): the job with exactly-once sinks loses its TaskManager once its first outputs are
     * committed and outputs past a later checkpoint are out but not yet committed, recovers on a
     * spare, and a read_committed consumer then sees, per output kind and stream, exactly the
     * records of an uninterrupted run of the same job on the same input: band power, predictions,
     * avalanches and their statistics (EEG and calcium), calcium events, motifs (event camera and
     * calcium spikes), device-time alerts, the resting-state descriptors of the EEG stream, and the
     * EEG windows labelled with the recording's annotation (T0 from 0 to 60.2 s, a marker on {@code
     * neuro.markers}, which the reference run reads all at once, long before the frames it labels).
     */
    @Test
    void shouldDeliverEveryRecordOfEveryKindOnceAndAsAnUninterruptedRunAcrossATaskManagerFailure()
            throws Exception {
        final Path journal = work.resolve("session");
        final CliRun record = CliRun.recordReplayDataSession(HOME.resolve("replay-data"), journal);
        assertEquals(0, record.exitCode(), record.err());
        final Path rules = work.resolve("rules.yaml");
        Files.writeString(
                rules,
                String.join(
                        "\n",
                        "rules:",
                        "  - {name: gamma-high, kind: feature, severity: warning, field:"
                                + " relative_power, band: gamma, channel: mean, op: above,"
                                + " threshold: 0.05, for_seconds: 0.5}",
                        "  - {name: branching, kind: statistic, severity: info, field:"
                                + " branching_ratio, min: 0.8, max: 1.2}",
                        ""));
        final JobConfig options =
                options(DeliveryMode.EXACTLY_ONCE).toBuilder()
                        .checkpointInterval(Duration.ofSeconds(1))
                        .motifModelFile(HOME.resolve("replay-data/models/moving-bars.json"))
                        .calciumMotifModelFile(
                                HOME.resolve("replay-data/models/calcium-bursts.json"))
                        .alertsFile(rules)
                        // every 5 s instead of 1 s: the descriptors are slow on this session
                        .descriptors(true)
                        .descriptorStep(Duration.ofSeconds(5))
                        .build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1)) {
            final String bootstrap = runtime.bootstrapServers();
            runtime.broker().createTopics(REFERENCE.values().toArray(new String[0]));

            // the run with a failure, its input arriving over about 15 s (a tenth of the pace it
            // was
            // recorded at, 40 times device time), so that it fails while it reads
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, options).executeAsync(runtime.environment());
            awaitCheckpointAfter(runtime, job.getJobID(), 0); // running
            // the spare, started now that every task runs on the first TaskManager: started just
            // before the failure, its start could outlast the open transactions the failure must
            // find (a checkpoint committing them all meanwhile)
            runtime.miniCluster().startTaskManager();
            final CompletableFuture<Long> sent =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return JournalReplay.toKafka(
                                            journal,
                                            KafkaClients.plaintext(),
                                            bootstrap,
                                            new Pacing(0.1));
                                } catch (final IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            consume(bootstrap, "read_committed", Topics.PREDICTIONS, r -> true, 1, Duration.ZERO);
            // a checkpoint completed, and outputs after it are out in open transactions
            awaitCheckpointAfter(
                    runtime, job.getJobID(), completedCheckpoints(runtime, job.getJobID()));
            Thread.sleep(300);
            assertFalse(sent.isDone(), "the input was all sent before the failure");
            runtime.miniCluster().terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            assertTrue(sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) > 0);
            awaitConsumed(bootstrap, "neurostream-job");
            awaitCheckpoints(runtime, job.getJobID());
            final AccessExecutionGraph graph =
                    runtime.miniCluster().getExecutionGraph(job.getJobID()).get();
            assertTrue(graph.getStatusTimestamp(JobStatus.RESTARTING) > 0, "the job restarted");
            assertNotNull(graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint());
            job.cancel().get(30, TimeUnit.SECONDS);

            // the uninterrupted run on the same input, now all there, to topics of its own
            final JobClient reference =
                    new NeuroStreamJob(
                                    KafkaSource.<RawRecord>builder()
                                            .setBootstrapServers(bootstrap)
                                            .setTopics(NeuroStreamJob.INPUT_TOPICS)
                                            .setGroupId("reference")
                                            .setStartingOffsets(OffsetsInitializer.earliest())
                                            .setDeserializer(new RawRecordDeserializer())
                                            .build(),
                                    referenceSinks(bootstrap),
                                    options)
                            .executeAsync(runtime.environment());
            awaitConsumed(bootstrap, "reference");
            awaitCheckpoints(runtime, reference.getJobID());
            reference.cancel().get(30, TimeUnit.SECONDS);

            int aborted = 0;
            final Set<String> kinds = new TreeSet<>();
            for (final Map.Entry<String, String> t : REFERENCE.entrySet()) {
                final Map<String, List<String>> expected =
                        byKindAndStream(everything(bootstrap, "read_committed", t.getValue()));
                final Map<String, List<String>> seen =
                        byKindAndStream(everything(bootstrap, "read_committed", t.getKey()));
                assertEquals(expected.keySet(), seen.keySet(), t.getKey());
                for (final String k : expected.keySet()) {
                    assertEquals(
                            expected.get(k).size(),
                            seen.get(k).size(),
                            t.getKey() + " " + k + ": records");
                    assertEquals(expected.get(k), seen.get(k), t.getKey() + " " + k);
                    kinds.add(k.substring(0, k.indexOf(' ')));
                }
                aborted +=
                        byKindAndStream(everything(bootstrap, "read_uncommitted", t.getKey()))
                                        .values()
                                        .stream()
                                        .mapToInt(List::size)
                                        .sum()
                                - seen.values().stream().mapToInt(List::size).sum();
            }
            assertEquals(COMPARED, kinds);
            // outputs were out but not committed when the TaskManager died: the recovery dropped
            // them and wrote them again
            assertTrue(aborted > 0, "no output was written again: the failure tested nothing");
        }
    }

    /** The output topics of the job, and the uninterrupted run's stand-ins for them. */
    private static final Map<String, String> REFERENCE =
            Map.of(
                    Topics.FEATURES, "reference.features",
                    Topics.PREDICTIONS, "reference.predictions",
                    Topics.ALERTS, "reference.alerts");

    private static JobSinks referenceSinks(final String bootstrap) {
        final DeliveryMode mode = DeliveryMode.EXACTLY_ONCE;
        final String features = REFERENCE.get(Topics.FEATURES);
        return JobSinks.builder()
                .bandPower(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (BandPowerRecord r) -> r.streamId,
                                mode,
                                "reference-features"))
                .avalanches(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (AvalancheRecord a) -> a.streamId,
                                mode,
                                "reference-avalanches"))
                .motifs(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (MotifRecord m) -> m.streamId,
                                mode,
                                "reference-motifs"))
                .calciumEvents(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (CalciumEventRecord e) -> e.streamId,
                                mode,
                                "reference-calcium"))
                .labelledWindows(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (LabelledWindowRecord w) -> w.streamId,
                                mode,
                                "reference-labelled-windows"))
                .descriptors(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                features,
                                (DescriptorRecord d) -> d.streamId,
                                mode,
                                "reference-descriptors"))
                .predictions(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                REFERENCE.get(Topics.PREDICTIONS),
                                (PredictionRecord p) -> p.streamId,
                                mode,
                                "reference-predictions"))
                .alerts(
                        NeuroStreamJob.kafkaSink(
                                KafkaClients.plaintext(),
                                bootstrap,
                                REFERENCE.get(Topics.ALERTS),
                                (AlertRecord a) -> a.streamId,
                                mode,
                                "reference-alerts"))
                .build();
    }

    /**
     * The output kinds compared: those of keyed state, per stream or (labelled windows) per
     * session, which the reference run has sinks for. Gap records (none in this session) and firing
     * rates (no spike stream in it) are not.
     */
    private static final Set<String> COMPARED = compared();

    private static Set<String> compared() {
        final Set<String> kinds =
                new TreeSet<>(
                        List.of(
                                "alert",
                                "avalanche",
                                "avalanche_stats",
                                "bandpower",
                                "calcium_event",
                                "motif",
                                "prediction",
                                LabelledWindowRecord.KIND));
        kinds.addAll(DescriptorRecord.KINDS);
        return Set.copyOf(kinds);
    }

    /** Records of the {@link #COMPARED} kinds per "kind stream", in topic order, as JSON text. */
    private static Map<String, List<String>> byKindAndStream(final List<JsonNode> records) {
        final Map<String, List<String>> out = new TreeMap<>();
        for (final JsonNode r : records) {
            final String kind =
                    r.has("rule") ? "alert" : r.has("kind") ? r.get("kind").asText() : "prediction";
            if (COMPARED.contains(kind)) {
                out.computeIfAbsent(
                                kind + " " + r.get("stream_id").asText(), k -> new ArrayList<>())
                        .add(r.toString());
            }
        }
        return out;
    }

    /** Every record on {@code topic} now, as {@code isolation} sees it. */
    private static List<JsonNode> everything(
            final String bootstrap, final String isolation, final String topic) throws Exception {
        return TopicReader.read(
                bootstrap, isolation, topic, r -> true, 0, Duration.ofSeconds(2), TIMEOUT);
    }

    /** Waits until the job reading as {@code group} committed, at a checkpoint, all raw input. */
    private static void awaitConsumed(final String bootstrap, final String group) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!consumedAll(bootstrap, group)) {
            assertTrue(System.nanoTime() < deadline, group + " did not read all its input");
            Thread.sleep(200);
        }
    }

    /**
     * Waits for two more completed checkpoints of {@code job}: the outputs of the input read before
     * the first of them are then committed too, whichever task heard of it first.
     */
    private static void awaitCheckpoints(final EmbeddedRuntime runtime, final JobID job)
            throws Exception {
        awaitCheckpointAfter(runtime, job, completedCheckpoints(runtime, job) + 1);
    }

    /** Whether {@code group}'s offsets, committed at a checkpoint, are at the raw topics' ends. */
    private static boolean consumedAll(final String bootstrap, final String group)
            throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final String topic : Topics.RAW) {
                for (final var p :
                        admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions()) {
                    latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                }
            }
            for (final var e : admin.listOffsets(latest).all().get().entrySet()) {
                final long end = e.getValue().offset();
                final var c = committed.get(e.getKey());
                if (end > 0 && (c == null || c.offset() < end)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Streams the session, kills the TaskManager that runs the job once some predictions are
     * committed by a checkpoint and later ones are out but not yet covered by the next, streams the
     * rest while the job recovers on a spare TaskManager, and returns every prediction a
     * read_committed consumer sees, per stream in topic order.
     */
    private Map<String, List<JsonNode>> runWithFailure(final DeliveryMode mode) throws Exception {
        final JobConfig options = options(mode);
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1);
                KafkaProducer<byte[], byte[]> producer = producer(runtime.bootstrapServers())) {
            final String bootstrap = runtime.bootstrapServers();
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, options).executeAsync(runtime.environment());
            final JobID id = job.getJobID();

            sendFrames(producer, 0, FRAMES_BEFORE_CHECKPOINT);
            // uncommitted records count here: the job has emitted them
            awaitPredictions(bootstrap, predictionsAfter(FRAMES_BEFORE_CHECKPOINT));
            // the spare, started while every task runs on the first TaskManager (see below)
            runtime.miniCluster().startTaskManager();
            final long completed = completedCheckpoints(runtime, id);
            awaitCheckpointAfter(runtime, id, completed);

            // then frames in batches until a batch's predictions are out before the next
            // checkpoint completes (on a busy machine one may come between): those are what a
            // recovery must not lose or, exactly once, repeat
            int sent = FRAMES_BEFORE_CHECKPOINT;
            while (true) {
                final long before = completedCheckpoints(runtime, id);
                sendFrames(producer, sent, sent + BATCH);
                sent += BATCH;
                awaitPredictions(bootstrap, predictionsAfter(sent));
                if (completedCheckpoints(runtime, id) == before) {
                    break;
                }
                assertTrue(sent < FRAMES_BEFORE_FAILURE, "a checkpoint came after every batch");
            }

            // a real failure: the TaskManager running every task goes away, at once (a spare
            // started here could take longer than the next checkpoint, which would then commit
            // what the failure must find uncommitted); the spare takes over
            runtime.miniCluster().terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            sendFrames(producer, sent, FRAMES);

            final List<JsonNode> predictions =
                    consume(
                            bootstrap,
                            Topics.PREDICTIONS,
                            r -> r.get("seq").asLong() == PREDICTIONS - 1,
                            STREAMS.size(),
                            CHECKPOINT_INTERVAL.plusSeconds(3));
            // band power records are numbered the same way, and committed at the same checkpoint
            final List<JsonNode> bandPower =
                    consume(
                            bootstrap,
                            Topics.FEATURES,
                            r ->
                                    r.get("kind").asText().equals("bandpower")
                                            && r.get("seq").asLong() == PREDICTIONS - 1,
                            STREAMS.size(),
                            Duration.ZERO);
            final AccessExecutionGraph graph = runtime.miniCluster().getExecutionGraph(id).get();
            assertEquals(JobStatus.RUNNING, graph.getState());
            assertTrue(graph.getStatusTimestamp(JobStatus.RESTARTING) > 0, "the job restarted");
            assertNotNull(
                    graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint(),
                    "the job restored a checkpoint");
            job.cancel().get(10, TimeUnit.SECONDS);

            final Map<String, List<JsonNode>> byStream = new HashMap<>();
            STREAMS.forEach(s -> byStream.put(s, new ArrayList<>()));
            predictions.forEach(p -> byStream.get(p.get("stream_id").asText()).add(p));
            bandPower.stream()
                    .filter(r -> r.get("kind").asText().equals("bandpower"))
                    .forEach(
                            r ->
                                    byStream.computeIfAbsent(
                                                    BAND_POWER + r.get("stream_id").asText(),
                                                    k -> new ArrayList<>())
                                            .add(r));
            return byStream;
        }
    }

    private JobConfig options(final DeliveryMode mode) throws Exception {
        return JobConfig.builder()
                .delivery(mode)
                .checkpointInterval(CHECKPOINT_INTERVAL)
                .restartDelay(Duration.ofMillis(500))
                .checkpointDirectory(work.resolve("checkpoints").toUri().toString())
                .computeBackend(BackendKind.CPU)
                .modelFile(MODEL)
                .build();
    }

    /** What a prediction must be: the model on the offline band power of the same samples. */
    private record Prediction(long endNs, double probability, String label) {}

    private static void assertSame(final Prediction expected, final JsonNode actual, String what) {
        assertEquals(expected.endNs(), actual.get("end_ns").asLong(), what);
        assertEquals(expected.probability(), actual.get("probability").asDouble(), 0.0, what);
        assertEquals(expected.label(), actual.get("label").asText(), what);
    }

    private static Map<String, List<Prediction>> reference() throws Exception {
        // the shipped model is of the earlier format: the job runs it as bandpower-lr, whose
        // features are the job's band power
        final LogisticModelFile file =
                LogisticModelFile.parse(java.nio.file.Files.readString(MODEL), MODEL);
        final LogisticRegression model = file.regression();
        final double[] logPower = new double[model.featureCount()];
        final Map<String, List<Prediction>> out = new HashMap<>();
        for (final String stream : STREAMS) {
            final SpectralAnalysis analysis =
                    new SpectralAnalysis(BandPowerOptions.defaults(), CHANNELS, PERIOD_NS);
            final SpectralState state = analysis.newState(0);
            final List<BandPowerRecord> records = new ArrayList<>();
            final ListCollector<BandPowerRecord> collector = new ListCollector<>(records);
            for (int seq = 0; seq < FRAMES; seq++) {
                analysis.append(
                        state, samples(stream, seq), 0, FRAME_SAMPLES, stream, 0, collector);
            }
            final List<Prediction> predictions = new ArrayList<>();
            for (final BandPowerRecord r : records) {
                BandPowerFeatures.logBandPower(r.bandPower, logPower);
                predictions.add(
                        new Prediction(
                                r.endNs,
                                model.probability(logPower),
                                file.classNames().get(model.predict(logPower))));
            }
            assertEquals(PREDICTIONS, predictions.size());
            out.put(stream, predictions);
        }
        return out;
    }

    private static int predictionsAfter(final int frames) {
        return (frames * FRAME_SAMPLES - 320) / 40 + 1;
    }

    /** Frame {@code seq} of a stream: noise of 20 uV plus a 10 Hz rhythm, the same every time. */
    private static float[] samples(final String stream, final int seq) {
        final Random random = new Random(stream.hashCode() * 31L + seq);
        final float[] samples = new float[CHANNELS * FRAME_SAMPLES];
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            final double t = (seq * FRAME_SAMPLES + i) * PERIOD_NS / 1e9;
            for (int c = 0; c < CHANNELS; c++) {
                samples[i * CHANNELS + c] =
                        (float)
                                (20 * random.nextGaussian()
                                        + (c + 1) * Math.sin(2 * Math.PI * 10 * t));
            }
        }
        return samples;
    }

    private static void sendFrames(
            final KafkaProducer<byte[], byte[]> producer, final int from, final int to) {
        for (int seq = from; seq < to; seq++) {
            for (final String stream : STREAMS) {
                send(producer, stream, seq);
            }
        }
        producer.flush();
    }

    private static void send(
            final KafkaProducer<byte[], byte[]> producer, final String stream, final int seq) {
        final byte[] id = stream.getBytes(StandardCharsets.UTF_8);
        final byte[] session = stream.split("/")[0].getBytes(StandardCharsets.UTF_8);
        final byte[] frame =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES,
                                CHANNELS,
                                FRAME_SAMPLES,
                                id.length,
                                session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(frame), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(seq)
                .deviceTimeNs(seq * FRAME_SAMPLES * PERIOD_NS)
                .periodNs(PERIOD_NS)
                .ingestTimeNs(System.currentTimeMillis() * 1_000_000L)
                .counts(CHANNELS, FRAME_SAMPLES)
                .ids(id, session)
                .putSamples(samples(stream, seq), 0)
                .finish();
        producer.send(new ProducerRecord<>(Topics.RAW_EEG, id, frame));
    }

    private static long completedCheckpoints(final EmbeddedRuntime runtime, final JobID id)
            throws Exception {
        return runtime.miniCluster()
                .getExecutionGraph(id)
                .get()
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    private static void awaitCheckpointAfter(
            final EmbeddedRuntime runtime, final JobID id, final long completed) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (completedCheckpoints(runtime, id) <= completed) {
            assertTrue(System.nanoTime() < deadline, "no checkpoint completed");
            Thread.sleep(20);
        }
    }

    /** Waits until every stream's prediction number {@code count - 1} is out, committed or not. */
    private static void awaitPredictions(final String bootstrap, final int count) throws Exception {
        consume(
                bootstrap,
                "read_uncommitted",
                Topics.PREDICTIONS,
                r -> r.get("seq").asLong() == count - 1,
                STREAMS.size(),
                Duration.ZERO);
    }

    private static List<JsonNode> consume(
            final String bootstrap,
            final String topic,
            final Predicate<JsonNode> last,
            final int lastCount,
            final Duration linger)
            throws Exception {
        return consume(bootstrap, "read_committed", topic, last, lastCount, linger);
    }

    /**
     * Reads {@code topic} from the start until {@code lastCount} records match {@code last}, then
     * {@code linger} longer (to see late repeats); every record, in topic order.
     */
    private static List<JsonNode> consume(
            final String bootstrap,
            final String isolation,
            final String topic,
            final Predicate<JsonNode> last,
            final int lastCount,
            final Duration linger)
            throws Exception {
        return TopicReader.read(bootstrap, isolation, topic, last, lastCount, linger, TIMEOUT);
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

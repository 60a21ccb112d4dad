package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
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
 * run without failure produces. Also: frames missing from a stream make a gap record.
 */
class RecoveryIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final ObjectMapper JSON = RecordJson.newMapper();

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

            // a real failure: the TaskManager running every task goes away; a spare takes over
            runtime.miniCluster().startTaskManager();
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
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("isolation.level", isolation);
        final List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // assigned, not subscribed: no group to join, reading starts at once
            consumer.assign(
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList());
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long until = Long.MAX_VALUE;
            int found = 0;
            while (System.nanoTime() < until) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "only " + found + " of " + lastCount + " last records on " + topic);
                for (final ConsumerRecord<byte[], byte[]> r :
                        consumer.poll(Duration.ofMillis(100))) {
                    final JsonNode record = JSON.readTree(r.value());
                    out.add(record);
                    if (last.test(record) && ++found == lastCount) {
                        until = System.nanoTime() + linger.toNanos();
                    }
                }
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

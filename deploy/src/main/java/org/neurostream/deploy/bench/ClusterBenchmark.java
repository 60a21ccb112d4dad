package org.neurostream.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.cluster.ClusterJob;
import org.neurostream.deploy.cluster.ClusterRest;
import org.neurostream.deploy.cluster.ClusterSpec;
import org.neurostream.deploy.cluster.StandaloneCluster;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;

/**
 * The job on a real multi-JVM cluster, the same input with 1, then 2 TaskManagers of one slot each:
 * a fresh embedded broker holds a backlog of {@code streams} copies of one EEG recording (frames of
 * 8 samples); throughput is the backlog's frames over the time from the job RUNNING to its last
 * prediction; then the same recording is streamed again at 4x its pace, and the latency is the
 * prediction's arrival at a consumer minus the frame's ingest stamp. The key share comes from the
 * band-power subtasks: the streams each one owns (Flink's key-group assignment) and the records it
 * read, per TaskManager.
 */
public final class ClusterBenchmark {
    private static final int SAMPLES_PER_FRAME = 8;
    private static final int PARTITIONS = 4;
    private static final double PACED_SPEED = 2;
    private static final long METRICS_WAIT_MS = 3000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterBenchmark() {}

    /**
     * One cluster size's figures.
     *
     * @param taskManagers TaskManagers (one slot each, job parallelism the same)
     * @param frames backlog frames
     * @param framesPerSecond backlog frames per second, job RUNNING to last prediction
     * @param latencyP99Ms end-to-end p99 of the paced run
     * @param latencyCount predictions the latency is over
     * @param keysPerTaskManager streams owned by each TaskManager's band-power subtasks
     * @param recordsPerTaskManager records those subtasks read
     */
    public record Result(
            int taskManagers,
            long frames,
            double framesPerSecond,
            double latencyP99Ms,
            long latencyCount,
            Map<String, Integer> keysPerTaskManager,
            Map<String, Long> recordsPerTaskManager) {}

    /** Runs every cluster size in {@code taskManagerCounts} on the same input. */
    public static List<Result> run(
            final Path work,
            final String classpath,
            final Path recording,
            final String modelJson,
            final int streams,
            final int[] taskManagerCounts)
            throws Exception {
        final List<Result> out = new ArrayList<>();
        for (final int n : taskManagerCounts) {
            final Path dir = work.resolve("tm" + n);
            Folders.deleteRecursively(dir);
            out.add(runOnce(dir, classpath, recording, modelJson, streams, n));
        }
        return out;
    }

    /**
     * {@code cluster bench}: {@code streams} copies of the sample recording of {@code home}'s
     * replay-data through clusters of 1 and then 2 TaskManagers in {@code work}, each result
     * printed.
     */
    public static void run(
            final Path home, final Path work, final int streams, final PrintWriter out)
            throws Exception {
        for (final Result r :
                run(
                        work,
                        StandaloneCluster.selfClasspath(),
                        home.resolve("replay-data/eeg/S001R01.edf"),
                        java.nio.file.Files.readString(
                                home.resolve("replay-data/models/rest-vs-imagery.json")),
                        streams,
                        new int[] {1, 2})) {
            print(r, out);
        }
    }

    /** Prints a result as {@code bench:} lines. */
    public static void print(final Result r, final PrintWriter out) {
        final String p = "bench: cluster.tm" + r.taskManagers() + ".";
        out.printf(
                Locale.ROOT,
                "%sframes_per_s=%.0f frames/s (%d frames)%n",
                p,
                r.framesPerSecond(),
                r.frames());
        out.printf(
                Locale.ROOT,
                "%sframes_per_s_per_slot=%.0f frames/s%n",
                p,
                r.framesPerSecond() / r.taskManagers());
        out.printf(
                Locale.ROOT,
                "%slatency_p99_ms=%.1f ms (%d predictions)%n",
                p,
                r.latencyP99Ms(),
                r.latencyCount());
        r.keysPerTaskManager()
                .forEach(
                        (tm, keys) ->
                                out.printf(
                                        Locale.ROOT,
                                        "%sshare.%s=%d keys, %d records%n",
                                        p,
                                        tm,
                                        keys,
                                        r.recordsPerTaskManager().getOrDefault(tm, 0L)));
        out.flush();
    }

    private static Result runOnce(
            final Path dir,
            final String classpath,
            final Path recording,
            final String modelJson,
            final int streams,
            final int taskManagers)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            final String bootstrap = broker.bootstrapServers();
            broker.createTopics(PARTITIONS, Topics.ALL.toArray(String[]::new));
            final List<String> backlog = new ArrayList<>();
            long frames = 0;
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                for (int s = 0; s < streams; s++) {
                    final FrameBridge bridge =
                            new FrameBridge(producer, Modality.EEG, "B" + s, "eeg");
                    try (EdfReader reader = EdfReader.open(recording)) {
                        frames += bridge.run(reader, SAMPLES_PER_FRAME, Pacing.parse("max"));
                    }
                    backlog.add(bridge.streamId());
                }
            }
            final StandaloneCluster cluster =
                    StandaloneCluster.start(
                            ClusterSpec.defaults(dir.resolve("cluster"), taskManagers, classpath)
                                    .withSlots(1));
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, PARTITIONS)) {
                final JobConfig options =
                        JobConfig.builder()
                                .parallelism(taskManagers)
                                .model(modelJson, "model")
                                .build();
                final JobClient job =
                        ClusterJob.submit(
                                StandaloneCluster.HOST, cluster.restPort(), bootstrap, options);
                final String jobId = job.getJobID().toHexString();
                final ClusterRest rest = cluster.rest();
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!rest.runningSince(jobId, 0)) {
                    check(deadline, "job RUNNING");
                    Thread.sleep(50);
                }
                final long runningMs = System.currentTimeMillis();
                final int perStream = predictionsPerStream(recording);
                final long lastMs =
                        drain(consumer, backlog, perStream, deadline, null).lastTimestampMs;
                final double framesPerSecond = frames * 1000.0 / (lastMs - runningMs);

                final Histogram latencyUs = new Histogram(60_000_000L, 3);
                final List<String> paced = new ArrayList<>();
                final List<Thread> feeds = new ArrayList<>();
                try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                    for (int s = 0; s < pacedStreams(streams); s++) {
                        final FrameBridge bridge =
                                new FrameBridge(producer, Modality.EEG, "L" + s, "eeg");
                        paced.add(bridge.streamId());
                        final Thread t =
                                new Thread(
                                        () -> {
                                            try (EdfReader reader = EdfReader.open(recording)) {
                                                bridge.run(
                                                        reader,
                                                        SAMPLES_PER_FRAME,
                                                        new Pacing(PACED_SPEED));
                                            } catch (IOException e) {
                                                throw new java.io.UncheckedIOException(e);
                                            }
                                        },
                                        "feed-" + s);
                        t.start();
                        feeds.add(t);
                    }
                    drain(consumer, paced, perStream, deadline, latencyUs);
                    for (final Thread t : feeds) {
                        t.join();
                    }
                }
                // the first request starts the JobManager's metric fetch, the next one reads it
                rest.vertex(jobId, ClusterRest.KEYED_VERTEX);
                Thread.sleep(METRICS_WAIT_MS);
                final ClusterRest.Vertex v = rest.vertex(jobId, ClusterRest.KEYED_VERTEX);
                final Map<String, Integer> keys = new LinkedHashMap<>();
                final Map<String, Long> records = new LinkedHashMap<>();
                for (int i = 0; i < v.taskManagers().size(); i++) {
                    keys.putIfAbsent(v.taskManagers().get(i), 0);
                    records.merge(v.taskManagers().get(i), v.recordsIn().get(i), Long::sum);
                }
                for (final String stream : backlog) {
                    final int subtask =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    stream, v.maxParallelism(), v.taskManagers().size());
                    keys.merge(v.taskManagers().get(subtask), 1, Integer::sum);
                }
                job.cancel().get();
                return new Result(
                        taskManagers,
                        frames,
                        framesPerSecond,
                        latencyUs.getValueAtPercentile(99) / 1000.0,
                        latencyUs.getTotalCount(),
                        keys,
                        records);
            } finally {
                cluster.stop();
            }
        }
    }

    /** Streams of the paced run: a quarter of the backlog's, at twice real time. */
    public static int pacedStreams(final int streams) {
        return Math.max(1, streams / 4);
    }

    /**
     * Predictions the job makes for one copy of the recording (first at 2 s, then every 0.25 s).
     */
    static int predictionsPerStream(final Path recording) throws IOException {
        try (EdfReader reader = EdfReader.open(recording)) {
            final double fs = reader.sampleRate();
            long samples = 0;
            final float[] block = new float[4096 * reader.channelCount()];
            int n;
            while ((n = reader.read(block, 4096)) > 0) {
                samples += n;
            }
            final long window = Math.round(2 * fs);
            final long hop = Math.round(0.25 * fs);
            return (int) ((samples - window) / hop + 1);
        }
    }

    private record Drained(long lastTimestampMs) {}

    /**
     * Consumes predictions until every stream of {@code streams} has {@code perStream} distinct
     * intervals; with a histogram, records each one's ingest-to-arrival latency.
     */
    private static Drained drain(
            final KafkaConsumer<String, String> consumer,
            final List<String> streams,
            final int perStream,
            final long deadline,
            final Histogram latencyUs)
            throws IOException {
        final Set<String> wanted = new HashSet<>(streams);
        final Set<String> seen = new HashSet<>();
        final long total = (long) perStream * streams.size();
        long last = 0;
        while (seen.size() < total) {
            check(deadline, seen.size() + " of " + total + " predictions");
            for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                final long arrivalNs = org.neurostream.core.time.WallClock.epochNanos();
                if (!wanted.contains(r.key())) {
                    continue;
                }
                final JsonNode p = JSON.readTree(r.value());
                if (seen.add(r.key() + "@" + p.path(RecordJson.START_NS).asLong())) {
                    last = arrivalNs / 1_000_000;
                    if (latencyUs != null) {
                        latencyUs.recordValue(
                                Math.max(
                                        0,
                                        (arrivalNs - p.path(RecordJson.INGEST_NS).asLong())
                                                / 1000));
                    }
                }
            }
        }
        return new Drained(last);
    }

    private static void check(final long deadline, final String what) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("cluster benchmark timed out waiting for " + what);
        }
    }

    // the benchmark's own embedded broker is plaintext: clients with no settings of the user's
    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        return KafkaClients.plaintext()
                .producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"));
    }

    /**
     * A read_committed consumer of the first {@code partitions} partitions of the predictions, from
     * their beginning.
     */
    static KafkaConsumer<String, String> consumer(final String bootstrap, final int partitions) {
        final KafkaConsumer<String, String> c =
                new KafkaConsumer<>(
                        KafkaClients.plaintext()
                                .consumerProperties(
                                        bootstrap,
                                        Map.of(
                                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                                "read_committed")),
                        new StringDeserializer(),
                        new StringDeserializer());
        final List<TopicPartition> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new TopicPartition(Topics.PREDICTIONS, i));
        }
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}

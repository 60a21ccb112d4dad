package org.neurostream.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.RecordJson;
import org.neurostream.core.time.WallClock;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.embedded.RunningJob;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.bridge.KafkaFrameSink;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.edf.EdfReader;

/**
 * EEG-sized frames through the whole job, from Kafka to predictions: {@code copies} copies of the
 * sample recording {@code S001R01.edf} (64 channels at 160 Hz) cut into frames of 8 samples, the
 * copies' frames interleaved, fill the raw topic of an embedded broker before the job starts; then
 * the job of {@link NeuroStreamJob#onKafka} (every Kafka sink, the shipped decoder, at-least-once,
 * checkpoints every second; resting-state descriptors off, as in the demo) runs on a MiniCluster
 * with one slot per unit of parallelism, and a consumer of {@code neuro.predictions} notes the
 * arrival of each stream's predictions.
 *
 * <p>Method (steady state, start excluded): between the first and the last prediction's arrival,
 * every stream went through one hop (0.25 s, 40 samples, 5 frames) per prediction after its first,
 * so frames per second = (predictions - streams) x 5 / (last - first). The MiniCluster's start, the
 * deployment and the first window's fill are outside the interval. Per slot = that over the
 * parallelism. Frames per CPU second = the same frames over this process's CPU time (every thread:
 * the job, the broker, the consumer, the JIT compilers) in the same interval; job frames per CPU
 * second = the same frames over the CPU time of the job's own threads (its tasks, its Kafka
 * source's fetchers and sinks' producers; not the broker, the consumer, the JIT compilers or GC),
 * what the job needs of a core whatever shares the machine with it.
 *
 * <p>Before the measured runs, an unmeasured run of the same job on {@value #WARM_UP_COPIES} copies
 * lets the JIT compile the job's path, so the first measured run (parallelism 1) does not pay for
 * the compilation that the second one (parallelism 2) then gets for free.
 */
final class EegFrameBenchmark {
    /** Samples per channel of an EEG frame, as the bridges send them. */
    static final int SAMPLES_PER_FRAME = 8;

    /** Copies of the recording, one stream each. */
    static final int COPIES = 32;

    /** Copies of the recording in the unmeasured warm-up run. */
    static final int WARM_UP_COPIES = 8;

    /**
     * The job's threads: Flink's task threads (their operators, then
     * (subtask/parallelism)#attempt), its Kafka source's fetchers and its Kafka sinks' producers
     * (the bench's own producer is closed before the job starts).
     */
    private static final Pattern JOB_THREAD =
            Pattern.compile(
                    ".* \\(\\d+/\\d+\\)#\\d+$|Source Data Fetcher for .*"
                            + "|kafka-producer-network-thread \\| .*");

    private static final double HOP_SECONDS = 0.25;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private EegFrameBenchmark() {}

    /**
     * Runs the job at parallelism 1 and 2 on {@code home}'s replay-data.
     *
     * @return {@code NAME=VALUE UNIT} lines
     */
    static List<String> run(final Path home) throws Exception {
        final Path recording = home.resolve("replay-data/eeg/S001R01.edf");
        final String model =
                Files.readString(home.resolve("replay-data/models/rest-vs-imagery.json"));
        final List<String> lines = new ArrayList<>();
        measure(recording, model, 1, WARM_UP_COPIES);
        for (final int p : new int[] {1, 2}) {
            final Rate rate = measure(recording, model, p, COPIES);
            final double framesPerSecond = rate.framesPerSecond();
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "frames.kafka.64ch_160hz.p%d.frames_per_s=%.0f frames/s (%.0f per"
                                    + " slot; %d streams of 64 channels at 160 Hz, frames of %d"
                                    + " samples, Kafka to predictions, steady state)",
                            p,
                            framesPerSecond,
                            framesPerSecond / p,
                            COPIES,
                            SAMPLES_PER_FRAME));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "frames.kafka.64ch_160hz.p%d.frames_per_s_per_slot=%.0f frames/s"
                                    + " (target >= 10000)",
                            p,
                            framesPerSecond / p));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "frames.kafka.64ch_160hz.p%d.frames_per_cpu_s=%.0f frames per CPU"
                                    + " second (the whole process: job, broker, consumer; less"
                                    + " sensitive to other load than frames/s)",
                            p,
                            rate.framesPerCpuSecond()));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "frames.kafka.64ch_160hz.p%d.job_frames_per_cpu_s=%.0f frames per CPU"
                                    + " second of the job's threads (tasks and their Kafka"
                                    + " clients; not the broker, the consumer, JIT or GC)",
                            p,
                            rate.framesPerJobCpuSecond()));
        }
        return lines;
    }

    /**
     * Frames per wall-clock second, per CPU second of this process and per CPU second of the job's
     * task threads, in the same interval.
     */
    private record Rate(
            double framesPerSecond, double framesPerCpuSecond, double framesPerJobCpuSecond) {}

    /** CPU seconds of the job's threads so far ({@link #JOB_THREAD}), live ones. */
    private static double jobCpuSeconds() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && JOB_THREAD.matcher(info.getThreadName()).matches()) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum / 1e9;
    }

    private static Rate measure(
            final Path recording, final String model, final int parallelism, final int copies)
            throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-frames-bench-");
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(dir, parallelism)) {
            final String bootstrap = runtime.bootstrapServers();
            final List<String> streams = fill(bootstrap, recording, copies);
            final int perStream = ClusterBenchmark.predictionsPerStream(recording);
            final JobConfig config =
                    JobConfig.builder()
                            .parallelism(parallelism)
                            .model(model, "model")
                            .descriptors(false)
                            .build();
            try (KafkaConsumer<String, String> consumer =
                            ClusterBenchmark.consumer(bootstrap, parallelism);
                    RunningJob job = runtime.run(NeuroStreamJob.onKafka(bootstrap, config))) {
                final Set<String> wanted = new HashSet<>(streams);
                final Set<String> seen = new HashSet<>();
                final long total = (long) perStream * streams.size();
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                long first = 0;
                long last = 0;
                double firstCpu = 0;
                double lastCpu = 0;
                double firstJobCpu = 0;
                while (seen.size() < total) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(
                                "frames benchmark timed out: "
                                        + seen.size()
                                        + " of "
                                        + total
                                        + " predictions, "
                                        + seen.size() / perStream
                                        + " streams' worth; "
                                        + job.id());
                    }
                    for (final ConsumerRecord<String, String> r :
                            consumer.poll(Duration.ofMillis(20))) {
                        final long arrivalNs = System.nanoTime();
                        if (!wanted.contains(r.key())) {
                            continue;
                        }
                        final JsonNode p = JSON.readTree(r.value());
                        if (seen.add(r.key() + "@" + p.path(RecordJson.START_NS).asLong())) {
                            if (first == 0) {
                                first = arrivalNs;
                                firstCpu = BenchJobs.processCpuSeconds();
                                firstJobCpu = jobCpuSeconds();
                            }
                            last = arrivalNs;
                        }
                    }
                }
                lastCpu = BenchJobs.processCpuSeconds();
                final double lastJobCpu = jobCpuSeconds();
                final double framesPerHop =
                        Math.round(HOP_SECONDS * 160) / (double) SAMPLES_PER_FRAME;
                final double frames = (total - streams.size()) * framesPerHop;
                return new Rate(
                        frames / ((last - first) / 1e9),
                        frames / (lastCpu - firstCpu),
                        frames / (lastJobCpu - firstJobCpu));
            }
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /** Writes the copies' frames, one frame of each in turn, each stream ended; their ids. */
    private static List<String> fill(final String bootstrap, final Path recording, final int copies)
            throws IOException {
        final List<String> ids = new ArrayList<>();
        final EdfReader[] readers = new EdfReader[copies];
        final SampleFramer[] framers = new SampleFramer[copies];
        final byte[][] keys = new byte[copies][];
        try (KafkaProducer<byte[], byte[]> producer =
                KafkaClients.plaintext()
                        .producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"))) {
            final KafkaFrameSink sink =
                    new KafkaFrameSink(producer, Modality.EEG.rawTopic(), "frames-bench");
            for (int s = 0; s < copies; s++) {
                readers[s] = EdfReader.open(recording);
                framers[s] = new SampleFramer(readers[s], Modality.EEG, "F" + s, "eeg", 8);
                keys[s] = framers[s].streamId().getBytes(StandardCharsets.UTF_8);
                ids.add(framers[s].streamId());
            }
            int open = copies;
            final boolean[] done = new boolean[copies];
            while (open > 0) {
                for (int s = 0; s < copies; s++) {
                    if (done[s]) {
                        continue;
                    }
                    final long ingestNs = WallClock.epochNanos();
                    if (framers[s].read() > 0) {
                        sink.accept(keys[s], framers[s].pending(ingestNs), ingestNs);
                    } else {
                        sink.accept(keys[s], framers[s].endOfStream(ingestNs), ingestNs);
                        readers[s].close();
                        done[s] = true;
                        open--;
                    }
                }
            }
            producer.flush();
        }
        return ids;
    }
}

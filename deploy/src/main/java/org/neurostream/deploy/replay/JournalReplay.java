package org.neurostream.deploy.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neurostream.core.io.Folders;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalToKafka;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.flink.IdleTimeout;

/**
 * Replays a journal: through the NeuroStream job on a local Flink MiniCluster ({@link #run}: the
 * journal source in place of Kafka, CSV files in place of the output topics; the job is the very
 * one {@link NeuroStreamJob} builds, only its endpoints differ), or back into Kafka's raw topics
 * ({@link #toKafka}).
 */
public final class JournalReplay {
    private JournalReplay() {}

    /** What a replay produced. */
    public record Result(Map<String, Integer> rowsPerFile, double seconds) {
        /** Rows written to files of one kind ("features", "predictions", "deadletters"). */
        public int rows(final String kind) {
            return rowsPerFile.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(kind))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }
    }

    /**
     * Replays {@code journal} through the job and writes its outputs as CSV files into {@code out}
     * (see {@link ReplayOutputs} for the files and their order), or only counts them when {@code
     * out} is null.
     *
     * @param speed 1 for the recorded pace, N times faster, or infinity
     * @param follow tail a journal still being recorded until its recorder closes it
     * @param config the job's configuration (parallelism, band power, models, alert rules); it runs
     *     without checkpoints (a replay is never restarted: it runs again from the journal), its
     *     stream idle timeout counts on device time, and its delivery mode does not apply (no
     *     Kafka)
     * @throws IOException when the journal cannot be opened or the outputs cannot be written
     * @throws Exception when the job fails
     */
    public static Result run(
            final Path journal,
            final double speed,
            final boolean follow,
            final JobConfig config,
            final Path out)
            throws Exception {
        final JobConfig options = replayOptions(config);
        final SessionMetadata metadata = JournalReader.readMetadata(journal);
        final Path target = out != null ? out : Files.createTempDirectory("neurostream-replay-");
        Files.createDirectories(target);
        final Path parts = Files.createTempDirectory(target, ".parts-");
        try {
            final double seconds =
                    execute(
                            new NeuroStreamJob(
                                    new JournalSource(journal, speed, follow),
                                    fileSinks(parts, options),
                                    options),
                            options,
                            journal);
            return new Result(ReplayOutputs.merge(parts, target, metadata), seconds);
        } finally {
            Folders.deleteRecursively(out != null ? parts : target);
        }
    }

    /**
     * Replays {@code journal} through the job, as fast as it goes, for its predictions alone (no
     * other output is written), and returns them per stream id in the order of their windows.
     *
     * @param config the job's configuration (its model above all), run as {@link #run} runs it
     * @throws Exception when the journal cannot be read or the job fails
     */
    public static Map<String, List<PredictionRecord>> predictions(
            final Path journal, final JobConfig config) throws Exception {
        final JobConfig options = replayOptions(config);
        final Path parts = Files.createTempDirectory("neurostream-predictions-");
        try {
            execute(
                    new NeuroStreamJob(
                            new JournalSource(journal, Double.POSITIVE_INFINITY, false),
                            JobSinks.builder()
                                    .predictions(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.PREDICTIONS,
                                                    JournalReplay::json))
                                    .build(),
                            options),
                    options,
                    journal);
            final Map<String, List<PredictionRecord>> byStream = new TreeMap<>();
            try (Stream<Path> files = Files.list(parts)) {
                for (final Path part : files.sorted().toList()) {
                    for (final String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                        final PredictionRecord p = JSON.readValue(line, PredictionRecord.class);
                        byStream.computeIfAbsent(p.streamId, k -> new ArrayList<>()).add(p);
                    }
                }
            }
            byStream.values().forEach(l -> l.sort(Comparator.comparingLong(p -> p.seq)));
            return byStream;
        } finally {
            Folders.deleteRecursively(parts);
        }
    }

    private static final ObjectMapper JSON = RecordJson.newMapper();

    private static String json(final PredictionRecord p) {
        try {
            return JSON.writeValueAsString(p);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A replay's configuration: no checkpoints, and streams that vanish are timed out on device
     * time, so that the same frees happen at the same point of the journal however fast it is
     * replayed.
     */
    private static JobConfig replayOptions(final JobConfig config) {
        return config.toBuilder()
                .checkpointInterval(Duration.ZERO)
                .streamIdleTimeout(IdleTimeout.onDeviceTime(config.streamIdleTimeout().timeout()))
                .build();
    }

    /** Runs the job on a local MiniCluster without restarts; returns the seconds it took. */
    private static double execute(
            final NeuroStreamJob job, final JobConfig options, final Path journal)
            throws Exception {
        final Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        flink.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(flink);
        final long t0 = System.nanoTime();
        job.build(env);
        env.execute("neurostream replay " + journal.getFileName());
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Part files of every output the configuration computes, merged into CSV at the end. */
    private static JobSinks fileSinks(final Path parts, final JobConfig options) {
        final boolean motifs = options.motifs() != null || options.calciumMotifs() != null;
        return JobSinks.builder()
                .bandPower(
                        new PartFileSink<>(
                                parts, ReplayOutputs.FEATURES, ReplayOutputs::featureLine))
                .predictions(
                        new PartFileSink<>(
                                parts, ReplayOutputs.PREDICTIONS, ReplayOutputs::predictionLine))
                .deadLetters(
                        new PartFileSink<>(
                                parts, ReplayOutputs.DEAD_LETTERS, ReplayOutputs::deadLetterLine))
                .avalanches(
                        new PartFileSink<>(
                                parts, ReplayOutputs.AVALANCHES, ReplayOutputs::avalancheLine))
                .motifs(
                        motifs
                                ? new PartFileSink<>(
                                        parts, ReplayOutputs.MOTIFS, ReplayOutputs::motifLine)
                                : null)
                .calciumEvents(
                        new PartFileSink<>(
                                parts,
                                ReplayOutputs.CALCIUM_EVENTS,
                                ReplayOutputs::calciumEventLine))
                .alerts(
                        options.alertRules() != null
                                ? new PartFileSink<>(
                                        parts, ReplayOutputs.ALERTS, ReplayOutputs::alertLine)
                                : null)
                .build();
    }

    /**
     * Sends the journal's frames to the raw topics of the Kafka at {@code bootstrap}, keyed by
     * stream, event times kept (the ingest stamp is set anew at the send).
     *
     * @return the frames sent
     * @throws org.neurostream.ingest.journal.JournalTruncatedException after sending the readable
     *     frames of a truncated journal
     * @throws org.neurostream.ingest.journal.JournalFormatException when it is no journal
     */
    public static long toKafka(final Path journal, final String bootstrap, final Pacing pacing)
            throws IOException {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            return JournalToKafka.replay(journal, producer, pacing);
        }
    }
}

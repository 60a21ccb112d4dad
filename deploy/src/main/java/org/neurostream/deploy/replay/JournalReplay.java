package org.neurostream.deploy.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neurostream.core.io.Folders;
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
        // no checkpoints, and streams that vanish are timed out on device time: the same frees
        // at the same point of the journal however fast it is replayed
        final JobConfig options =
                config.toBuilder()
                        .checkpointInterval(Duration.ZERO)
                        .streamIdleTimeout(
                                IdleTimeout.onDeviceTime(config.streamIdleTimeout().timeout()))
                        .build();
        final SessionMetadata metadata = JournalReader.readMetadata(journal);
        final Path target = out != null ? out : Files.createTempDirectory("neurostream-replay-");
        Files.createDirectories(target);
        final Path parts = Files.createTempDirectory(target, ".parts-");
        try {
            final NeuroStreamJob job =
                    new NeuroStreamJob(
                            new JournalSource(journal, speed, follow),
                            fileSinks(parts, options),
                            options);
            final Configuration flink = new Configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            flink.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
            final StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flink);
            final long t0 = System.nanoTime();
            job.build(env);
            env.execute("neurostream replay " + journal.getFileName());
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final Map<String, Integer> rows =
                    new TreeMap<>(ReplayOutputs.merge(parts, target, metadata));
            rows.putAll(ReplayOutputs.markers(journal, target));
            return new Result(rows, seconds);
        } finally {
            Folders.deleteRecursively(out != null ? parts : target);
        }
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

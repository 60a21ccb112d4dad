package org.neurostream.deploy.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.core.io.Folders;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * Runs the NeuroStream job straight from a journal on a local Flink MiniCluster: the journal source
 * in place of Kafka, file sinks in place of the output topics. The job is the very one {@link
 * NeuroStreamJob} builds; only its endpoints differ.
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
     * (see {@link ReplayOutputs} for the files and their order).
     *
     * @param speed 1 for the recorded pace, N times faster, or infinity
     * @param follow tail a journal still being recorded until its recorder closes it
     * @param options the job's options (parallelism, band power, model); their checkpoint interval
     *     is set to zero (a replay runs without checkpoints)
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
        // a replay is never restarted (it runs again from the journal instead): no checkpoints
        final JobConfig options =
                config.toBuilder().checkpointInterval(java.time.Duration.ZERO).build();
        final SessionMetadata metadata = JournalReader.readMetadata(journal);
        Files.createDirectories(out);
        final Path parts = Files.createTempDirectory(out, ".parts-");
        try {
            final NeuroStreamJob job =
                    new NeuroStreamJob(
                            new JournalSource(journal, speed, follow),
                            JobSinks.builder()
                                    .bandPower(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.FEATURES,
                                                    ReplayOutputs::featureLine))
                                    .predictions(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.PREDICTIONS,
                                                    ReplayOutputs::predictionLine))
                                    .deadLetters(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.DEAD_LETTERS,
                                                    ReplayOutputs::deadLetterLine))
                                    .avalanches(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.AVALANCHES,
                                                    ReplayOutputs::avalancheLine))
                                    .motifs(
                                            options.motifs() == null
                                                            && options.calciumMotifs() == null
                                                    ? null
                                                    : new PartFileSink<>(
                                                            parts,
                                                            ReplayOutputs.MOTIFS,
                                                            ReplayOutputs::motifLine))
                                    .calciumEvents(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.CALCIUM_EVENTS,
                                                    ReplayOutputs::calciumEventLine))
                                    .build(),
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
            return new Result(ReplayOutputs.merge(parts, out, metadata), seconds);
        } finally {
            Folders.deleteRecursively(parts);
        }
    }
}

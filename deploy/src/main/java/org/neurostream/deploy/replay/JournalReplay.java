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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.neurostream.core.io.Folders;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.core.time.Durations;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobConfigException;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.deploy.job.Savepoints;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.flink.StopAfter;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalSummary;
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

    /**
     * What a replay produced.
     *
     * @param rowsPerFile rows written per output file
     * @param seconds the job's run time
     * @param savepoint where the replay left its savepoint, or null
     * @param framesDone the journal frames the savepoint covers, or -1 without one
     */
    public record Result(
            Map<String, Integer> rowsPerFile, double seconds, Path savepoint, long framesDone) {
        /** Rows written to files of one kind ("features", "predictions", "deadletters"). */
        public int rows(final String kind) {
            return rowsPerFile.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(kind))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        /**
         * The lines {@code replay} prints for this result of {@code journal} (as {@code summary}
         * scanned it): the counts, the savepoint, and the files written into {@code out} and to
         * {@code outNwb} (each null when not asked for).
         */
        public List<String> lines(
                final Path journal,
                final JournalSummary summary,
                final String speed,
                final int parallelism,
                final Duration stopAfter,
                final Path out,
                final Path outNwb) {
            final List<String> lines = new ArrayList<>();
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "replay: %s: %d frames of %d streams in %.2f s (speed %s, parallelism"
                                    + " %d): features=%d predictions=%d deadletters=%d",
                            journal,
                            summary.frames(),
                            summary.streams().size(),
                            seconds,
                            speed,
                            parallelism,
                            rows("features"),
                            rows("predictions"),
                            rows("deadletters")));
            if (savepoint != null) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "replay: savepoint %s after %d frames (every stream read past"
                                        + " device time %s s)",
                                savepoint,
                                framesDone,
                                Durations.seconds(stopAfter)));
            }
            if (out != null) {
                for (final Map.Entry<String, Integer> e : rowsPerFile.entrySet()) {
                    lines.add(
                            String.format(
                                    "replay: wrote %s (%d rows)",
                                    out.resolve(e.getKey()), e.getValue()));
                }
            }
            if (outNwb != null) {
                lines.add("replay: wrote " + outNwb);
            }
            return lines;
        }
    }

    /**
     * How a replay takes or resumes from a savepoint: stop after device time {@code stopAfter} with
     * a savepoint in {@code savepoint} (both or neither), and resume from {@code from}, dropping
     * the state of operators the job no longer has when {@code allowNonRestoredState}.
     */
    public record Savepointing(
            Duration stopAfter, Path savepoint, Path from, boolean allowNonRestoredState) {
        /** A replay from the start to the end. */
        public static final Savepointing NONE = new Savepointing(null, null, null, false);

        public Savepointing {
            if ((stopAfter == null) != (savepoint == null)) {
                throw new JobConfigException("--stop-after and --savepoint go together");
            }
            if (stopAfter != null && stopAfter.isNegative()) {
                throw new JobConfigException("--stop-after cannot be negative: " + stopAfter);
            }
        }
    }

    /**
     * A replay without savepoints; see {@link #run(Path, double, boolean, JobConfig, Path,
     * Savepointing)}.
     */
    public static Result run(
            final Path journal,
            final double speed,
            final boolean follow,
            final JobConfig config,
            final Path out)
            throws Exception {
        return run(journal, speed, follow, config, out, Savepointing.NONE);
    }

    /** What {@code replay} prints: its lines, and why the journal read only in part (or null). */
    public record Report(List<String> lines, String problem) {}

    /**
     * Checks that {@code journal} can be replayed before anything else is read: its metadata when
     * {@code follow}ing it, else all of it ({@link JournalSummary#scan}).
     *
     * @throws IOException naming the journal and what is wrong with it
     */
    public static void check(final Path journal, final boolean follow) throws IOException {
        if (follow) {
            JournalReader.readMetadata(journal);
        } else {
            JournalSummary.scan(journal);
        }
    }

    /**
     * What {@code neurostream replay} does after {@link #check}: {@link #run(Path, double, boolean,
     * JobConfig, Path, Savepointing, Path)} at {@code pacing} ({@code speed} as given), and returns
     * {@link Result#lines} and the problem of a journal read only in part.
     */
    public static Report report(
            final Path journal,
            final Pacing pacing,
            final String speed,
            final boolean follow,
            final JobConfig config,
            final Path out,
            final Savepointing savepointing,
            final Path outNwb)
            throws Exception {
        final Result result =
                run(journal, pacing.speed(), follow, config, out, savepointing, outNwb);
        final JournalSummary summary = JournalSummary.scan(journal);
        return new Report(
                result.lines(
                        journal,
                        summary,
                        speed,
                        config.parallelism(),
                        savepointing.stopAfter(),
                        out,
                        outNwb),
                summary.problem());
    }

    /**
     * Replays {@code journal} through the job and writes its outputs as CSV files into {@code out}
     * (see {@link ReplayOutputs} for the files and their order), or only counts them when {@code
     * out} is null. With a savepoint to take, the replay stops where every stream has been read
     * past the device time given ({@link StopAfter}), writes the outputs so far and keeps the
     * savepoint ({@link Savepoints}); resumed from a savepoint, it writes the outputs of the frames
     * after it. A savepoint to resume from is checked before anything starts.
     *
     * @param speed 1 for the recorded pace, N times faster, or infinity
     * @param follow tail a journal still being recorded until its recorder closes it
     * @param config the job's configuration (parallelism, band power, models, alert rules); it runs
     *     without periodic checkpoints (a replay is never restarted: it runs again from the
     *     journal), its stream idle timeout counts on device time, and its delivery mode does not
     *     apply (no Kafka)
     * @throws org.neurostream.deploy.job.JobConfigException when the savepoint to resume from
     *     cannot resume this replay, or the one to take has no place
     * @throws IOException when the journal cannot be opened or the outputs cannot be written
     * @throws Exception when the job fails
     */
    public static Result run(
            final Path journal,
            final double speed,
            final boolean follow,
            final JobConfig config,
            final Path out,
            final Savepointing savepointing)
            throws Exception {
        return run(journal, speed, follow, config, out, savepointing, null);
    }

    /**
     * As {@link #run(Path, double, boolean, JobConfig, Path, Savepointing)}, and with {@code nwb}
     * not null the outputs also as an NWB file ({@link ReplayNwb}; the CSV files go to a temporary
     * folder when {@code out} is null).
     */
    public static Result run(
            final Path journal,
            final double speed,
            final boolean follow,
            final JobConfig config,
            final Path out,
            final Savepointing savepointing,
            final Path nwb)
            throws Exception {
        if (nwb == null || out != null) {
            final Result r = replay(journal, speed, follow, config, out, savepointing);
            if (nwb != null) {
                writeNwb(journal, config, out, r, nwb);
            }
            return r;
        }
        final Path csv = Files.createTempDirectory("neurostream-replay-");
        try {
            final Result r = replay(journal, speed, follow, config, csv, savepointing);
            writeNwb(journal, config, csv, r, nwb);
            return r;
        } finally {
            Folders.deleteRecursively(csv);
        }
    }

    private static void writeNwb(
            final Path journal,
            final JobConfig config,
            final Path csv,
            final Result result,
            final Path nwb)
            throws IOException {
        final SessionMetadata metadata = JournalReader.readMetadata(journal);
        ReplayNwb.write(
                csv,
                result.rowsPerFile().keySet(),
                metadata,
                "NeuroStream replay of the journal "
                        + journal.toAbsolutePath().normalize()
                        + " (session "
                        + metadata.sessionId
                        + ", "
                        + metadata.streams.size()
                        + " streams): the job's outputs (README, \"Replay\"); model "
                        + (config.modelName() != null ? config.modelName() : "none")
                        + ", parallelism "
                        + config.parallelism()
                        + ", calcium resampled to "
                        + (config.resampleHz() > 0 ? config.resampleHz() + " Hz" : "no common rate")
                        + ", band power "
                        + config.bandPower().bands,
                nwb);
    }

    private static Result replay(
            final Path journal,
            final double speed,
            final boolean follow,
            final JobConfig config,
            final Path out,
            final Savepointing savepointing)
            throws Exception {
        final SessionMetadata metadata = JournalReader.readMetadata(journal);
        final JobConfig options = replayOptions(config, metadata);
        if (savepointing.savepoint() != null) {
            Savepoints.checkTarget(savepointing.savepoint());
        }
        if (savepointing.from() != null) {
            Savepoints.check(
                    savepointing.from(),
                    descriptor(journal, metadata, options, -1, null),
                    Savepoints.operatorUids(
                            new NeuroStreamJob(
                                    new JournalSource(journal, speed, follow),
                                    fileSinks(Path.of("never-written"), options, metadata, false),
                                    options)),
                    savepointing.allowNonRestoredState());
        }
        final Path target = out != null ? out : Files.createTempDirectory("neurostream-replay-");
        Files.createDirectories(target);
        final Path parts = Files.createTempDirectory(target, ".parts-");
        try {
            JournalSource source = new JournalSource(journal, speed, follow);
            final StopAfter stop =
                    savepointing.stopAfter() != null
                            ? new StopAfter(
                                    savepointing.stopAfter().toNanos(), parts.resolve("stop"))
                            : null;
            if (stop != null) {
                source = source.stoppingAt(stop);
            }
            final NeuroStreamJob job =
                    new NeuroStreamJob(
                            source,
                            // the journal's markers, whole: a replay split by a savepoint writes
                            // none
                            fileSinks(
                                    parts,
                                    options,
                                    metadata,
                                    stop == null && savepointing.from() == null),
                            options);
            final Configuration flink = new Configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            flink.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
            if (stop != null || savepointing.from() != null) {
                // a savepoint's state goes to files, not into the JobManager's memory
                flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                flink.set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        parts.resolve("checkpoints").toUri().toString());
            }
            if (savepointing.from() != null) {
                flink.set(
                        StateRecoveryOptions.SAVEPOINT_PATH,
                        savepointing.from().toAbsolutePath().toUri().toString());
                flink.set(
                        StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE,
                        savepointing.allowNonRestoredState());
            }
            final StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(
                            EmbeddedRuntime.onLoopback(flink));
            final long t0 = System.nanoTime();
            job.build(env);
            final String name = "neurostream replay " + journal.getFileName();
            Path savepoint = null;
            long framesDone = -1;
            if (stop == null) {
                env.execute(name);
            } else {
                final JobClient client = env.executeAsync(name);
                framesDone = awaitStop(client, stop);
                final Path scratch = Savepoints.scratchBeside(savepointing.savepoint());
                try {
                    final String written =
                            client.stopWithSavepoint(
                                            false,
                                            scratch.toUri().toString(),
                                            SavepointFormatType.CANONICAL)
                                    .get();
                    client.getJobExecutionResult().get();
                    final Savepoints.Descriptor d =
                            descriptor(journal, metadata, options, framesDone, savepointing);
                    d.jobId = client.getJobID().toHexString();
                    savepoint = Savepoints.keep(written, savepointing.savepoint(), d);
                } finally {
                    Savepoints.removeScratch(scratch);
                }
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final Map<String, Integer> rows =
                    new TreeMap<>(ReplayOutputs.merge(parts, target, metadata));
            return new Result(rows, seconds, savepoint, framesDone);
        } finally {
            Folders.deleteRecursively(out != null ? parts : target);
        }
    }

    /** The ROI labels of the journal's calcium streams that have them (an NWB ROI table's). */
    private static Map<String, List<String>> roiLabels(final SessionMetadata metadata) {
        final Map<String, List<String>> labels = new HashMap<>();
        for (final SessionMetadata.Stream s : metadata.streams) {
            if (s.roiLabels != null && !s.roiLabels.isEmpty()) {
                labels.put(s.streamId, s.roiLabels);
            }
        }
        return labels;
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
        final JobConfig options = replayOptions(config, JournalReader.readMetadata(journal));
        final Path parts = Files.createTempDirectory("neurostream-predictions-");
        try {
            final NeuroStreamJob job =
                    new NeuroStreamJob(
                            new JournalSource(journal, Double.POSITIVE_INFINITY, false),
                            JobSinks.builder()
                                    .predictions(
                                            new PartFileSink<>(
                                                    parts,
                                                    ReplayOutputs.PREDICTIONS,
                                                    JournalReplay::json))
                                    .build(),
                            options);
            final Configuration flink = new Configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            flink.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
            final StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flink);
            job.build(env);
            env.execute("neurostream predictions " + journal.getFileName());
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
     * replayed; calcium events name the ROIs of the journal's streams that have labels.
     */
    private static JobConfig replayOptions(final JobConfig config, final SessionMetadata metadata) {
        return config.toBuilder()
                .checkpointInterval(Duration.ZERO)
                .streamIdleTimeout(IdleTimeout.onDeviceTime(config.streamIdleTimeout().timeout()))
                .calcium(config.calcium().withRoiLabels(roiLabels(metadata)))
                .build();
    }

    /** How often the replay looks whether its source reached the stop. */
    private static final Duration STOP_POLL = Duration.ofMillis(20);

    /**
     * Waits until the source stopped where it was told to and returns the frames it handed out.
     *
     * @throws IllegalStateException when the job ended first (it failed)
     */
    private static long awaitStop(final JobClient client, final StopAfter stop) throws Exception {
        while (true) {
            final long frames = stop.framesDone();
            if (frames >= 0) {
                return frames;
            }
            if (client.getJobExecutionResult().isDone()) {
                client.getJobExecutionResult().get(); // a failure's cause
                throw new IllegalStateException("the replay ended before its stop");
            }
            Thread.sleep(STOP_POLL.toMillis());
        }
    }

    /** The descriptor of a replay savepoint of {@code journal}. */
    private static Savepoints.Descriptor descriptor(
            final Path journal,
            final SessionMetadata metadata,
            final JobConfig options,
            final long framesDone,
            final Savepointing savepointing) {
        final Savepoints.Descriptor d = Savepoints.Descriptor.of(Savepoints.Kind.REPLAY, options);
        d.journal = journal.toAbsolutePath().toString();
        d.sessionId = metadata.sessionId;
        d.journalStartNs = metadata.startTimeNs;
        d.frames = framesDone >= 0 ? framesDone : metadata.frames;
        if (savepointing != null && savepointing.stopAfter() != null) {
            d.stopAfterNs = savepointing.stopAfter().toNanos();
        }
        return d;
    }

    /**
     * Part files of every output the configuration computes, merged into CSV at the end; the
     * descriptor rows carry the channel labels of the session metadata.
     */
    private static JobSinks fileSinks(
            final Path parts,
            final JobConfig options,
            final SessionMetadata metadata,
            final boolean markers) {
        final boolean motifs = options.motifs() != null || options.calciumMotifs() != null;
        final HashMap<String, List<String>> labels = ReplayOutputs.labelCells(metadata);
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
                .firingRates(
                        new PartFileSink<>(
                                parts, ReplayOutputs.FIRING_RATES, ReplayOutputs::firingRateLine))
                .labelledWindows(
                        new PartFileSink<>(
                                parts,
                                ReplayOutputs.LABELLED_WINDOWS,
                                ReplayOutputs::labelledWindowLine))
                .markers(
                        markers
                                ? new PartFileSink<>(
                                        parts, ReplayOutputs.MARKERS, ReplayOutputs::markerLine)
                                : null)
                .alerts(
                        options.alertRules() != null
                                ? new PartFileSink<>(
                                        parts, ReplayOutputs.ALERTS, ReplayOutputs::alertLine)
                                : null)
                .descriptors(
                        options.descriptors() != null
                                ? new PartFileSink<>(
                                        parts,
                                        ReplayOutputs.DESCRIPTORS,
                                        r -> ReplayOutputs.descriptorLines(r, labels))
                                : null)
                .build();
    }

    /**
     * The line {@code replay --to-kafka} ends with: {@code replay: JOURNAL: N frames sent to Kafka
     * at BOOTSTRAP in S s (speed X)}.
     */
    public static String toKafkaLine(
            final Path journal,
            final long sent,
            final String bootstrap,
            final double seconds,
            final String speed) {
        return String.format(
                Locale.ROOT,
                "replay: %s: %d frames sent to Kafka at %s in %.2f s (speed %s)",
                journal,
                sent,
                bootstrap,
                seconds,
                speed);
    }

    /**
     * What {@code replay --to-kafka} does: {@link #toKafka} timed, and its {@link #toKafkaLine}
     * ({@code speed} as given).
     */
    public static String toKafka(
            final Path journal,
            final KafkaClients kafka,
            final String bootstrap,
            final Pacing pacing,
            final String speed)
            throws IOException {
        final long t0 = System.nanoTime();
        final long sent = toKafka(journal, kafka, bootstrap, pacing);
        return toKafkaLine(journal, sent, bootstrap, (System.nanoTime() - t0) / 1e9, speed);
    }

    /**
     * Sends the journal's frames to the raw topics of the Kafka at {@code bootstrap}, keyed by
     * stream, event times kept (the ingest stamp is set anew at the send), with a producer {@code
     * kafka} makes, once the cluster has answered it ({@link KafkaClients#verify}).
     *
     * @return the frames sent
     * @throws org.neurostream.ingest.journal.JournalTruncatedException after sending the readable
     *     frames of a truncated journal
     * @throws org.neurostream.ingest.journal.JournalFormatException when it is no journal
     * @throws org.neurostream.core.kafka.KafkaAccessException when the cluster refused the client
     *     or a frame (the first refusal ends it), in one line
     */
    public static long toKafka(
            final Path journal,
            final KafkaClients kafka,
            final String bootstrap,
            final Pacing pacing)
            throws IOException {
        JournalReader.readMetadata(journal);
        kafka.verify(bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                kafka.producer(bootstrap, Map.of("linger.ms", "0"))) {
            return JournalToKafka.replay(journal, producer, pacing);
        } catch (final IOException | RuntimeException e) {
            final IOException refused = kafka.refusal(bootstrap, e);
            if (refused != null) {
                throw refused;
            }
            throw e;
        }
    }
}

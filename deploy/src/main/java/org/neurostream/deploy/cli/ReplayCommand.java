package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurostream.core.time.Durations;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.replay.JournalReplay;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalSummary;
import org.neurostream.ingest.journal.JournalTruncatedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the job straight from a session journal and writes what it produced. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the NeuroStream job straight from a session journal (no Kafka), or replays it into Kafka.",
            "",
            "The journal's frames go, in the order they were recorded, through the very job the"
                    + " live pipeline runs (validation, band power per stream, the decoder), on a"
                    + " local Flink MiniCluster. With --out, its outputs are written as CSV:",
            "  features_<session>_<stream>.csv     start_ns,end_ns,power_<channel>_<band>...,relative_<channel>_<band>...",
            "  predictions_<session>_<stream>.csv  start_ns,end_ns,model,label,probability",
            "  deadletters.csv                     origin,key,reason (frames the job refused)",
            "  alerts_<session>_<stream>.csv       with --alerts: window_start_ns,window_end_ns,id,rule,kind,"
                    + "severity,status,value,threshold,reason",
            "  <kind>_<session>_<stream>.csv       resting-state descriptors of EEG streams (kinds"
                    + " connectivity, aperiodic, hjorth, dfa, pac, alpha): start_ns,end_ns, then the"
                    + " columns of the descriptors command's <kind>.csv from channel (band for"
                    + " connectivity) on, one row per channel or pair of each record; label: the"
                    + " stream's channel labels in journal.json, else empty",
            "  firingrates_<session>_<stream>.csv  spike streams: start_ns,end_ns,spikes,count_<unit>...",
            "  labelledwindows_<session>_<stream>.csv  start_ns,end_ns,source,label,behavior",
            "  peaks_<session>_<stream>.csv        the aperiodic fits' peaks:"
                    + " start_ns,end_ns,channel,label,center_hz,power,bandwidth_hz",
            "  markers_<session>_<stream>.csv      the journal's markers: time_ns,duration_ns,label",
            "Rows are in event-time order and carry no wall-clock field, so the same journal gives"
                    + " byte-identical files at any --speed and --parallelism (alerts of latency and"
                    + " dead-letter rules, which run on the wall clock, aside).",
            "A replay runs without checkpoints and writes files, not Kafka: --checkpoint-interval"
                    + " and --delivery do not apply to it.",
            "",
            "Savepoints: --stop-after D --savepoint SP stops the replay once every stream has been"
                    + " read past device time D (a stream that ended before counts as read), with"
                    + " the outputs so far in --out and the job's state in the new folder SP;"
                    + " --from-savepoint SP resumes it on the same journal, writing the outputs of"
                    + " the rest (each file's rows after the first run's rows make the files of one"
                    + " uninterrupted replay).",
            "",
            "Exit codes: 0 done; 2 unusable journal or model (nothing run); 3 truncated journal"
                    + " (its readable frames were replayed, a warning printed)."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--journal",
            required = true,
            paramLabel = "DIR",
            description = "The session journal.")
    Path journal;

    @Option(
            names = "--speed",
            defaultValue = "max",
            paramLabel = "1|N|max",
            description =
                    "1 = at the recorded arrival pace, N times faster, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--run-job", description = "Run the job on the journal (the default).")
    boolean runJob;

    @Option(
            names = "--to-kafka",
            paramLabel = "BOOTSTRAP",
            description =
                    "Instead of running the job, send the frames to the raw topics on this Kafka, keyed by"
                            + " stream, event times kept (the ingest stamp is set anew at the send).")
    String toKafka;

    @Option(
            names = "--follow",
            description =
                    "Tail a journal that is still being recorded, until its recorder closes it.")
    boolean follow;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the CSV files (default: only count the outputs).")
    Path out;

    @Option(
            names = "--out-nwb",
            paramLabel = "FILE.nwb",
            description = "Also write the outputs as one NWB file (docs/nwb.md).")
    Path outNwb;

    @Option(
            names = "--stop-after",
            paramLabel = "D",
            description =
                    "With --savepoint: stop once every stream has been read past device time D"
                            + " (20s, 1m, ...).")
    Duration stopAfter;

    @Option(
            names = "--savepoint",
            paramLabel = "SP",
            description =
                    "With --stop-after: the new folder the savepoint goes to (refused when it"
                            + " exists and is not empty).")
    Path savepoint;

    @Mixin RestoreOptions restore = new RestoreOptions();

    @Mixin KafkaClientOptions kafka;

    @Mixin
    JobOptionsMixin job =
            new JobOptionsMixin()
                    .withDefaultNote(
                            JobOptions.MODEL, "replay-data/models/rest-vs-imagery.json, if there");

    @Override
    public Integer call() throws Exception {
        final PrintWriter text = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Pacing pacing = FileStreamOptions.pacing(speed);
        if (toKafka != null) {
            if (runJob
                    || out != null
                    || outNwb != null
                    || follow
                    || savepoint != null
                    || restore.from != null) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        "--to-kafka goes without --run-job, --out, --out-nwb, --follow and"
                                + " savepoints");
            }
            return toKafka(text, err, pacing);
        }
        if (follow) {
            JournalReader.readMetadata(journal);
        } else {
            JournalSummary.scan(journal);
        }
        final JobConfig config = modelIfThere(job.toBuilder()).build();
        final JournalReplay.Result result =
                JournalReplay.run(
                        journal,
                        pacing.speed(),
                        follow,
                        config,
                        out,
                        new JournalReplay.Savepointing(
                                stopAfter, savepoint, restore.from, restore.allowNonRestoredState),
                        outNwb);
        final JournalSummary summary = JournalSummary.scan(journal);
        text.printf(
                Locale.ROOT,
                "replay: %s: %d frames of %d streams in %.2f s (speed %s, parallelism %d):"
                        + " features=%d predictions=%d deadletters=%d%n",
                journal,
                summary.frames(),
                summary.streams().size(),
                result.seconds(),
                speed,
                config.parallelism(),
                result.rows("features"),
                result.rows("predictions"),
                result.rows("deadletters"));
        if (result.savepoint() != null) {
            text.printf(
                    Locale.ROOT,
                    "replay: savepoint %s after %d frames (every stream read past device time %s"
                            + " s)%n",
                    result.savepoint(),
                    result.framesDone(),
                    Durations.seconds(stopAfter));
        }
        if (out != null) {
            for (final Map.Entry<String, Integer> e : result.rowsPerFile().entrySet()) {
                text.printf("replay: wrote %s (%d rows)%n", out.resolve(e.getKey()), e.getValue());
            }
        }
        if (outNwb != null) {
            text.printf("replay: wrote %s%n", outNwb);
        }
        if (summary.problem() != null) {
            err.println(
                    "neurostream replay: warning: "
                            + summary.problem()
                            + "; the readable frames were replayed");
            return CliException.PARTIAL_INPUT;
        }
        return 0;
    }

    /** The replay's default model: the shipped decoder, when the NeuroStream folder has it. */
    private JobConfig.Builder modelIfThere(final JobConfig.Builder builder) {
        final Path model = NeuroStreamCli.home().resolve("replay-data/models/rest-vs-imagery.json");
        if (!job.given(JobOptions.MODEL) && Files.isRegularFile(model)) {
            builder.modelFile(model);
        }
        return builder;
    }

    private int toKafka(final PrintWriter text, final PrintWriter err, final Pacing pacing)
            throws Exception {
        final long t0 = System.nanoTime();
        final long sent;
        try {
            sent = JournalReplay.toKafka(journal, kafka.clients(), toKafka, pacing);
        } catch (final JournalTruncatedException e) {
            err.println(
                    "neurostream replay: warning: "
                            + e.getMessage()
                            + "; the readable frames were sent");
            return CliException.PARTIAL_INPUT;
        }
        text.printf(
                Locale.ROOT,
                "replay: %s: %d frames sent to Kafka at %s in %.2f s (speed %s)%n",
                journal,
                sent,
                toKafka,
                (System.nanoTime() - t0) / 1e9,
                speed);
        return 0;
    }
}

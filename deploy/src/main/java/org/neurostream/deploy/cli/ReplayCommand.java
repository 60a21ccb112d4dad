package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.replay.JournalReplay;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.journal.JournalTruncatedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the job straight from a session journal and writes what it produced. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false)
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR")
    Path journal;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "1|N|max")
    String speed;

    @Option(names = "--run-job")
    boolean runJob;

    @Option(names = "--to-kafka", paramLabel = "BOOTSTRAP")
    String toKafka;

    @Option(names = "--follow")
    boolean follow;

    @Option(names = "--out", paramLabel = "DIR")
    Path out;

    @Option(names = "--out-nwb", paramLabel = "FILE.nwb")
    Path outNwb;

    @Option(names = "--stop-after", paramLabel = "D")
    Duration stopAfter;

    @Option(names = "--savepoint", paramLabel = "SP")
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
        JournalReplay.check(journal, follow);
        final JournalReplay.Report report =
                JournalReplay.report(
                        journal,
                        pacing,
                        speed,
                        follow,
                        job.toBuilderWithShippedModel(false).build(),
                        out,
                        new JournalReplay.Savepointing(
                                stopAfter, savepoint, restore.from, restore.allowNonRestoredState),
                        outNwb);
        report.lines().forEach(text::println);
        if (report.problem() != null) {
            err.println(
                    "neurostream replay: warning: "
                            + report.problem()
                            + "; the readable frames were replayed");
            return CliException.PARTIAL_INPUT;
        }
        return 0;
    }

    private int toKafka(final PrintWriter text, final PrintWriter err, final Pacing pacing)
            throws Exception {
        try {
            text.println(JournalReplay.toKafka(journal, kafka.clients(), toKafka, pacing, speed));
            return 0;
        } catch (final JournalTruncatedException e) {
            err.println(
                    "neurostream replay: warning: "
                            + e.getMessage()
                            + "; the readable frames were sent");
            return CliException.PARTIAL_INPUT;
        }
    }
}

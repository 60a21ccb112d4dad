package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.demo.Demo;
import org.neurostream.deploy.demo.DemoSessions;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.bridge.Pacing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The whole pipeline on the embedded runtime, fed by the sample sessions in replay-data. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false)
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--duration", defaultValue = "30s", paramLabel = "TIME")
    Duration duration;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "N|max")
    String speed;

    @Option(names = "--replay-data", paramLabel = "DIR")
    Path replayData;

    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "TIME")
    Duration warmup;

    @Option(names = "--work-dir", paramLabel = "DIR")
    Path workDir;

    @Option(names = "--secure")
    boolean secure;

    @Mixin FileStreamOptions files;

    @Mixin KafkaClientOptions kafka;

    /** The demo's defaults are the sample files of --replay-data ({@link #sampleDefaults}). */
    @Mixin
    JobOptionsMixin job =
            new JobOptionsMixin()
                    .withDefault(
                            JobOptions.DESCRIPTORS,
                            false,
                            "the demo's four live streams on two cores cannot carry them in real"
                                    + " time as well; -D neurostream.descriptors=true turns them"
                                    + " on")
                    .withDefaultNote(
                            JobOptions.MODEL,
                            "replay-data/models/left-right.json, else rest-vs-imagery.json")
                    .withDefaultNote(
                            JobOptions.MOTIF_MODEL,
                            "replay-data/models/moving-bars.json, with event sessions")
                    .withDefaultNote(
                            JobOptions.CALCIUM_MOTIF_MODEL,
                            "replay-data/models/calcium-bursts.json, if there")
                    .withDefaultNote(
                            JobOptions.ALERTS, "replay-data/alerts/example.yaml, if there");

    @Mixin DashboardOptions dashboardOptions;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Pacing pacing = FileStreamOptions.pacing(speed);
        final Path data =
                replayData != null ? replayData : NeuroStreamCli.home().resolve("replay-data");
        final DemoSessions sessions;
        try {
            sessions = DemoSessions.find(data);
        } catch (final IOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        final JobConfig config =
                kafka.applyTo(sessions.sampleDefaults(job.toBuilder(), data, job::given)).build();
        // event-camera sessions in windows of 10 ms, shorter than --frame: motifs span a few ms
        final Demo.DashboardStarter board = dashboardOptions.starter(out);
        final List<FileStream> streams = files.open(sessions.all(), Duration.ofMillis(10));
        try (ShutdownSignal stop = ShutdownSignal.install("demo", Duration.ofSeconds(20))) {
            Demo.run(
                    new Demo.Settings(
                            streams,
                            config,
                            pacing.speed(),
                            speed,
                            duration,
                            warmup,
                            workDir,
                            secure),
                    board,
                    stop,
                    out);
            return 0;
        } catch (final IllegalStateException e) {
            throw new CliException(1, e.getMessage());
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } finally {
            FileStreams.closeQuietly(streams);
        }
    }
}

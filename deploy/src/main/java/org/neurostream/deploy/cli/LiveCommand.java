package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.demo.Live;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.LslSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream live}: the main job on live LSL streams, predictions back out as LSL. */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false)
final class LiveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--lsl", required = true, paramLabel = "PRED")
    List<String> streams;

    @Option(names = "--duration", paramLabel = "TIME")
    Duration duration;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT")
    String bootstrap;

    @Mixin LslInputOptions lsl;

    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "TIME")
    Duration warmup;

    @Option(names = "--work-dir", paramLabel = "DIR")
    Path workDir;

    @Mixin
    JobOptionsMixin job =
            new JobOptionsMixin()
                    .withDefaultNote(
                            JobOptions.MODEL,
                            "replay-data/models/rest-vs-imagery.json, if there; none with"
                                    + " --calibrate");

    @Option(names = "--calibrate", paramLabel = "TIME")
    Duration calibrate;

    @Option(names = "--calibrate-stream", paramLabel = "NAME")
    String calibrateStream;

    @Option(names = "--pipeline", defaultValue = "bandpower-lr", paramLabel = "P")
    String pipeline;

    @Option(names = "--classes", defaultValue = "T0,T1+T2", paramLabel = "A,B[,C...]")
    String classes;

    @Mixin KafkaClientOptions kafka;

    @Mixin DashboardOptions dashboardOptions;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final LslSession.Summary s;
        try (ShutdownSignal stop = ShutdownSignal.install("live", Duration.ofSeconds(20))) {
            final Live.Settings settings =
                    new Live.Settings(
                            streams.stream().map(LslCommand::predicate).toList(),
                            lsl.markerQueries(),
                            LslCommand.config(),
                            lsl.timeout.toNanos(),
                            lsl.buffer,
                            kafka.applyTo(job.toBuilderWithShippedModel(calibrate != null)).build(),
                            duration,
                            warmup,
                            workDir,
                            bootstrap,
                            calibrate,
                            calibrate == null ? null : Live.calibrationRecipe(classes, pipeline),
                            calibrateStream);
            s =
                    Live.run(
                            settings,
                            LslCommand.problems(spec),
                            dashboardOptions.starter(out),
                            stop,
                            out);
        } catch (final LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (final IllegalStateException e) {
            throw new CliException(1, e.getMessage());
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (s.dropped() > 0) {
            spec.commandLine()
                    .getErr()
                    .printf("live: %d LSL stream(s) dropped; the run is partial%n", s.dropped());
            return CliException.PARTIAL_INPUT;
        }
        return 0;
    }
}

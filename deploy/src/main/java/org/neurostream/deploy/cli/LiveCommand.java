package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.demo.Live;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.LslSession;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.training.DecoderTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream live}: the main job on live LSL streams, predictions back out as LSL. */
@Command(
        name = "live",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the main job on live Lab Streaming Layer (LSL) streams, its predictions and alerts"
                    + " served back as LSL outlets.",
            "",
            "Resolves the streams --lsl names (a liblsl predicate: name='X' and type='EEG'; X alone"
                    + " means name='X') and their marker streams (--markers; without it a stream"
                    + " <name>-markers pairs with <name>), starts the embedded runtime (a Kafka broker"
                    + " and a Flink MiniCluster in this process; with --bootstrap only the"
                    + " MiniCluster, on that Kafka) and runs the job on them: each numeric stream"
                    + " becomes <session>/<name> on its raw topic (device time = the clock-corrected"
                    + " LSL stamp minus that of its first sample; samples LSL never delivered are a"
                    + " gap), each marker stream becomes marker records on neuro.markers.",
            "Out: predictions as LSL outlets neurostream-predictions (source id"
                    + " neurostream/<stream id>, type Predictions, float32, one channel per class,"
                    + " labelled with the model's class names, each sample stamped with the LSL time"
                    + " of the last input sample of its window), alerts as the marker outlet"
                    + " neurostream-alerts (one JSON alert per sample).",
            "Progress every 5 s; at the end one line, the demo's summary followed by LSL's keys:",
            "  summary: frames=N features=N predictions=N deadletter=N latency_p50_ms=X"
                    + " latency_p99_ms=Y kafka_floor_p50_ms=X kafka_floor_p99_ms=Y bde=N avalanches=N"
                    + " motifs=N calcium_events=N closed_loop=N closed_loop_p50_us=X"
                    + " closed_loop_p99_us=Y alerts=N decoder_accuracy=null models=NAME@VERSION:N,..."
                    + " lsl_streams=N lsl_samples=N lsl_gaps=N"
                    + " lsl_in_p50_ms=X lsl_in_p99_ms=Y",
            "lsl_streams: LSL streams read (data and marker streams); lsl_samples: samples read;"
                    + " lsl_gaps: jumps in a stream's frame sequence (outlet restart, full buffer);"
                    + " lsl_in: from the clock-corrected LSL time of a window's last sample to the"
                    + " push of its prediction on the outlet (after --warmup). The other keys as in"
                    + " demo --help.",
            "Exit codes: 0 done; 2 a predicate matches nothing (nothing started); 3 a stream was"
                    + " dropped.",
            "",
            LslCommand.NETWORK
        })
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
                            shippedModelUnlessCalibrating(kafka.applyTo(job.toBuilder())).build(),
                            duration,
                            warmup,
                            workDir,
                            bootstrap,
                            calibrate,
                            calibrate == null
                                    ? null
                                    : new DecoderTraining.Recipe(
                                            classes,
                                            PipelineKind.parse(pipeline),
                                            0.5,
                                            2.5,
                                            5,
                                            "live-calibration"),
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

    /** The shipped decoder, as replay's, unless the user gave a model or calibrates one. */
    private JobConfig.Builder shippedModelUnlessCalibrating(final JobConfig.Builder builder) {
        final Path model = NeuroStreamCli.home().resolve("replay-data/models/rest-vs-imagery.json");
        if (calibrate == null && !job.given(JobOptions.MODEL) && Files.isRegularFile(model)) {
            builder.modelFile(model);
        }
        return builder;
    }
}

package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import org.neurostream.ingest.bridge.Pacing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The whole pipeline on the embedded runtime, fed by the sample sessions in replay-data. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the whole pipeline on the embedded runtime, fed by the sessions in replay-data.",
            "",
            "Starts the embedded runtime (a Kafka broker in KRaft mode and a Flink MiniCluster, in"
                    + " this process, on free loopback ports), runs the job with the decoder and the"
                    + " motif kernel, and replays every session in replay-data through it at the pace"
                    + " of its own clock: EEG (eeg/*.edf), calcium imaging (calcium/*.npy) and"
                    + " event-camera files (dvs/*.raw). The resting-state descriptors are off"
                    + " unless -D neurostream.descriptors=true: four live streams on two cores"
                    + " cannot carry them in real time as well. Progress"
                    + " every 5 s; at the end one line:",
            "  summary: frames=N features=N predictions=N deadletter=N latency_p50_ms=X"
                    + " latency_p99_ms=Y kafka_floor_p50_ms=X kafka_floor_p99_ms=Y bde=N avalanches=N motifs=N"
                    + " calcium_events=N closed_loop=N closed_loop_p50_us=X closed_loop_p99_us=Y alerts=N"
                    + " decoder_accuracy=A models=NAME@VERSION:N,...",
            "latency: from the ingest stamp (the bridge hands a frame to the Kafka producer) to a"
                    + " consumer of neuro.predictions holding the prediction; both Kafka hops count."
                    + " kafka_floor: one produce-to-consume hop on the same broker, same settings, same run."
                    + " Percentiles leave out the first --warmup of streaming. bde: feature records that"
                    + " carry band differential entropy; avalanches: neuronal avalanches found (features"
                    + " counts every record on neuro.features: band power, avalanches, avalanche statistics,"
                    + " motif detections, calcium events); motifs: motif detections on the event streams"
                    + " and on the spikes inferred from the calcium sessions (population bursts, with"
                    + " replay-data/models/calcium-bursts.json);"
                    + " calcium_events: spikes inferred from the calcium sessions; closed_loop: predictions"
                    + " read from the closed-loop IPC ring (an Agrona ring in a mapped file) by a reader"
                    + " thread standing in for a stimulator, with the latency from the sink's emission to"
                    + " that reader (it parks 20 us between empty polls); alerts: firing alerts on"
                    + " neuro.alerts from the --alerts rules (replay-data/alerts/example.yaml by default; the first ones are listed above the"
                    + " summary); decoder_accuracy: the share of predictions right among those whose"
                    + " 2 s window lies wholly inside an annotated trial of the model's classes (the"
                    + " sessions' EDF+ annotations; null when none did); models: the models that"
                    + " decoded with their prediction counts, in order of first use (NAME@0 the"
                    + " model the job started with, NAME@1, ... as model publish numbered them).",
            "--secure starts the broker with TLS, SASL/SCRAM and least-privilege ACLs (a throw-away"
                    + " CA and certificates made at start), each client as its role's principal, and"
                    + " appends security=SASL_SSL to the summary (README, \"Security\").",
            "dashboard: a live web page of the outputs, on by default while the demo runs;"
                    + " its address is printed as dashboard: http://127.0.0.1:8080/ (README,"
                    + " \"Dashboard\").",
            "Job options (--model, --alerts, ...) default to the sample files of --replay-data;"
                    + " the motif kernels apply where there are event or calcium sessions.",
            "Ctrl-C stops early, prints the summary so far and shuts everything down."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            paramLabel = "TIME",
            description =
                    "Wall-clock time to stream for: 20, 20s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--speed",
            defaultValue = "1",
            paramLabel = "N|max",
            description =
                    "Replay speed: 1 = real time, N times faster, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(
            names = "--replay-data",
            paramLabel = "DIR",
            description =
                    "Folder with eeg/*.edf sessions (default: replay-data in the NeuroStream folder).")
    Path replayData;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            paramLabel = "TIME",
            description =
                    "Streaming time left out of the latency percentiles, for class loading and JIT"
                            + " (default: ${DEFAULT-VALUE}; everything is still counted).")
    Duration warmup;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Where the broker keeps its data (default: a fresh temporary folder, removed at the end).")
    Path workDir;

    @Option(
            names = "--secure",
            description =
                    "Run the broker with TLS, SASL/SCRAM and ACLs, each client as its role's"
                            + " principal (bridge, job, dashboard).")
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
        final JobConfig config = kafka.applyTo(sampleDefaults(data, sessions)).build();
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
            FileStreamOptions.close(streams);
        }
    }

    /**
     * The job options given, with the demo's own defaults for the others: the sample models and
     * alert rules of {@code data}. Motif kernels apply only where there are sessions to detect in.
     */
    private JobConfig.Builder sampleDefaults(final Path data, final DemoSessions sessions) {
        final JobConfig.Builder b = job.toBuilder();
        if (!job.given(JobOptions.MODEL)) {
            final Path decoder = data.resolve("models/left-right.json");
            b.modelFile(
                    Files.exists(decoder) ? decoder : data.resolve("models/rest-vs-imagery.json"));
        }
        if (sessions.events().isEmpty()) {
            b.motifs(null);
        } else if (!job.given(JobOptions.MOTIF_MODEL)) {
            b.motifModelFile(data.resolve("models/moving-bars.json"));
        }
        final Path calciumModel = data.resolve("models/calcium-bursts.json");
        if (sessions.calcium().isEmpty()) {
            b.calciumMotifs(null);
        } else if (!job.given(JobOptions.CALCIUM_MOTIF_MODEL) && Files.exists(calciumModel)) {
            b.calciumMotifModelFile(calciumModel);
        }
        final Path rules = data.resolve("alerts/example.yaml");
        if (!job.given(JobOptions.ALERTS) && Files.exists(rules)) {
            b.alertsFile(rules);
        }
        return b;
    }
}

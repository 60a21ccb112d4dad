package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.deploy.latency.ClosedLoopMonitor;
import org.neurostream.deploy.latency.KafkaFloorProbe;
import org.neurostream.deploy.latency.LatencySnapshot;
import org.neurostream.deploy.latency.OutputMonitor;
import org.neurostream.ingest.bridge.EventBridge;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.monitoring.dashboard.Dashboard;
import org.neurostream.sinks.flink.IpcPredictionSink;
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
                    + " event-camera files (dvs/*.raw). Progress"
                    + " every 5 s; at the end one line:",
            "  summary: frames=N features=N predictions=N deadletter=N latency_p50_ms=X"
                    + " latency_p99_ms=Y kafka_floor_p50_ms=X kafka_floor_p99_ms=Y bde=N avalanches=N motifs=N"
                    + " calcium_events=N closed_loop=N closed_loop_p50_us=X closed_loop_p99_us=Y alerts=N",
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
                    + " summary).",
            "dashboard: a live web page of the outputs, on by default while the demo runs;"
                    + " its address is printed as dashboard: http://127.0.0.1:8080/ (README,"
                    + " \"Dashboard\").",
            "Ctrl-C stops early, prints the summary so far and shuts everything down."
        })
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
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
            names = "--calcium-fs",
            defaultValue = "30",
            paramLabel = "HZ",
            description =
                    "Imaging frame rate of the calcium sessions, which .npy files do not carry (default: ${DEFAULT-VALUE}).")
    double calciumFs;

    @Option(
            names = "--frame",
            defaultValue = "50ms",
            paramLabel = "TIME",
            description = "Duration of one frame (default: ${DEFAULT-VALUE}).")
    Duration frame;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            paramLabel = "TIME",
            description =
                    "Streaming time left out of the latency percentiles, for class loading and JIT"
                            + " (default: ${DEFAULT-VALUE}; everything is still counted).")
    Duration warmup;

    /** The demo's defaults are the sample files of --replay-data; see {@link #call}. */
    @Mixin
    JobOptionsMixin job =
            new JobOptionsMixin()
                    .withDefaultNote(JobOptions.MODEL, "replay-data/models/rest-vs-imagery.json")
                    .withDefaultNote(
                            JobOptions.MOTIF_MODEL,
                            "replay-data/models/moving-bars.json, with event sessions")
                    .withDefaultNote(
                            JobOptions.CALCIUM_MOTIF_MODEL,
                            "replay-data/models/calcium-bursts.json, if there")
                    .withDefaultNote(
                            JobOptions.ALERTS, "replay-data/alerts/example.yaml, if there");

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Where the broker keeps its data (default: a fresh temporary folder, removed at the end).")
    Path workDir;

    @Mixin DashboardOptions dashboardOptions;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Path home = Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."));
        final Path data = replayData != null ? replayData : home.resolve("replay-data");
        final List<Path> eeg = files(data.resolve("eeg"), "(?i).*\\.(edf|bdf)");
        final List<Path> events =
                Files.isDirectory(data.resolve("dvs"))
                        ? files(data.resolve("dvs"), "(?i).*\\.(raw|aedat4|dat|bin)")
                        : List.of();
        final List<Path> calcium =
                Files.isDirectory(data.resolve("calcium"))
                        ? files(data.resolve("calcium"), "(?i).*\\.(npy|csv)").stream()
                                .filter(p -> !p.getFileName().toString().contains("spikes"))
                                .toList()
                        : List.of();
        final Pacing pacing = parsePacing();
        final JobConfig options = JobOptionsMixin.build(sampleDefaults(data, events, calcium));
        final boolean tempWork = workDir == null;
        final Path work = tempWork ? Files.createTempDirectory("neurostream-demo-") : workDir;
        final Thread hook =
                new Thread(
                        () -> {
                            stopRequested.countDown();
                            try {
                                finished.await(20, TimeUnit.SECONDS);
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(out, eeg, calcium, events, pacing, options, work);
            return 0;
        } finally {
            if (tempWork) {
                Folders.deleteRecursively(work);
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException e) {
                // already shutting down: the hook is running and waits for us
            }
        }
    }

    @SuppressWarnings("try") // the dashboard serves while the try block runs; nothing calls it
    private void run(
            final PrintWriter out,
            final List<Path> eeg,
            final List<Path> calcium,
            final List<Path> events,
            final Pacing pacing,
            final JobConfig options,
            final Path work)
            throws Exception {
        final long t0 = System.nanoTime();
        out.println("demo: starting the embedded Kafka broker and Flink MiniCluster...");
        out.flush();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work, options.parallelism())) {
            runtime.broker().createTopics(1, KafkaFloorProbe.TOPIC);
            final String bootstrap = runtime.bootstrapServers();
            final Path closedLoopFile = work.resolve("closed-loop.ipc");
            final NeuroStreamJob onKafka = NeuroStreamJob.onKafka(bootstrap, options);
            final JobClient job =
                    onKafka.withSinks(
                                    onKafka.sinks()
                                            .withClosedLoop(
                                                    new IpcPredictionSink(
                                                            closedLoopFile.toString())))
                            .executeAsync(runtime.environment());
            awaitRunning(job);
            out.printf(
                    Locale.ROOT,
                    "demo: Kafka at %s, job %s running (%.1f s to start)%n",
                    bootstrap,
                    job.getJobID(),
                    (System.nanoTime() - t0) / 1e9);
            final long timedFrom = WallClock.epochNanos() + warmup.toNanos();
            try (Dashboard dashboard = dashboardOptions.start(bootstrap, out);
                    OutputMonitor monitor = new OutputMonitor(bootstrap, timedFrom).start();
                    ClosedLoopMonitor closedLoop = new ClosedLoopMonitor(closedLoopFile).start();
                    KafkaFloorProbe probe = new KafkaFloorProbe(bootstrap, 10, timedFrom).start();
                    KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                final List<Feed> feeds = new ArrayList<>();
                for (final Path file : eeg) {
                    feeds.add(eegFeed(producer, file, pacing, out));
                }
                for (final Path file : calcium) {
                    feeds.add(calciumFeed(producer, file, pacing, out));
                }
                for (final Path file : events) {
                    feeds.add(eventFeed(producer, file, pacing, out));
                }
                out.printf(
                        "demo: replaying %s at %sx for %s%n",
                        feeds.stream().map(Feed::streamId).toList(), speed, describe(duration));
                out.flush();
                stream(out, monitor, probe, feeds);
                for (final Feed f : feeds) {
                    f.thread().interrupt();
                }
                for (final Feed f : feeds) {
                    f.thread().join(5_000);
                }
                producer.flush();
                drain(monitor);
                for (final String alert : monitor.alertLines()) {
                    out.println("demo: alert " + alert);
                }
                out.println(summary(feeds, monitor, probe, closedLoop));
                out.flush();
                job.cancel().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private void stream(
            final PrintWriter out,
            final OutputMonitor monitor,
            final KafkaFloorProbe probe,
            final List<Feed> feeds)
            throws InterruptedException {
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        long nextProgress = start + 5_000_000_000L;
        while (System.nanoTime() < end && feeds.stream().anyMatch(f -> f.thread().isAlive())) {
            final long wait = Math.min(end, nextProgress) - System.nanoTime();
            if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) {
                out.println("demo: stopping (interrupted)");
                return;
            }
            if (System.nanoTime() >= nextProgress) {
                final LatencySnapshot l = monitor.latency();
                out.printf(
                        Locale.ROOT,
                        "demo: %3.0fs frames=%d features=%d predictions=%d deadletter=%d latency_p99_ms=%.1f%n",
                        (System.nanoTime() - start) / 1e9,
                        frames(feeds),
                        monitor.features(),
                        monitor.predictions(),
                        monitor.deadLetters(),
                        l.p99Ms());
                out.flush();
                nextProgress += 5_000_000_000L;
            }
        }
    }

    /** Waits until the outputs stop growing for half a second (at most 10 s). */
    private static void drain(final OutputMonitor monitor) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            final long now = monitor.features() + monitor.predictions() + monitor.deadLetters();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static String summary(
            final List<Feed> feeds,
            final OutputMonitor monitor,
            final KafkaFloorProbe probe,
            final ClosedLoopMonitor closedLoop) {
        final LatencySnapshot latency = monitor.latency();
        final LatencySnapshot floor = probe.latency();
        return String.format(
                Locale.ROOT,
                "summary: frames=%d features=%d predictions=%d deadletter=%d latency_p50_ms=%.3f latency_p99_ms=%.3f"
                        + " kafka_floor_p50_ms=%.3f kafka_floor_p99_ms=%.3f bde=%d avalanches=%d motifs=%d"
                        + " calcium_events=%d closed_loop=%d closed_loop_p50_us=%.1f closed_loop_p99_us=%.1f"
                        + " alerts=%d",
                frames(feeds),
                monitor.features(),
                monitor.predictions(),
                monitor.deadLetters(),
                latency.p50Ms(),
                latency.p99Ms(),
                floor.p50Ms(),
                floor.p99Ms(),
                monitor.differentialEntropy(),
                monitor.features(AvalancheRecord.KIND),
                monitor.features(MotifRecord.KIND),
                monitor.features(CalciumEventRecord.KIND),
                closedLoop.received(),
                closedLoop.percentileUs(50),
                closedLoop.percentileUs(99),
                monitor.alerts());
    }

    private static long frames(final List<Feed> feeds) {
        return feeds.stream().mapToLong(f -> f.frames().getAsLong()).sum();
    }

    /** One replayed session: its stream id, the thread that feeds it, and its frames so far. */
    private record Feed(String streamId, Thread thread, LongSupplier frames) {}

    private Feed eegFeed(
            final KafkaProducer<byte[], byte[]> producer,
            final Path file,
            final Pacing pacing,
            final PrintWriter out) {
        final String session = file.getFileName().toString().replaceFirst("\\.(?i)(edf|bdf)$", "");
        final FrameBridge bridge = new FrameBridge(producer, Modality.EEG, session, "eeg");
        return feed(
                bridge.streamId(),
                bridge::framesSent,
                out,
                () -> {
                    try (EdfReader reader = EdfReader.open(file)) {
                        final int samples =
                                Math.max(
                                        1,
                                        (int)
                                                Math.round(
                                                        Durations.seconds(frame)
                                                                * reader.sampleRate()));
                        bridge.run(reader, samples, new Pacing(pacing.speed()));
                    }
                });
    }

    private Feed calciumFeed(
            final KafkaProducer<byte[], byte[]> producer,
            final Path file,
            final Pacing pacing,
            final PrintWriter out) {
        final String session = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        final FrameBridge bridge = new FrameBridge(producer, Modality.CALCIUM, session, "calcium");
        return feed(
                bridge.streamId(),
                bridge::framesSent,
                out,
                () -> {
                    final CalciumTraces traces =
                            CalciumTraceReader.read(file, TraceFileOptions.DEFAULTS);
                    // one imaging frame per record: at 30 Hz a frame is 33 ms, already longer than
                    // --frame
                    bridge.run(traces.asSource(calciumFs), 1, new Pacing(pacing.speed()));
                });
    }

    private Feed eventFeed(
            final KafkaProducer<byte[], byte[]> producer,
            final Path file,
            final Pacing pacing,
            final PrintWriter out) {
        final String session = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        final EventBridge bridge = new EventBridge(producer, session, "dvs");
        return feed(
                bridge.streamId(),
                bridge::framesSent,
                out,
                () -> {
                    try (EventFileReader reader = EventFileReader.open(file)) {
                        bridge.run(reader, 10_000, new Pacing(pacing.speed()));
                    }
                });
    }

    /** Something that streams a file until done or interrupted. */
    private interface Streaming {
        void run() throws IOException;
    }

    private static Feed feed(
            final String streamId,
            final LongSupplier frames,
            final PrintWriter out,
            final Streaming body) {
        final Thread t =
                new Thread(
                        () -> {
                            try {
                                body.run();
                            } catch (final IOException e) {
                                out.println("demo: " + streamId + " stopped: " + e.getMessage());
                                out.flush();
                            }
                        },
                        "bridge-" + streamId);
        t.setDaemon(true);
        t.start();
        return new Feed(streamId, t, frames);
    }

    private static void awaitRunning(final JobClient job) throws Exception {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        JobStatus status;
        while ((status = job.getJobStatus().get(10, TimeUnit.SECONDS)) != JobStatus.RUNNING) {
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new CliException(1, "the job did not start: " + status);
            }
            Thread.sleep(100);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The job options given, with the demo's own defaults for the others: the sample models and
     * alert rules of {@code data}. Motif kernels apply only where there are sessions to detect in.
     */
    private JobConfig.Builder sampleDefaults(
            final Path data, final List<Path> events, final List<Path> calcium) {
        final JobConfig.Builder b = job.toBuilder();
        if (!job.given(JobOptions.MODEL)) {
            b.modelFile(data.resolve("models/rest-vs-imagery.json"));
        }
        if (events.isEmpty()) {
            b.motifs(null);
        } else if (!job.given(JobOptions.MOTIF_MODEL)) {
            b.motifModelFile(data.resolve("models/moving-bars.json"));
        }
        final Path calciumModel = data.resolve("models/calcium-bursts.json");
        if (calcium.isEmpty()) {
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

    private Pacing parsePacing() {
        try {
            return Pacing.parse(speed);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--speed: " + e.getMessage());
        }
    }

    /** The files in {@code dir} whose names match {@code pattern}, sorted; at least one. */
    private static List<Path> files(final Path dir, final String pattern) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    dir + ": no such folder (sample sessions are expected there)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            final List<Path> found =
                    files.filter(p -> p.getFileName().toString().matches(pattern))
                            .sorted()
                            .toList();
            if (found.isEmpty()) {
                throw new CliException(
                        CliException.BAD_INPUT, dir + ": no session files (" + pattern + ")");
            }
            return found;
        }
    }

    private static String describe(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

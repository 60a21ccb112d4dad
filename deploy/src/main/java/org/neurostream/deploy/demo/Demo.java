package org.neurostream.deploy.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.neurostream.core.io.Folders;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.embedded.EmbeddedSecurity;
import org.neurostream.deploy.embedded.RunningJob;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.deploy.latency.ClosedLoopMonitor;
import org.neurostream.deploy.latency.GcPauses;
import org.neurostream.deploy.latency.Hiccups;
import org.neurostream.deploy.latency.KafkaFloorProbe;
import org.neurostream.deploy.latency.LatencySamples;
import org.neurostream.deploy.latency.LatencySnapshot;
import org.neurostream.deploy.latency.OutputMonitor;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.KafkaFrameSink;
import org.neurostream.ingest.bridge.KafkaMarkerSink;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.models.pipeline.PipelineModel;

/**
 * The demo: the job on the embedded runtime (a Kafka broker and a Flink MiniCluster in this JVM),
 * with the closed-loop ring, fed by file streams at the pace of their own clocks, watched by an
 * {@link OutputMonitor}, a {@link ClosedLoopMonitor} and a {@link KafkaFloorProbe}. It prints its
 * progress every 5 s, the first alerts, and the summary line whose keys other programs read:
 *
 * <pre>
 * summary: frames=N features=N predictions=N deadletter=N latency_p50_ms=X latency_p99_ms=Y
 *   kafka_floor_p50_ms=X kafka_floor_p99_ms=Y bde=N avalanches=N motifs=N calcium_events=N
 *   closed_loop=N closed_loop_p50_us=X closed_loop_p99_us=Y alerts=N decoder_accuracy=A
 *   models=NAME@VERSION:N,...
 * </pre>
 *
 * Just before it, one line says what the latency figures rest on, from the end of the warm-up on:
 *
 * <pre>
 * demo: measured latency_count=N kafka_floor_count=N gc_pauses=N gc_pause_total_ms=X
 *   gc_pause_max_ms=Y latency_tail=N latency_tail_in_gc_pause=N kafka_floor_tail=N
 *   kafka_floor_tail_in_gc_pause=N hiccup_p99_ms=X hiccup_max_ms=Y
 * </pre>
 *
 * the samples behind each percentile, the garbage-collection pauses of the JVM ({@link GcPauses}),
 * how many of the samples at or above each p99 were in flight during a pause, and how late a thread
 * that wakes every 5 ms woke ({@link Hiccups}: scheduling and timer jitter). With the system
 * property {@value #HISTOGRAMS_PROPERTY} set, a line {@code demo: histograms latency=B
 * kafka_floor=B} follows, each histogram in {@link LatencySamples#encoded()}'s form, for a
 * benchmark that pools several runs.
 *
 * <p>{@code decoder_accuracy}: {@link DecoderScore}, null when no prediction lay inside an
 * annotated trial; {@code models}: the models that decoded, with their prediction counts, in order
 * of first use (version 0: the model the job started with; 1, 2, ...: as {@code model publish}
 * numbered them).
 *
 * <p>With {@link Settings#secure} the broker runs with TLS, SASL/SCRAM and ACLs ({@link
 * EmbeddedSecurity}), every client connects as the principal of its role (the bridges as {@code
 * bridge}, the job as {@code job}, the dashboard and the output monitor as {@code dashboard}, the
 * latency probe as {@code probe}), and the summary line ends with {@code security=SASL_SSL}.
 */
public final class Demo {
    private static final long PROGRESS_NS = 5_000_000_000L;

    /** A system property: when set, the run prints its latency histograms (class comment). */
    public static final String HISTOGRAMS_PROPERTY = "neurostream.latency-histograms";

    /**
     * What the demo runs.
     *
     * @param streams the sessions, opened; each is streamed on its own thread
     * @param config the job's configuration
     * @param speed 1 for real time, N times faster, or infinity
     * @param speedText the speed as the user wrote it, for the progress line
     * @param duration wall-clock time to stream for
     * @param warmup streaming time left out of the latency percentiles
     * @param workDir where the broker keeps its data; null: a temporary folder, removed at the end
     * @param secure run the broker with TLS, SASL and ACLs, each client as its role's principal
     */
    public record Settings(
            List<FileStream> streams,
            JobConfig config,
            double speed,
            String speedText,
            Duration duration,
            Duration warmup,
            Path workDir,
            boolean secure) {}

    /**
     * Starts the dashboard on the outputs at {@code bootstrap} with clients {@code kafka} makes, or
     * returns null when it is off.
     */
    @FunctionalInterface
    public interface DashboardStarter {
        AutoCloseable start(KafkaClients kafka, String bootstrap) throws IOException;
    }

    /** The Kafka settings of each role in the demo. */
    private record Roles(
            KafkaClients bridge, KafkaClients job, KafkaClients dashboard, KafkaClients probe) {
        /** Every role with the user's settings, on a plaintext broker. */
        static Roles of(final KafkaClients user) {
            return new Roles(user, user, user, user);
        }

        /** Every role as its principal on the secure broker, over the user's other settings. */
        static Roles of(final KafkaClients user, final EmbeddedSecurity security) {
            return new Roles(
                    user.with(security.clients(EmbeddedSecurity.Principal.BRIDGE)),
                    user.with(security.clients(EmbeddedSecurity.Principal.JOB)),
                    user.with(security.clients(EmbeddedSecurity.Principal.DASHBOARD)),
                    user.with(security.clients(EmbeddedSecurity.Principal.PROBE)));
        }
    }

    /**
     * Where a run's frames come from: started once the job runs, streaming on threads of its own
     * into the raw topics until it ends or is stopped.
     */
    public interface Feed {
        /** Starts streaming through {@code producer} to the Kafka at {@code bootstrap}; returns. */
        void start(KafkaProducer<byte[], byte[]> producer, String bootstrap, PrintWriter out)
                throws IOException;

        /** Whether any of its streams is still streaming. */
        boolean streaming();

        /** Frames sent so far. */
        long frames();

        /** What it streams, for the line printed once it started. */
        String describe();

        /** Stops streaming and waits (a few seconds at most) for its threads to end. */
        void stop() throws InterruptedException;

        /**
         * Called at each progress line and once before the summary.
         *
         * @param timed whether the warm-up is over (what was measured since counts)
         */
        default void tick(final boolean timed) {}

        /** The file streams whose annotations score the decoder ({@code decoder_accuracy}). */
        default List<FileStream> scored() {
            return List.of();
        }

        /** Keys the summary line ends with, each after a space; "" for none. */
        default String summaryKeys() {
            return "";
        }

        /** Lines printed, after the run's name, just before the summary line; none by default. */
        default List<String> reportLines() {
            return List.of();
        }
    }

    /**
     * How a run of the job on the embedded runtime goes.
     *
     * @param name the prefix of its lines ({@code demo}, {@code live})
     * @param config the job's configuration
     * @param duration wall-clock time to stream for; null: until the feed ends or a stop request
     * @param warmup streaming time left out of the latency percentiles
     * @param workDir where the runtime keeps its data; null: a temporary folder, removed at the end
     * @param secure run the broker with TLS, SASL and ACLs, each client as its role's principal
     * @param bootstrap a Kafka to run on (not with {@code secure}); null: a broker of the runtime's
     *     own
     * @param job what to add to the job (more sinks); the closed-loop ring is always on
     */
    public record Run(
            String name,
            JobConfig config,
            Duration duration,
            Duration warmup,
            Path workDir,
            boolean secure,
            String bootstrap,
            UnaryOperator<NeuroStreamJob> job) {}

    private Demo() {}

    /**
     * Runs the demo until {@link Settings#duration} has passed, every stream has ended, or {@code
     * stop} is requested, then prints the summary and shuts everything down.
     *
     * @throws IllegalStateException when the job does not start
     * @throws IllegalArgumentException when the job's Kafka settings ask for security without
     *     {@link Settings#secure} (the plaintext embedded broker could not answer them)
     */
    public static void run(
            final Settings s,
            final DashboardStarter dashboard,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        run(
                new Run(
                        "demo",
                        s.config(),
                        s.duration(),
                        s.warmup(),
                        s.workDir(),
                        s.secure(),
                        null,
                        UnaryOperator.identity()),
                new FileFeed(s),
                dashboard,
                stop,
                out);
    }

    /**
     * Runs the job of {@code r} on the embedded runtime, fed by {@code feed}, until the run's
     * duration has passed, the feed has ended, or {@code stop} is requested; prints progress every
     * 5 s, the first alerts and the summary line, then shuts everything down.
     *
     * @throws IllegalStateException when the job does not start
     * @throws IllegalArgumentException when the job's Kafka settings ask for security on a
     *     plaintext embedded broker
     */
    public static void run(
            final Run r,
            final Feed feed,
            final DashboardStarter dashboard,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        final KafkaClients user = r.config().kafka();
        if (r.bootstrap() == null && !r.secure() && !user.securityProtocol().equals("PLAINTEXT")) {
            throw new IllegalArgumentException(
                    user.origin()
                            + " asks for security.protocol="
                            + user.securityProtocol()
                            + ", but the "
                            + r.name()
                            + "'s embedded broker speaks PLAINTEXT; --secure starts it"
                            + " with TLS, SASL and ACLs, and credentials of its own");
        }
        final Path work =
                r.workDir() != null
                        ? r.workDir()
                        : Files.createTempDirectory("neurostream-" + r.name() + "-");
        try {
            run(r, feed, work, dashboard, stop, out);
        } finally {
            if (r.workDir() == null) {
                Folders.deleteRecursively(work);
            }
        }
    }

    @SuppressWarnings("try") // the dashboard serves while the try block runs; nothing calls it
    private static void run(
            final Run r,
            final Feed feed,
            final Path work,
            final DashboardStarter dashboard,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        final long t0 = System.nanoTime();
        out.println(
                r.bootstrap() == null
                        ? r.name()
                                + ": starting the embedded Kafka broker"
                                + (r.secure() ? " (TLS, SASL/SCRAM, ACLs)" : "")
                                + " and Flink MiniCluster..."
                        : r.name() + ": starting a Flink MiniCluster on Kafka at " + r.bootstrap());
        out.flush();
        try (EmbeddedRuntime runtime = startRuntime(r, work)) {
            runtime.createTopics(r.config().kafka(), 1, KafkaFloorProbe.TOPIC);
            final String bootstrap = runtime.bootstrapServers();
            final Roles roles =
                    r.secure()
                            ? Roles.of(r.config().kafka(), runtime.security())
                            : Roles.of(r.config().kafka());
            final JobConfig config = r.config().toBuilder().kafka(roles.job()).build();
            final Path closedLoopFile = work.resolve("closed-loop.ipc");
            try (RunningJob job =
                    runtime.run(
                            r.job()
                                    .apply(
                                            NeuroStreamJob.onKafka(bootstrap, config)
                                                    .withClosedLoop(closedLoopFile)))) {
                out.printf(
                        Locale.ROOT,
                        "%s: Kafka at %s, job %s running (%.1f s to start)%n",
                        r.name(),
                        bootstrap,
                        job.id(),
                        (System.nanoTime() - t0) / 1e9);
                final long timedFrom = WallClock.epochNanos() + r.warmup().toNanos();
                final DecoderScore decoder = decoderScore(r.config(), feed.scored());
                try (GcPauses pauses = new GcPauses(timedFrom);
                        Hiccups hiccups = new Hiccups(timedFrom).start();
                        AutoCloseable board = dashboard.start(roles.dashboard(), bootstrap);
                        OutputMonitor monitor =
                                new OutputMonitor(roles.dashboard(), bootstrap, timedFrom)
                                        .onPredictions(decoder::add)
                                        .start();
                        ClosedLoopMonitor closedLoop =
                                new ClosedLoopMonitor(closedLoopFile).start();
                        KafkaFloorProbe probe =
                                new KafkaFloorProbe(roles.probe(), bootstrap, 10, timedFrom)
                                        .start();
                        KafkaProducer<byte[], byte[]> producer =
                                roles.bridge().producer(bootstrap, Map.of("linger.ms", "0"))) {
                    try {
                        feed.start(producer, bootstrap, out);
                        out.printf(
                                "%s: %s%s%n",
                                r.name(),
                                feed.describe(),
                                r.duration() == null ? "" : " for " + describe(r.duration()));
                        out.flush();
                        progress(r, feed, monitor, timedFrom, stop, out);
                    } finally {
                        feed.stop();
                    }
                    producer.flush();
                    drain(monitor);
                    feed.tick(WallClock.epochNanos() >= timedFrom);
                    for (final String alert : monitor.alertLines()) {
                        out.println(r.name() + ": alert " + alert);
                    }
                    for (final String line : feed.reportLines()) {
                        out.println(r.name() + ": " + line);
                    }
                    out.println(r.name() + ": " + measured(monitor, probe, pauses, hiccups));
                    if (System.getProperty(HISTOGRAMS_PROPERTY) != null) {
                        out.println(
                                r.name()
                                        + ": histograms latency="
                                        + monitor.latencySamples().encoded()
                                        + " kafka_floor="
                                        + probe.latencySamples().encoded());
                    }
                    out.println(
                            summary(feed.frames(), monitor, probe, closedLoop, decoder)
                                    + (r.secure() ? " security=" + EmbeddedSecurity.PROTOCOL : "")
                                    + feed.summaryKeys());
                    out.flush();
                }
            }
        }
    }

    private static EmbeddedRuntime startRuntime(final Run r, final Path work) throws IOException {
        final int p = r.config().parallelism();
        if (r.bootstrap() != null) {
            return EmbeddedRuntime.startOn(r.config().kafka(), r.bootstrap(), work, p);
        }
        return r.secure()
                ? EmbeddedRuntime.startSecure(work, p, r.config().transactionalIdPrefix())
                : EmbeddedRuntime.start(work, p);
    }

    /** The demo's feed: one daemon thread per file stream, streaming it into its raw topic. */
    private static final class FileFeed implements Feed {
        private final Settings s;
        private final List<Thread> threads = new ArrayList<>();

        FileFeed(final Settings s) {
            this.s = s;
        }

        @Override
        public void start(
                final KafkaProducer<byte[], byte[]> producer,
                final String bootstrap,
                final PrintWriter out) {
            final KafkaMarkerSink markers = new KafkaMarkerSink(producer);
            for (final FileStream stream : s.streams()) {
                final KafkaFrameSink sink =
                        stream.isMarkerStream()
                                ? null
                                : new KafkaFrameSink(
                                        producer, stream.modality().rawTopic(), stream.streamId());
                final Thread t =
                        new Thread(
                                () -> {
                                    try {
                                        stream.stream(sink, markers, new Pacing(s.speed()));
                                    } catch (final IOException e) {
                                        out.println(
                                                "demo: "
                                                        + stream.streamId()
                                                        + " stopped: "
                                                        + e.getMessage());
                                        out.flush();
                                    }
                                },
                                "bridge-" + stream.streamId());
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        @Override
        public List<FileStream> scored() {
            return s.streams();
        }

        @Override
        public boolean streaming() {
            return threads.stream().anyMatch(Thread::isAlive);
        }

        @Override
        public long frames() {
            return s.streams().stream()
                    .filter(f -> !f.isMarkerStream())
                    .mapToLong(FileStream::framesSent)
                    .sum();
        }

        @Override
        public String describe() {
            return "replaying "
                    + s.streams().stream().map(FileStream::streamId).toList()
                    + " at "
                    + s.speedText()
                    + "x";
        }

        @Override
        public void stop() throws InterruptedException {
            for (final Thread f : threads) {
                f.interrupt();
            }
            for (final Thread f : threads) {
                f.join(5_000);
            }
        }
    }

    /** A progress line every 5 s until the duration is over, the feed ends or a stop request. */
    private static void progress(
            final Run r,
            final Feed feed,
            final OutputMonitor monitor,
            final long timedFrom,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws InterruptedException {
        final long start = System.nanoTime();
        final boolean untilStopped = r.duration() == null;
        final long end = untilStopped ? 0 : start + r.duration().toNanos();
        long next = start + PROGRESS_NS;
        boolean refused = false;
        while ((untilStopped || end - System.nanoTime() > 0) && feed.streaming()) {
            if (!refused && monitor.failure() != null) {
                out.println(
                        r.name() + ": output monitor stopped: " + monitor.failure().getMessage());
                refused = true;
            }
            final long toNext = next - System.nanoTime();
            final long wait = untilStopped ? toNext : Math.min(end - System.nanoTime(), toNext);
            if (wait > 0 && stop.await(wait)) {
                out.println(r.name() + ": stopping (interrupted)");
                return;
            }
            if (System.nanoTime() - next >= 0) {
                feed.tick(WallClock.epochNanos() >= timedFrom);
                out.printf(
                        Locale.ROOT,
                        "%s: %3.0fs frames=%d features=%d predictions=%d deadletter=%d"
                                + " latency_p99_ms=%.1f%n",
                        r.name(),
                        (System.nanoTime() - start) / 1e9,
                        feed.frames(),
                        monitor.features(),
                        monitor.predictions(),
                        monitor.deadLetters(),
                        monitor.latency().p99Ms());
                out.flush();
                next += PROGRESS_NS;
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

    /** What the latency percentiles rest on (class comment). */
    private static String measured(
            final OutputMonitor monitor,
            final KafkaFloorProbe probe,
            final GcPauses pauses,
            final Hiccups hiccups) {
        final int[] tail = monitor.latencySamples().tail(99, pauses);
        final int[] floorTail = probe.latencySamples().tail(99, pauses);
        return String.format(
                Locale.ROOT,
                "measured latency_count=%d kafka_floor_count=%d gc_pauses=%d"
                        + " gc_pause_total_ms=%.1f gc_pause_max_ms=%.1f latency_tail=%d"
                        + " latency_tail_in_gc_pause=%d kafka_floor_tail=%d"
                        + " kafka_floor_tail_in_gc_pause=%d hiccup_p99_ms=%.3f hiccup_max_ms=%.3f",
                monitor.latency().count(),
                probe.latency().count(),
                pauses.count(),
                pauses.totalMs(),
                pauses.maxMs(),
                tail[0],
                tail[1],
                floorTail[0],
                floorTail[1],
                hiccups.lateness().p99Ms(),
                hiccups.lateness().maxMs());
    }

    private static String summary(
            final long frames,
            final OutputMonitor monitor,
            final KafkaFloorProbe probe,
            final ClosedLoopMonitor closedLoop,
            final DecoderScore decoder) {
        final LatencySnapshot latency = monitor.latency();
        final Double accuracy = decoder.accuracy();
        final LatencySnapshot floor = probe.latency();
        return String.format(
                Locale.ROOT,
                "summary: frames=%d features=%d predictions=%d deadletter=%d latency_p50_ms=%.3f"
                        + " latency_p99_ms=%.3f kafka_floor_p50_ms=%.3f kafka_floor_p99_ms=%.3f"
                        + " bde=%d avalanches=%d motifs=%d calcium_events=%d closed_loop=%d"
                        + " closed_loop_p50_us=%.1f closed_loop_p99_us=%.1f alerts=%d"
                        + " decoder_accuracy=%s models=%s",
                frames,
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
                monitor.alerts(),
                accuracy == null ? "null" : String.format(Locale.ROOT, "%.3f", accuracy),
                decoder.models());
    }

    /**
     * The score of the job's start model on the annotated EEG sessions; an empty one (nothing
     * scored, models still counted) without a model.
     */
    private static DecoderScore decoderScore(final JobConfig c, final List<FileStream> streams)
            throws IOException {
        if (c.modelJson() == null) {
            return DecoderScore.of(null, streams);
        }
        return DecoderScore.of(
                PipelineModel.fromJson(c.modelJson(), Path.of(c.modelName())), streams);
    }

    private static String describe(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

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
import org.neurostream.deploy.latency.KafkaFloorProbe;
import org.neurostream.deploy.latency.LatencySnapshot;
import org.neurostream.deploy.latency.OutputMonitor;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.KafkaFrameSink;
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
 * {@code decoder_accuracy}: {@link DecoderScore}, null when no prediction lay inside an annotated
 * trial; {@code models}: the models that decoded, with their prediction counts, in order of first
 * use (version 0: the model the job started with; 1, 2, ...: as {@code model publish} numbered
 * them).
 *
 * <p>With {@link Settings#secure} the broker runs with TLS, SASL/SCRAM and ACLs ({@link
 * EmbeddedSecurity}), every client connects as the principal of its role (the bridges as {@code
 * bridge}, the job as {@code job}, the dashboard and the output monitor as {@code dashboard}, the
 * latency probe as {@code probe}), and the summary line ends with {@code security=SASL_SSL}.
 */
public final class Demo {
    private static final long PROGRESS_NS = 5_000_000_000L;

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
        final KafkaClients user = s.config().kafka();
        if (!s.secure() && !user.securityProtocol().equals("PLAINTEXT")) {
            throw new IllegalArgumentException(
                    user.origin()
                            + " asks for security.protocol="
                            + user.securityProtocol()
                            + ", but the demo's embedded broker speaks PLAINTEXT; --secure starts it"
                            + " with TLS, SASL and ACLs, and credentials of its own");
        }
        final Path work =
                s.workDir() != null ? s.workDir() : Files.createTempDirectory("neurostream-demo-");
        try {
            run(s, work, dashboard, stop, out);
        } finally {
            if (s.workDir() == null) {
                Folders.deleteRecursively(work);
            }
        }
    }

    @SuppressWarnings("try") // the dashboard serves while the try block runs; nothing calls it
    private static void run(
            final Settings s,
            final Path work,
            final DashboardStarter dashboard,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        final long t0 = System.nanoTime();
        out.println(
                "demo: starting the embedded Kafka broker"
                        + (s.secure() ? " (TLS, SASL/SCRAM, ACLs)" : "")
                        + " and Flink MiniCluster...");
        out.flush();
        try (EmbeddedRuntime runtime =
                s.secure()
                        ? EmbeddedRuntime.startSecure(
                                work, s.config().parallelism(), s.config().transactionalIdPrefix())
                        : EmbeddedRuntime.start(work, s.config().parallelism())) {
            runtime.broker().createTopics(1, KafkaFloorProbe.TOPIC);
            final String bootstrap = runtime.bootstrapServers();
            final Roles roles =
                    s.secure()
                            ? Roles.of(s.config().kafka(), runtime.security())
                            : Roles.of(s.config().kafka());
            final JobConfig config = s.config().toBuilder().kafka(roles.job()).build();
            final Path closedLoopFile = work.resolve("closed-loop.ipc");
            try (RunningJob job =
                    runtime.run(
                            NeuroStreamJob.onKafka(bootstrap, config)
                                    .withClosedLoop(closedLoopFile))) {
                out.printf(
                        Locale.ROOT,
                        "demo: Kafka at %s, job %s running (%.1f s to start)%n",
                        bootstrap,
                        job.id(),
                        (System.nanoTime() - t0) / 1e9);
                final long timedFrom = WallClock.epochNanos() + s.warmup().toNanos();
                final DecoderScore decoder = decoderScore(s);
                try (AutoCloseable board = dashboard.start(roles.dashboard(), bootstrap);
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
                    final List<Thread> feeds = feed(s, producer, out);
                    out.printf(
                            "demo: replaying %s at %sx for %s%n",
                            s.streams().stream().map(FileStream::streamId).toList(),
                            s.speedText(),
                            describe(s.duration()));
                    out.flush();
                    progress(s, feeds, monitor, stop, out);
                    for (final Thread f : feeds) {
                        f.interrupt();
                    }
                    for (final Thread f : feeds) {
                        f.join(5_000);
                    }
                    producer.flush();
                    drain(monitor);
                    for (final String alert : monitor.alertLines()) {
                        out.println("demo: alert " + alert);
                    }
                    out.println(
                            summary(frames(s), monitor, probe, closedLoop, decoder)
                                    + (s.secure() ? " security=" + EmbeddedSecurity.PROTOCOL : ""));
                    out.flush();
                }
            }
        }
    }

    /** One daemon thread per stream, streaming it into its raw topic. */
    private static List<Thread> feed(
            final Settings s, final KafkaProducer<byte[], byte[]> producer, final PrintWriter out) {
        final List<Thread> threads = new ArrayList<>();
        for (final FileStream stream : s.streams()) {
            final KafkaFrameSink sink =
                    new KafkaFrameSink(producer, stream.modality().rawTopic(), stream.streamId());
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    stream.frames(sink, new Pacing(s.speed()));
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
        return threads;
    }

    /** A progress line every 5 s until the duration is over, the feeds end or a stop request. */
    private static void progress(
            final Settings s,
            final List<Thread> feeds,
            final OutputMonitor monitor,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws InterruptedException {
        final long start = System.nanoTime();
        final long end = start + s.duration().toNanos();
        long next = start + PROGRESS_NS;
        boolean refused = false;
        while (System.nanoTime() < end && feeds.stream().anyMatch(Thread::isAlive)) {
            if (!refused && monitor.failure() != null) {
                out.println("demo: output monitor stopped: " + monitor.failure().getMessage());
                refused = true;
            }
            final long wait = Math.min(end, next) - System.nanoTime();
            if (wait > 0 && stop.await(wait)) {
                out.println("demo: stopping (interrupted)");
                return;
            }
            if (System.nanoTime() >= next) {
                out.printf(
                        Locale.ROOT,
                        "demo: %3.0fs frames=%d features=%d predictions=%d deadletter=%d"
                                + " latency_p99_ms=%.1f%n",
                        (System.nanoTime() - start) / 1e9,
                        frames(s),
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
    private static DecoderScore decoderScore(final Settings s) throws IOException {
        final JobConfig c = s.config();
        if (c.modelJson() == null) {
            return DecoderScore.of(null, s.streams());
        }
        return DecoderScore.of(
                PipelineModel.fromJson(c.modelJson(), Path.of(c.modelName())), s.streams());
    }

    private static long frames(final Settings s) {
        return s.streams().stream().mapToLong(FileStream::framesSent).sum();
    }

    private static String describe(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

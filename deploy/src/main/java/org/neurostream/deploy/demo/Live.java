package org.neurostream.deploy.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.neurostream.core.frame.Modality;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.KafkaFrameSink;
import org.neurostream.ingest.bridge.KafkaMarkerSink;
import org.neurostream.ingest.bridge.MarkerSink;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.LslSession;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.sinks.lsl.PushLatencies;

/**
 * What {@code neurostream live} does: the main job on live LSL streams. An {@link LslSession}
 * resolves the streams (and their marker streams), then bridges each data stream into frames on its
 * raw topic (one frame per pull, for latency) and each marker stream into markers on {@code
 * neuro.markers}; the job runs as in the {@link Demo} (closed-loop ring, monitors, progress every 5
 * s) with its predictions served as LSL outlets ({@code neurostream-predictions}, one per input
 * stream, stamped in LSL time through the session file that keeps each stream's LSL origin) and its
 * alerts as the marker outlet {@code neurostream-alerts}. The summary line is the demo's, followed
 * by {@code lsl_streams=N lsl_samples=N lsl_gaps=N lsl_in_p50_ms=X lsl_in_p99_ms=Y}: LSL streams
 * read (data and marker streams), samples read, gaps (outlet restarts or overflows, each a jump in
 * the frame sequence), and the latency from the clock-corrected LSL time of a window's last sample
 * to the push of its prediction on the outlet (what came in the first --warmup is left out). Just
 * before the summary, a line {@code live: lsl_front_p50_ms=X lsl_front_p99_ms=Y (...)}: from that
 * same LSL time to the ingest stamp of the frame that carried the sample, what LSL and its bridge
 * add in front of the demo's Kafka path (the {@code live.*} figures of {@code bench}). With {@link
 * Settings#calibrate} a {@link CalibrationTap} calibrates a decoder on the first minutes of the
 * first EEG stream and publishes it for the running job.
 */
public final class Live {
    /**
     * What to run.
     *
     * @param streams the data streams to read (a string stream among them is read as markers)
     * @param markers marker streams; empty: {@code <name>-markers} pairs with {@code <name>}
     * @param lsl the LSL configuration of this process
     * @param discoveryTimeoutNs how long discovery collects streams
     * @param bufferSeconds each inlet's buffer, in seconds of its stream
     * @param config the job's configuration
     * @param duration how long to run; null: until every stream is dropped or a stop request
     * @param warmup streaming time left out of the latency percentiles
     * @param workDir where the runtime keeps its data; null: a temporary folder
     * @param bootstrap a Kafka to run on; null: an embedded broker
     * @param calibrate how much of the first EEG stream to calibrate a decoder on, with the
     *     session's markers as labels ({@code live --calibrate}); null: no calibration
     * @param recipe what to train when calibrating
     * @param calibrateStream the LSL name of the stream to calibrate on ({@code
     *     --calibrate-stream}); null: the first EEG stream of the session
     */
    public record Settings(
            List<StreamQuery> streams,
            List<StreamQuery> markers,
            LslConfig lsl,
            long discoveryTimeoutNs,
            double bufferSeconds,
            JobConfig config,
            Duration duration,
            Duration warmup,
            Path workDir,
            String bootstrap,
            Duration calibrate,
            DecoderTraining.Recipe recipe,
            String calibrateStream) {}

    private Live() {}

    /**
     * What {@code live --calibrate} trains: {@code classes} with {@code pipeline} ({@link
     * PipelineKind#parse}), epochs 0.5 to 2.5 s after each marker, 5 folds, named
     * "live-calibration".
     */
    public static DecoderTraining.Recipe calibrationRecipe(
            final String classes, final String pipeline) {
        return new DecoderTraining.Recipe(
                classes, PipelineKind.parse(pipeline), 0.5, 2.5, 5, "live-calibration");
    }

    /**
     * Resolves the streams, then runs the job on them until the duration has passed, every stream
     * is dropped, or {@code stop} is requested, and prints the summary.
     *
     * @return what the LSL side read (a dropped stream means partial input)
     * @throws LslException when a predicate matches no stream (nothing is started then)
     * @throws IllegalStateException when the job does not start
     */
    public static LslSession.Summary run(
            final Settings s,
            final Consumer<String> problems,
            final Demo.DashboardStarter dashboard,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        try (LslSession session =
                LslSession.resolve(
                        s.lsl(),
                        new LslSession.Options(
                                s.streams(),
                                s.markers(),
                                null,
                                s.discoveryTimeoutNs(),
                                0,
                                s.bufferSeconds(),
                                true),
                        problems)) {
            final Path sessionDir = Files.createTempDirectory("neurostream-live-session-");
            final Path sessionFile = sessionDir.resolve("session.json");
            final String latencies = "live-" + UUID.randomUUID();
            final CalibrationTap tap =
                    s.calibrate() == null
                            ? null
                            : new CalibrationTap(
                                    s.calibrate(),
                                    s.recipe(),
                                    s.config().kafka(),
                                    problems,
                                    s.calibrateStream(),
                                    markerStream -> pairOf(session, markerStream));
            final LslFeed feed = new LslFeed(session, sessionFile, latencies, tap, problems);
            try {
                Demo.run(
                        new Demo.Run(
                                "live",
                                s.config(),
                                s.duration(),
                                s.warmup(),
                                s.workDir(),
                                false,
                                s.bootstrap(),
                                job -> job.withLslOutlets(sessionFile, latencies)),
                        feed,
                        dashboard,
                        stop,
                        out);
            } finally {
                PushLatencies.forget(latencies);
                Files.deleteIfExists(sessionFile);
                Files.deleteIfExists(sessionFile.resolveSibling("session.json.tmp"));
                Files.deleteIfExists(sessionDir);
            }
            return session.summary();
        }
    }

    /** The data stream id the marker stream {@code markerStreamId} pairs with, or null. */
    private static String pairOf(final LslSession session, final String markerStreamId) {
        synchronized (session.metadata()) {
            return session.metadata().markerStreams.stream()
                    .filter(m -> markerStreamId.equals(m.streamId))
                    .map(m -> m.timeBase)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The LSL streams of a session, bridged into Kafka once the job runs. */
    private static final class LslFeed implements Demo.Feed {
        private final LslSession session;
        private final Path sessionFile;
        private final PushLatencies latencies;
        private final CalibrationTap tap;
        private final Consumer<String> problems;
        private final Histogram in = new Histogram(3);
        private final Histogram front = new Histogram(3);

        LslFeed(
                final LslSession session,
                final Path sessionFile,
                final String latencies,
                final CalibrationTap tap,
                final Consumer<String> problems) {
            this.session = session;
            this.sessionFile = sessionFile;
            this.latencies = PushLatencies.named(latencies);
            this.tap = tap;
            this.problems = problems;
        }

        @Override
        public void start(
                final KafkaProducer<byte[], byte[]> producer,
                final String bootstrap,
                final PrintWriter out)
                throws IOException {
            // the metadata holds no origin yet: the outlets' time base starts empty
            session.metadata().writeTo(sessionFile);
            final MarkerSink markers = new KafkaMarkerSink(producer);
            if (tap != null) {
                tap.startOn(bootstrap, out);
            }
            session.start(
                    (streamId, modality) -> {
                        final FrameSink kafka =
                                new KafkaFrameSink(producer, modality.rawTopic(), streamId);
                        return tap == null || modality != Modality.EEG || !tap.wants(streamId)
                                ? kafka
                                : tap.tap(streamId, labels(streamId), kafka);
                    },
                    tap == null ? markers : tap.tap(markers),
                    this::writeMetadata,
                    () -> true);
        }

        /** The channel labels of {@code streamId} in the session's metadata. */
        private List<String> labels(final String streamId) {
            synchronized (session.metadata()) {
                return session.metadata().streams.stream()
                        .filter(st -> streamId.equals(st.streamId))
                        .map(st -> List.copyOf(st.channelLabels))
                        .findFirst()
                        .orElse(List.of());
            }
        }

        /** Called holding the metadata's lock. */
        private void writeMetadata() {
            try {
                session.metadata().writeTo(sessionFile);
            } catch (final IOException e) {
                problems.accept(sessionFile + ": cannot write the session: " + e.getMessage());
            }
        }

        @Override
        public boolean streaming() {
            return session.threads().stream().anyMatch(Thread::isAlive);
        }

        @Override
        public long frames() {
            return session.summary().frames();
        }

        @Override
        public String describe() {
            return "reading "
                    + session.dataStreams().stream().map(StreamInfo::name).toList()
                    + " with markers "
                    + session.markerStreams().stream().map(StreamInfo::name).toList()
                    + " from LSL";
        }

        @Override
        public void stop() throws InterruptedException {
            if (tap != null) {
                tap.await();
            }
            session.stop();
            for (final Thread t : session.threads()) {
                t.join(5_000);
            }
        }

        @Override
        public void tick(final boolean timed) {
            final Histogram sinceIn = latencies.takeIn();
            final Histogram sinceFront = latencies.takeFront();
            if (timed) {
                in.add(sinceIn);
                front.add(sinceFront);
            }
        }

        @Override
        public List<String> reportLines() {
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "lsl_front_p50_ms=%.3f lsl_front_p99_ms=%.3f (LSL time of a window's"
                                    + " last sample to the ingest stamp of the frame that carried"
                                    + " it: what LSL and the bridge add before the demo's Kafka"
                                    + " path)",
                            percentileMs(front, 50),
                            percentileMs(front, 99)));
        }

        @Override
        public String summaryKeys() {
            final LslSession.Summary s = session.summary();
            return String.format(
                    Locale.ROOT,
                    " lsl_streams=%d lsl_samples=%d lsl_gaps=%d lsl_in_p50_ms=%.3f"
                            + " lsl_in_p99_ms=%.3f",
                    s.streams() + s.markerStreams(),
                    s.samples(),
                    s.gaps(),
                    percentileMs(in, 50),
                    percentileMs(in, 99));
        }

        private static double percentileMs(final Histogram h, final double p) {
            // NaN as the demo's latencies when nothing was measured (no prediction yet)
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
        }
    }
}

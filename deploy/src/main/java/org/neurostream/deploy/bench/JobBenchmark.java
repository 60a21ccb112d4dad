package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.KafkaFrameSink;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.flink.RawRecordDeserializer;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.flink.SpectralAnalysis;
import org.neurostream.operators.flink.SpectralState;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * The whole job's steady-state throughput at Neuropixels scale: one and four 384-channel 30 kHz
 * streams of seeded noise (frames of 10 ms, 300 samples, 461 kB; the streams' frames interleaved as
 * an acquisition host would send them), fed from a journal or from Kafka (an embedded broker, the
 * raw topic filled before the job starts), through the job of {@link NeuroStreamJob} with band
 * power and band entropy (2 s windows every 0.25 s or the hop given, Welch segments of 1024
 * samples, the bands of the backend benchmark), gap and dead-letter checks, at parallelism 1 and 2
 * with the automatic channel groups ({@code --channel-group auto}: at 2, each stream in two groups
 * of 192 channels on different subtasks). One stream from the journal also runs at the hop of
 * {@link #SHARED_HOP_SAMPLES}, whose windows share their segments' periodograms (figures {@code
 * job.journal.1x384.pP.hop256ms}).
 *
 * <p>Method (steady state, start excluded): a sink on the band-power records notes the wall clock
 * of the first and of the last record; between the two, every stream went through one hop of new
 * signal per record after its first. Samples per second = (records - streams) x hop samples x
 * channels / (last - first): MiniCluster start, job deployment, the first window's fill and the end
 * of the job are outside the interval. Per slot = that over the parallelism.
 */
public final class JobBenchmark {
    /** Channels of a Neuropixels probe's action-potential band. */
    public static final int CHANNELS = 384;

    /** Sampling rate of a Neuropixels probe, Hz. */
    public static final double RATE = 30_000;

    /** Samples per channel per frame: 10 ms (a frame stays under Kafka's 1 MB). */
    public static final int SAMPLES_PER_FRAME = 300;

    /** Default seconds of signal per stream. */
    public static final double DEFAULT_SECONDS = 10;

    /** Default band-power hop, s: 7500 samples, not a whole number of segment steps. */
    public static final double DEFAULT_HOP = 0.25;

    /**
     * A hop of whole segment steps: 15 steps of 512 samples (0.256 s), so that consecutive windows
     * share 101 of their 116 segments.
     */
    public static final int SHARED_HOP_SAMPLES = 15 * 512;

    private static final BandPowerOptions BAND_POWER =
            new BandPowerOptions(
                    2.0,
                    0.25,
                    1024 / RATE,
                    "constant",
                    "rect",
                    "lfp:100-300,low:300-1000,high:1000-6000");

    /** Where the sinks of the running job note their times, per run. */
    private static final Map<String, Times> TIMES = new ConcurrentHashMap<>();

    private JobBenchmark() {}

    /** What one run measured. */
    public record Figure(
            String source,
            int streams,
            int parallelism,
            String variant,
            double hopSeconds,
            double samplesPerSecond) {
        /** {@code job.SOURCE.STREAMSx384.pP[.VARIANT]}, the figure's name without its unit. */
        public String name() {
            return String.format(
                    Locale.ROOT,
                    "job.%s.%dx384.p%d%s",
                    source,
                    streams,
                    parallelism,
                    variant.isEmpty() ? "" : "." + variant);
        }

        /** {@code job.SOURCE.STREAMSx384.pP[.VARIANT].samples_per_s=V samples/s (...)}. */
        public String line(final double seconds) {
            return String.format(
                    Locale.ROOT,
                    "%s.samples_per_s=%.4g samples/s (%.4g per slot, %.2f probes in"
                            + " real time per slot; %d x 384 channels at 30 kHz, %.0f s each,"
                            + " hop %.4g s, steady state, start excluded)",
                    name(),
                    samplesPerSecond,
                    samplesPerSecond / parallelism,
                    samplesPerSecond / parallelism / (CHANNELS * RATE),
                    streams,
                    seconds,
                    hopSeconds);
        }
    }

    /**
     * Every combination of source (journal, kafka), streams (1, 4) and parallelism (1, 2) at the
     * band-power hop {@code hop}; then one stream from the journal at parallelism 1 and 2 at the
     * shared-segment hop of {@link #SHARED_HOP_SAMPLES}, unless {@code hop} is that one. Before
     * them, the job's own math alone at each hop ({@link #bandPowerKernel}), and after each job
     * figure its share of that and of the batch kernel figure {@code kernel}.
     *
     * @param seconds signal per stream, at least 3 (the first 2 s fill the first window)
     * @param hop the band-power hop, s, above 0 ({@link #DEFAULT_HOP})
     * @param kernel {@code bandpower.kernel.samples_per_s} measured earlier in the same run, or NaN
     *     to measure it here ({@link BandPowerBenchmark#samplesPerSecond()})
     * @return {@code NAME=VALUE UNIT} lines
     */
    public static List<String> run(final double seconds, final double hop, final double kernel)
            throws Exception {
        if (seconds < 3) {
            throw new IllegalArgumentException("--seconds must be at least 3, not " + seconds);
        }
        final double shared = SHARED_HOP_SAMPLES / RATE;
        final boolean alsoShared = !bandHop(hop).equals(bandHop(shared));
        final List<String> lines = new ArrayList<>();
        final Kernels kernels =
                new Kernels(
                        Double.isNaN(kernel) ? BandPowerBenchmark.samplesPerSecond() : kernel,
                        bandPowerKernel(seconds, hop, ""),
                        alsoShared ? bandPowerKernel(seconds, shared, "hop256ms") : null);
        lines.addAll(kernels.atHop().lines());
        if (alsoShared) {
            lines.addAll(kernels.atSharedHop().lines());
        }
        final Path dir = Files.createTempDirectory("neurostream-job-bench-");
        try {
            for (final int streams : new int[] {1, 4}) {
                final Path journal = dir.resolve("journal-" + streams);
                try (JournalWriter w = JournalWriter.create(journal, metadata())) {
                    record(new JournalFrameSink(w), streams, seconds);
                }
                for (final int p : new int[] {1, 2}) {
                    kernels.add(
                            lines,
                            measure(
                                    "journal",
                                    streams,
                                    p,
                                    "",
                                    hop,
                                    new JournalSource(journal, Double.POSITIVE_INFINITY)),
                            seconds);
                }
                for (int p = 1; p <= 2 && streams == 1 && alsoShared; p++) {
                    kernels.add(
                            lines,
                            measure(
                                    "journal",
                                    streams,
                                    p,
                                    "hop256ms",
                                    shared,
                                    new JournalSource(journal, Double.POSITIVE_INFINITY)),
                            seconds);
                }
                Folders.deleteRecursively(journal);
            }
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
                final String bootstrap = broker.bootstrapServers();
                for (final int streams : new int[] {1, 4}) {
                    final String topic = Modality.EEG.rawTopic();
                    broker.createTopics(2, topic);
                    try (KafkaProducer<byte[], byte[]> producer =
                            KafkaClients.plaintext()
                                    .producer(
                                            bootstrap,
                                            Map.of(
                                                    ProducerConfig.LINGER_MS_CONFIG,
                                                    "5",
                                                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                                    Integer.toString(1 << 20)))) {
                        record(new KafkaFrameSink(producer, topic, "bench"), streams, seconds);
                        producer.flush();
                    }
                    for (final int p : new int[] {1, 2}) {
                        final KafkaSource<RawRecord> source =
                                KafkaSource.<RawRecord>builder()
                                        .setBootstrapServers(bootstrap)
                                        .setTopics(topic)
                                        .setGroupId("job-bench-" + streams + "-" + p)
                                        .setStartingOffsets(OffsetsInitializer.earliest())
                                        .setBounded(OffsetsInitializer.latest())
                                        .setDeserializer(new RawRecordDeserializer())
                                        .build();
                        kernels.add(lines, measure("kafka", streams, p, "", hop, source), seconds);
                    }
                    deleteTopic(broker, topic);
                }
            }
        } finally {
            Folders.deleteRecursively(dir);
        }
        return lines;
    }

    /**
     * The kernel figures a job figure is compared with: the batch kernel ({@code
     * bandpower.kernel.samples_per_s}) and the job's own math alone at the job figure's hop.
     */
    private record Kernels(double batch, OwnMath atHop, OwnMath atSharedHop) {
        /** Adds {@code figure}'s line and the line of its shares of the kernels. */
        void add(final List<String> lines, final Figure figure, final double seconds) {
            lines.add(figure.line(seconds));
            final OwnMath own =
                    figure.variant().isEmpty() || atSharedHop == null ? atHop : atSharedHop;
            lines.add(shareLine(figure, batch, own.variant(), own.wallRate()));
        }
    }

    /**
     * {@code job.SOURCE.STREAMSx384.pP[.VARIANT].kernel_share=A of bandpower.kernel.samples_per_s
     * (K); B of bandpower.kernel.job_hop[.VARIANT].samples_per_s (J, ...); per slot A' and B'}: the
     * job figure over the batch kernel figure {@code batch} and over the job's own math alone at
     * the same hop, {@code own} samples/s ({@link #bandPowerKernel}).
     */
    static String shareLine(
            final Figure figure, final double batch, final String ownVariant, final double own) {
        final double rate = figure.samplesPerSecond();
        return String.format(
                Locale.ROOT,
                "%s.kernel_share=%.3f of bandpower.kernel.samples_per_s (%.4g); %.3f of"
                        + " bandpower.kernel.job_hop%s.samples_per_s (%.4g, the job's window, hop"
                        + " and segments on one thread); per slot %.3f and %.3f",
                figure.name(),
                rate / batch,
                batch,
                rate / own,
                ownVariant.isEmpty() ? "" : "." + ownVariant,
                own,
                rate / figure.parallelism() / batch,
                rate / figure.parallelism() / own);
    }

    /**
     * The job's band-power math alone at one hop: samples per second of wall clock and of the
     * thread's CPU time, over the same run.
     */
    record OwnMath(
            String variant,
            double hopSeconds,
            double seconds,
            long records,
            double wallRate,
            double cpuRate) {
        /**
         * {@code bandpower.kernel.job_hop[.VARIANT].samples_per_s} (wall clock) and {@code
         * job.band_power_thread.1x384[.VARIANT].samples_per_cpu_s} (thread CPU time).
         */
        List<String> lines() {
            final String suffix = variant.isEmpty() ? "" : "." + variant;
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "bandpower.kernel.job_hop%s.samples_per_s=%.4g samples/s (%.2f probes"
                                    + " in real time; the job's band power and band entropy,"
                                    + " SpectralAnalysis.append on in-memory frames, one thread,"
                                    + " wall clock, %.0f s of signal, hop %.4g s, %d records)",
                            suffix,
                            wallRate,
                            wallRate / (CHANNELS * RATE),
                            seconds,
                            hopSeconds,
                            records),
                    String.format(
                            Locale.ROOT,
                            "job.band_power_thread.1x384%s.samples_per_cpu_s=%.4g samples/s (%.2f"
                                    + " probes in real time per core; SpectralAnalysis.append"
                                    + " alone, thread CPU time, %.0f s of signal, hop %.4g s, %d"
                                    + " records)",
                            suffix,
                            cpuRate,
                            cpuRate / (CHANNELS * RATE),
                            seconds,
                            hopSeconds,
                            records));
        }
    }

    /**
     * The band-power operator's own work on one stream, without the job around it: {@link
     * SpectralAnalysis#append} (window ring, band entropy, Welch at each hop, as {@code
     * BandPowerFunction} does it) on one 384-channel 30 kHz stream of seeded noise in frames of 300
     * samples, at the job figures' options and hop {@code hop}, 3 s of signal of warm-up, then
     * {@code seconds} measured on the wall clock and on the calling thread's CPU time.
     */
    static OwnMath bandPowerKernel(final double seconds, final double hop, final String variant) {
        final BandPowerOptions options =
                JobConfig.builder().bandPower(BAND_POWER).bandHop(bandHop(hop)).build().bandPower();
        final SpectralAnalysis analysis =
                new SpectralAnalysis(options, CHANNELS, Math.round(1e9 / RATE));
        final SpectralState state = analysis.resume(null, 0);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        final float[][] frames = new float[50][CHANNELS * SAMPLES_PER_FRAME];
        for (final float[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) random.nextGaussian();
            }
        }
        final long[] records = {0};
        final Collector<BandPowerRecord> out =
                new Collector<>() {
                    @Override
                    public void collect(final BandPowerRecord r) {
                        records[0]++;
                    }

                    @Override
                    public void close() {}
                };
        final int warm = (int) (3 * RATE / SAMPLES_PER_FRAME);
        final int measured = (int) Math.ceil(seconds * RATE / SAMPLES_PER_FRAME);
        for (int i = 0; i < warm; i++) {
            analysis.append(state, frames[i % frames.length], 0, SAMPLES_PER_FRAME, "b", 0, out);
        }
        final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        final long start = threads.getCurrentThreadCpuTime();
        final long wallStart = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            analysis.append(state, frames[i % frames.length], 0, SAMPLES_PER_FRAME, "b", 0, out);
        }
        final double wall = (System.nanoTime() - wallStart) / 1e9;
        final double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        final double samples = (double) measured * SAMPLES_PER_FRAME * CHANNELS;
        return new OwnMath(
                variant, options.hopSeconds, seconds, records[0], samples / wall, samples / cpu);
    }

    private static void deleteTopic(final EmbeddedKafkaBroker broker, final String topic)
            throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        // topic deletion is asynchronous on the broker; give it a moment before re-creating
        Thread.sleep(2000);
    }

    private static SessionMetadata metadata() {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "bench";
        return m;
    }

    /** A hop in seconds as the job takes it: whole nanoseconds. */
    private static Duration bandHop(final double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * Runs the job once on {@code source} at band-power hop {@code hop}, s, and reads the
     * steady-state rate off its sink.
     */
    static Figure measure(
            final String name,
            final int streams,
            final int parallelism,
            final String variant,
            final double hop,
            final org.apache.flink.api.connector.source.Source<RawRecord, ?, ?> source)
            throws Exception {
        final String run = name + "/" + streams + "/" + parallelism + "/" + System.nanoTime();
        final Times times = new Times();
        TIMES.put(run, times);
        try {
            final JobConfig config =
                    JobConfig.builder()
                            .parallelism(parallelism)
                            .bandPower(BAND_POWER)
                            .bandHop(bandHop(hop))
                            .channelGroupSize(JobConfig.AUTO_CHANNEL_GROUPS)
                            .checkpointInterval(Duration.ZERO)
                            .streamIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(30)))
                            .build();
            final JobSinks sinks =
                    JobSinks.builder()
                            .bandPower(new TimingSink<>(run))
                            .gaps(new TimingSink<>(null))
                            .deadLetters(new TimingSink<>(null))
                            .build();
            final Configuration flink = new Configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            flink.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
            final StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(
                            EmbeddedRuntime.onLoopback(flink));
            new NeuroStreamJob(source, sinks, config).build(env);
            env.execute("neurostream job bench " + run);
            final long records = times.records.get();
            if (records <= streams) {
                throw new IllegalStateException(
                        "the job gave "
                                + records
                                + " band-power records for "
                                + streams
                                + " streams");
            }
            final BandPowerOptions bands = config.bandPower();
            final double samples = (records - streams) * bands.hopSamples(RATE) * CHANNELS;
            final double seconds = (times.last.get() - times.first.get()) / 1e9;
            return new Figure(
                    name, streams, parallelism, variant, bands.hopSeconds, samples / seconds);
        } finally {
            TIMES.remove(run);
        }
    }

    /**
     * Records {@code seconds} of {@code streams} noise streams into {@code sink}, one frame of each
     * stream in turn, each stream ended by its end-of-stream frame.
     */
    static void record(final FrameSink sink, final int streams, final double seconds)
            throws IOException {
        final SampleFramer[] framers = new SampleFramer[streams];
        for (int s = 0; s < streams; s++) {
            framers[s] =
                    new SampleFramer(
                            new ReplayBenchmark.Noise(CHANNELS, RATE, seconds, s),
                            Modality.EEG,
                            "bench",
                            "probe" + s,
                            SAMPLES_PER_FRAME);
        }
        int open = streams;
        final boolean[] done = new boolean[streams];
        long ingest = 1;
        while (open > 0) {
            for (int s = 0; s < streams; s++) {
                if (done[s]) {
                    continue;
                }
                final byte[] id = framers[s].streamId().getBytes(StandardCharsets.UTF_8);
                final byte[] frame = framers[s].next();
                if (frame != null) {
                    sink.accept(id, frame, ingest++);
                } else {
                    sink.accept(id, bytes(framers[s].endOfStream(ingest)), ingest++);
                    done[s] = true;
                    open--;
                }
            }
        }
    }

    private static byte[] bytes(final EncodableFrame frame) {
        final byte[] b = new byte[frame.length()];
        frame.encodeTo(new UnsafeBuffer(b), 0);
        return b;
    }

    /** First and last arrival of a run's timed records, and their count. */
    private static final class Times {
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong records = new AtomicLong();
    }

    /**
     * A sink that drops its records; with a run name, it notes their arrival in that run's times.
     */
    private static final class TimingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String run;

        TimingSink(final String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<T> createWriter(final WriterInitContext context) {
            final Times times = run == null ? null : TIMES.get(run);
            return new SinkWriter<>() {
                @Override
                public void write(final T element, final Context c) {
                    if (times != null) {
                        final long now = System.nanoTime();
                        times.first.accumulateAndGet(now, Math::min);
                        times.last.accumulateAndGet(now, Math::max);
                        times.records.incrementAndGet();
                    }
                }

                @Override
                public void flush(final boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}

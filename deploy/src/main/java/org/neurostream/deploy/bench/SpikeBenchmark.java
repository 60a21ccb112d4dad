package org.neurostream.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * The CPU the job needs for a Neuropixels-scale spike stream in real time (issue target: 1000 units
 * at 20 Hz each under 10 % of one core).
 *
 * <p>Method: a journal of one SPIKES stream of {@value #UNITS} units, each firing as a Poisson
 * process of {@value #RATE_HZ} Hz (seeded), in event frames of 50 ms (as {@code record} cuts an NWB
 * units table), {@value #SECONDS} s long, arrival time = device time; the whole job (validation,
 * population vectors of 50 ms bins, spike avalanches, the firing-rate, avalanche and dead-letter
 * sinks discarding, no motif kernel) on a local MiniCluster of parallelism 1 fed from the journal
 * at its real pace. The figure is the process CPU time from {@value #FROM_S} s to {@value #TO_S} s
 * after submission (steady state: JIT warm, MiniCluster started) divided by that wall time: the
 * share of one core the process used, MiniCluster overhead included. The same run on a journal of
 * the same frames without spikes gives the overhead alone ({@code idle_cpu_fraction}). The load
 * average at the start and the end is printed with the figures: on a shared machine the fractions
 * include time lost to other processes' cache and scheduler effects.
 */
public final class SpikeBenchmark {
    private static final int UNITS = 1000;
    private static final double RATE_HZ = 20;
    private static final int SECONDS = 35;
    private static final int FROM_S = 10;
    private static final int TO_S = 30;
    private static final long WINDOW_NS = 50_000_000L;

    private SpikeBenchmark() {}

    /**
     * @return {@code NAME=VALUE UNIT} lines: {@code spikes.job.cpu_fraction} and {@code
     *     spikes.job.idle_cpu_fraction}
     */
    public static List<String> run() throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-spike-bench-");
        try {
            final double load0 = loadAverage();
            final long spikes = record(dir.resolve("spikes"), RATE_HZ);
            record(dir.resolve("empty"), 0);
            final double busy = cpuFraction(dir.resolve("spikes"));
            final double idle = cpuFraction(dir.resolve("empty"));
            final double load1 = loadAverage();
            final String load =
                    String.format(Locale.ROOT, "load average %.1f -> %.1f", load0, load1);
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "spikes.job.cpu_fraction=%.3f of one core (%d units at %.0f Hz, %d"
                                    + " spikes in %d s at real pace, whole process over %d-%d s;"
                                    + " %s, %d cores)",
                            busy,
                            UNITS,
                            RATE_HZ,
                            spikes,
                            SECONDS,
                            FROM_S,
                            TO_S,
                            load,
                            Runtime.getRuntime().availableProcessors()),
                    String.format(
                            Locale.ROOT,
                            "spikes.job.idle_cpu_fraction=%.3f of one core (the same frames"
                                    + " without spikes; %s)",
                            idle,
                            load));
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /** Writes the journal; returns the spikes written. */
    private static long record(final Path journal, final double rateHz) throws IOException {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "spike-bench";
        final byte[] id = "spike-bench/units".getBytes(StandardCharsets.UTF_8);
        final byte[] session = "spike-bench".getBytes(StandardCharsets.UTF_8);
        final SplittableRandom random = new SplittableRandom(20);
        final double perUnit = Math.exp(-rateHz * WINDOW_NS / 1e9);
        final long t0 = System.currentTimeMillis() * 1_000_000L;
        final FrameEncoder encoder = new FrameEncoder();
        long[] spikes = new long[4 * UNITS];
        long total = 0;
        try (JournalWriter w = JournalWriter.create(journal, m, 256L << 20)) {
            final long windows = SECONDS * 1_000_000_000L / WINDOW_NS;
            for (long k = 0; k < windows; k++) {
                int n = 0;
                for (int u = 0; u < UNITS; u++) {
                    // Poisson count of this unit in the window (Knuth), each spike at a uniform
                    // microsecond; packed as offset << 16 | unit so that sorting orders by time
                    for (double p = random.nextDouble(); p > perUnit; p *= random.nextDouble()) {
                        if (n == spikes.length) {
                            spikes = java.util.Arrays.copyOf(spikes, 2 * n);
                        }
                        spikes[n++] = ((long) random.nextInt((int) (WINDOW_NS / 1000)) << 16) | u;
                    }
                }
                java.util.Arrays.sort(spikes, 0, n);
                final byte[] bytes =
                        new byte
                                [FrameEncoder.frameLength(
                                        FrameKind.EVENTS, UNITS, n, id.length, session.length)];
                encoder.wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.EVENTS)
                        .modality(Modality.SPIKES)
                        .sequence(k)
                        .deviceTimeNs(k * WINDOW_NS)
                        .periodNs(1000)
                        .counts(UNITS, n)
                        .ids(id, session);
                for (int i = 0; i < n; i++) {
                    encoder.putEvent(
                            i,
                            (int) (spikes[i] >>> 16),
                            (int) (spikes[i] & 0xffff),
                            (short) 0,
                            (byte) 1,
                            1f);
                }
                encoder.finish();
                w.append(bytes, 0, bytes.length, t0 + (k + 1) * WINDOW_NS);
                total += n;
            }
        }
        return total;
    }

    /** The job on the journal at its real pace: process CPU share over the measured window. */
    private static double cpuFraction(final Path journal) throws Exception {
        final NeuroStreamJob job =
                new NeuroStreamJob(
                        new JournalSource(journal, 1.0),
                        JobSinks.builder()
                                .deadLetters(new DiscardingSink<>())
                                .avalanches(new DiscardingSink<>())
                                .firingRates(new DiscardingSink<>())
                                .build(),
                        JobConfig.builder().build());
        final StreamExecutionEnvironment env = BenchJobs.localEnvironment();
        job.build(env);
        final double[] cpu = new double[2];
        final Thread sampler =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(FROM_S * 1000L);
                                cpu[0] = BenchJobs.processCpuSeconds();
                                Thread.sleep((TO_S - FROM_S) * 1000L);
                                cpu[1] = BenchJobs.processCpuSeconds();
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "spike-bench-cpu");
        sampler.setDaemon(true);
        sampler.start();
        env.execute("neurostream spike bench");
        sampler.join();
        return (cpu[1] - cpu[0]) / (TO_S - FROM_S);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

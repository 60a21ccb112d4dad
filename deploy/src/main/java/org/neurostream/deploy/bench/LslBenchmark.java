package org.neurostream.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.LslClock;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslInlet;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.LslStreamBridge;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;

/**
 * What LSL costs and how fast it delivers, on loopback (the bundled loopback-only configuration,
 * for our side and for the liblsl peer alike).
 *
 * <p>Inlet cost: an outlet streams 384 channels of float32 at 30 kHz (46 MB/s) in chunks of 300
 * samples (10 ms) at its real pace; our inlet reads it and {@link LslStreamBridge} cuts it into
 * frames of 600 samples (20 ms), each encoded into a reused buffer as a journal encodes it. The
 * figure is the CPU time of the inlet's threads (reader, clock offset) and the bridge thread over
 * 10 s after 3 s of warm-up, as a fraction of one core; the outlet's own threads (the amplifier's
 * side) are left out, and the whole process's CPU is printed beside.
 *
 * <p>Latency: an outlet of 256 float32 channels pushes one sample every millisecond (due times
 * fixed in advance, each stamped with the LSL clock at its push); a thread pulls from our inlet and
 * records, per sample, the LSL clock at hand-over minus its stamp (HdrHistogram), and minus its due
 * time (corrected for coordinated omission: a stall of the pusher counts for every sample due
 * during it). 10 s after 2 s of warm-up.
 *
 * <p>With {@code LSL_LIB} set (a liblsl.so), the same with liblsl as the peer, through pylsl in the
 * repository's .venv ({@code lsl/lsl_peer.py}): a liblsl outlet into our inlet (cost and latency),
 * and a liblsl inlet on our outlet (latency, measured by the Python reader: its own per-sample
 * overhead is in it).
 */
public final class LslBenchmark {
    private static final long SECOND = 1_000_000_000L;

    private LslBenchmark() {}

    /** CPU of the inlet side. */
    public record Cost(
            double inletCores, double processCores, long samples, long frames, long lost) {}

    /** Latency percentiles, microseconds. */
    public record Latency(
            double p50Us, double p99Us, double dueP50Us, double dueP99Us, long samples) {
        /** From histograms of ns: from the stamp, and from the due time (null: not measured). */
        static Latency of(final Histogram fromStamp, final Histogram fromDue) {
            return new Latency(
                    fromStamp.getValueAtPercentile(50) / 1e3,
                    fromStamp.getValueAtPercentile(99) / 1e3,
                    fromDue == null ? Double.NaN : fromDue.getValueAtPercentile(50) / 1e3,
                    fromDue == null ? Double.NaN : fromDue.getValueAtPercentile(99) / 1e3,
                    fromStamp.getTotalCount());
        }
    }

    /** Every figure as {@code NAME=VALUE UNIT} lines. */
    public static List<String> run() throws Exception {
        final List<String> lines = new ArrayList<>();
        final Cost ours = inletCost(null);
        lines.add(costLine("lsl.inlet_384ch_30khz", ours));
        final Latency lat = latency();
        latencyLines(lines, "lsl.latency_256ch_1khz", lat);
        final String lib = System.getenv("LSL_LIB");
        if (lib == null || lib.isEmpty()) {
            lines.add("lsl.liblsl skipped: set LSL_LIB to a liblsl.so to compare with liblsl");
            return lines;
        }
        final Path python = python();
        if (python == null) {
            lines.add(
                    "lsl.liblsl skipped: no Python with pylsl (run .ci/run or set neurostream.python)");
            return lines;
        }
        lines.add(
                costLine("lsl.liblsl_outlet.inlet_384ch_30khz", inletCost(new Peer(python, lib))));
        latencyLines(
                lines,
                "lsl.liblsl_outlet.latency_256ch_1khz",
                liblslOutletLatency(new Peer(python, lib)));
        latencyLines(
                lines,
                "lsl.liblsl_inlet.latency_256ch_1khz",
                liblslInletLatency(new Peer(python, lib)));
        return lines;
    }

    private static String costLine(final String name, final Cost c) {
        return String.format(
                Locale.ROOT,
                "%s.core_fraction=%.3f of one core (inlet + bridge threads; process %.3f; %d"
                        + " samples, %d frames, %d lost)",
                name,
                c.inletCores(),
                c.processCores(),
                c.samples(),
                c.frames(),
                c.lost());
    }

    private static void latencyLines(final List<String> lines, final String name, final Latency l) {
        lines.add(String.format(Locale.ROOT, "%s.p50_us=%.1f us", name, l.p50Us()));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.p99_us=%.1f us (%d samples)",
                        name,
                        l.p99Us(),
                        l.samples()));
        if (!Double.isNaN(l.dueP99Us())) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%s.from_due_p50_us=%.1f us (corrected for coordinated omission)",
                            name,
                            l.dueP50Us()));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%s.from_due_p99_us=%.1f us (corrected for coordinated omission)",
                            name,
                            l.dueP99Us()));
        }
    }

    /** A liblsl peer: the Python with pylsl and the library it should load. */
    private record Peer(Path python, String lib) {}

    /** Inlet + bridge cost on a 384 x 30 kHz stream from our outlet (peer null) or liblsl's. */
    static Cost inletCost(final Peer peer) throws Exception {
        final LslConfig config = LslConfig.loopback();
        final int channels = 384;
        final double rate = 30_000;
        final int chunk = 300;
        final String name = "bench-np-" + (peer == null ? "java" : "liblsl");
        final AtomicBoolean pushing = new AtomicBoolean(true);
        LslOutlet outlet = null;
        Thread pusher = null;
        Process process = null;
        final Path dir = Files.createTempDirectory("neurostream-lsl-bench-");
        try {
            if (peer == null) {
                outlet =
                        LslOutlet.open(
                                StreamInfo.builder(
                                                name,
                                                "Neuropixels",
                                                channels,
                                                rate,
                                                ChannelFormat.FLOAT32,
                                                name)
                                        .build(),
                                config,
                                m -> {});
                final LslOutlet o = outlet;
                pusher =
                        new Thread(
                                () -> {
                                    final float[] block = new float[chunk * channels];
                                    final SplittableRandom r = new SplittableRandom(7);
                                    for (int i = 0; i < block.length; i++) {
                                        block[i] = (float) r.nextGaussian();
                                    }
                                    o.waitForConsumers(30 * SECOND);
                                    final long start = System.nanoTime();
                                    long n = 0;
                                    while (pushing.get()) {
                                        final long due = start + (long) (n * chunk / rate * 1e9);
                                        final long wait = due - System.nanoTime();
                                        if (wait > 0) {
                                            LockSupport.parkNanos(wait);
                                            continue;
                                        }
                                        o.pushChunk(block, 0, chunk, 0);
                                        n++;
                                    }
                                },
                                "lsl-bench-pusher");
                pusher.setDaemon(true);
                pusher.start();
            } else {
                process =
                        peer(
                                peer,
                                dir,
                                "feed",
                                "--name",
                                name,
                                "--type",
                                "Neuropixels",
                                "--channels",
                                "384",
                                "--rate",
                                "30000",
                                "--chunk",
                                "300",
                                "--seconds",
                                "16",
                                "--timeout",
                                "30");
            }
            final CountingSink sink = new CountingSink();
            try (LslInlet inlet = open(config, name)) {
                final LslStreamBridge bridge =
                        new LslStreamBridge(
                                inlet, "bench", "np", Modality.SPIKES, 600, sink, o -> {});
                final AtomicBoolean run = new AtomicBoolean(true);
                final Thread bridging =
                        new Thread(
                                () -> {
                                    try {
                                        bridge.run(run::get);
                                    } catch (final Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                },
                                "lsl-bench-bridge");
                bridging.start();
                final com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean();
                Thread.sleep(3000);
                final long t0 = System.nanoTime();
                final long cpu0 = inletThreadsCpu();
                final long proc0 = os.getProcessCpuTime();
                final long samples0 = bridge.samples();
                final long frames0 = sink.frames.get();
                final long lost0 = bridge.lostSamples() + inlet.overflowedSamples();
                Thread.sleep(10_000);
                final double wall = (System.nanoTime() - t0) / 1e9;
                final double inletCpu = (inletThreadsCpu() - cpu0) / 1e9;
                final double procCpu = (os.getProcessCpuTime() - proc0) / 1e9;
                final long samples = bridge.samples() - samples0;
                final long frames = sink.frames.get() - frames0;
                final long lost = bridge.lostSamples() + inlet.overflowedSamples() - lost0;
                run.set(false);
                bridging.join(5000);
                return new Cost(inletCpu / wall, procCpu / wall, samples, frames, lost);
            }
        } finally {
            pushing.set(false);
            if (pusher != null) {
                pusher.join(2000);
            }
            if (outlet != null) {
                outlet.close();
            }
            end(process);
            Folders.deleteRecursively(dir);
        }
    }

    /** Outlet to inlet latency, both ours, 256 channels, 1 kHz, one sample a push. */
    static Latency latency() throws Exception {
        final LslConfig config = LslConfig.loopback();
        final int channels = 256;
        final String name = "bench-latency-java";
        final Histogram fromStamp = new Histogram(SECOND, 3);
        final Histogram fromDue = new Histogram(SECOND, 3);
        try (LslOutlet outlet =
                LslOutlet.open(
                        StreamInfo.builder(name, "EEG", channels, 1000, ChannelFormat.FLOAT32, name)
                                .build(),
                        config,
                        m -> {})) {
            try (LslInlet inlet = open(config, name)) {
                outlet.waitForConsumers(10 * SECOND);
                final int warm = 2000;
                final int total = warm + 10_000;
                final long start = System.nanoTime() + 100_000_000L;
                final Thread pusher =
                        new Thread(
                                () -> {
                                    final float[] v = new float[channels];
                                    for (int i = 0; i < total; i++) {
                                        final long due = start + i * 1_000_000L;
                                        long wait;
                                        while ((wait = due - System.nanoTime()) > 0) {
                                            LockSupport.parkNanos(wait);
                                        }
                                        v[0] = i;
                                        outlet.pushSample(v, LslClock.now());
                                    }
                                },
                                "lsl-bench-latency-pusher");
                pusher.start();
                final AtomicLong seen = new AtomicLong();
                final LslInlet.SampleHandler h =
                        s -> {
                            final long now = System.nanoTime();
                            final int i = (int) s.floatValue(0);
                            seen.incrementAndGet();
                            if (i < warm) {
                                return;
                            }
                            final double stamp = s.timestamp();
                            fromStamp.recordValue(
                                    Math.max(
                                            0,
                                            (long) ((LslClock.nanosToSeconds(now) - stamp) * 1e9)));
                            fromDue.recordValue(Math.max(0, now - (start + i * 1_000_000L)));
                        };
                final long end = System.nanoTime() + 60 * SECOND;
                while (seen.get() < total && System.nanoTime() < end) {
                    inlet.pull(h, 64, 100_000_000L);
                }
                pusher.join();
            }
        }
        return Latency.of(fromStamp, fromDue);
    }

    /** A liblsl outlet (256 ch, 1 kHz, one sample a push, stamped at push) into our inlet. */
    static Latency liblslOutletLatency(final Peer peer) throws Exception {
        final LslConfig config = LslConfig.loopback();
        final Path dir = Files.createTempDirectory("neurostream-lsl-bench-");
        final String name = "bench-latency-liblsl";
        final Process p =
                peer(
                        peer,
                        dir,
                        "feed",
                        "--name",
                        name,
                        "--channels",
                        "256",
                        "--rate",
                        "1000",
                        "--chunk",
                        "1",
                        "--seconds",
                        "13",
                        "--timeout",
                        "30");
        final Histogram fromStamp = new Histogram(SECOND, 3);
        try {
            try (LslInlet inlet = open(config, name)) {
                final long warmEnd = System.nanoTime() + 2 * SECOND;
                final long end = warmEnd + 10 * SECOND;
                final LslInlet.SampleHandler h =
                        s -> {
                            final long now = System.nanoTime();
                            if (now > warmEnd) {
                                fromStamp.recordValue(
                                        Math.max(
                                                0,
                                                (long)
                                                        ((LslClock.nanosToSeconds(now)
                                                                        - s.timestamp())
                                                                * 1e9)));
                            }
                        };
                while (System.nanoTime() < end) {
                    if (inlet.pull(h, 64, 100_000_000L) < 0) {
                        break;
                    }
                }
            }
        } finally {
            end(p);
            Folders.deleteRecursively(dir);
        }
        return Latency.of(fromStamp, null);
    }

    /** Our outlet (256 ch, 1 kHz, one sample a push) read by a liblsl inlet in Python. */
    static Latency liblslInletLatency(final Peer peer) throws Exception {
        final LslConfig config = LslConfig.loopback();
        final Path dir = Files.createTempDirectory("neurostream-lsl-bench-");
        final String name = "bench-latency-ours";
        final Path out = dir.resolve("latency.json");
        final Histogram h = new Histogram(SECOND, 3);
        try (LslOutlet outlet =
                LslOutlet.open(
                        StreamInfo.builder(name, "EEG", 256, 1000, ChannelFormat.FLOAT32, name)
                                .build(),
                        config,
                        m -> {})) {
            final Process p =
                    peer(
                            peer,
                            dir,
                            "latency",
                            "--pred",
                            "name='" + name + "'",
                            "--count",
                            "12000",
                            "--timeout",
                            "60",
                            "--out",
                            out.toString());
            try {
                outlet.waitForConsumers(30 * SECOND);
                Thread.sleep(500);
                final float[] v = new float[256];
                final long start = System.nanoTime();
                for (int i = 0; i < 12_000 && p.isAlive(); i++) {
                    final long due = start + i * 1_000_000L;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    outlet.pushSample(v, LslClock.now());
                }
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("the liblsl inlet failed: " + log(dir));
                }
            } finally {
                end(p);
            }
            final JsonNode lat = new ObjectMapper().readTree(out.toFile()).get("latency_s");
            for (int i = 2000; i < lat.size(); i++) {
                h.recordValue(Math.max(0, (long) (lat.get(i).asDouble() * 1e9)));
            }
        } finally {
            Folders.deleteRecursively(dir);
        }
        return Latency.of(h, null);
    }

    /** An inlet (2 s of buffer, no recovery) on the stream named {@code name}. */
    private static LslInlet open(final LslConfig config, final String name) throws IOException {
        final List<StreamInfo> found =
                new LslResolver(config, m -> {})
                        .resolve(StreamQuery.of("name='" + name + "'"), 1, 10 * SECOND);
        if (found.isEmpty()) {
            throw new IOException(name + " not found on loopback");
        }
        return LslInlet.open(found.get(0), config, 2.0, false, m -> {});
    }

    private static Process peer(final Peer peer, final Path dir, final String... args)
            throws IOException {
        final Path script = dir.resolve("lsl_peer.py");
        try (InputStream in = LslBenchmark.class.getResourceAsStream("/lsl/lsl_peer.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path cfg = dir.resolve("lsl_loopback.cfg");
        try (InputStream in = LslConfig.class.getResourceAsStream("lsl_loopback.cfg")) {
            Files.copy(in, cfg, StandardCopyOption.REPLACE_EXISTING);
        }
        final List<String> cmd =
                new ArrayList<>(List.of(peer.python().toString(), script.toString()));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("peer.log").toFile());
        pb.environment().put(LslConfig.ENV, cfg.toString());
        pb.environment().put("PYLSL_LIB", peer.lib());
        return pb.start();
    }

    private static String log(final Path dir) {
        try {
            return Files.readString(dir.resolve("peer.log"), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "(no log)";
        }
    }

    private static void end(final Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The Python with pylsl: neurostream.python, else .venv of NEUROSTREAM_HOME or here. */
    static Path python() {
        final List<Path> candidates = new ArrayList<>();
        final String prop = System.getProperty("neurostream.python");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        final String home = System.getenv("NEUROSTREAM_HOME");
        if (home != null) {
            candidates.add(Path.of(home, ".venv", "bin", "python"));
        }
        candidates.add(Path.of(".venv", "bin", "python"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** CPU time of the inlet's reader and clock threads and the bridge thread, ns. */
    private static long inletThreadsCpu() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            final String n = t.getThreadName();
            if (n.startsWith("lsl-inlet-")
                    || n.startsWith("lsl-clock-")
                    || n.equals("lsl-bench-bridge")) {
                final long cpu = threads.getThreadCpuTime(t.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /** Encodes each frame into one reused direct buffer, as a journal stages it, and counts. */
    private static final class CountingSink implements FrameSink {
        final AtomicLong frames = new AtomicLong();
        private UnsafeBuffer staging = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20));

        @Override
        public void accept(final byte[] key, final byte[] frame, final long ingestNs) {
            frames.incrementAndGet();
        }

        @Override
        public void accept(final byte[] key, final EncodableFrame frame, final long ingestNs) {
            final int length = frame.length();
            if (staging.capacity() < length) {
                staging =
                        new UnsafeBuffer(
                                ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN));
            }
            frame.encodeTo((MutableDirectBuffer) staging, 0);
            frames.incrementAndGet();
        }
    }
}

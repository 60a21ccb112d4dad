package org.neurostream.deploy.bench;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.flink.JournalCursor;
import org.neurostream.ingest.flink.JournalSplit;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * What journaling costs and how fast a journal reads back.
 *
 * <p>Recording: a synthetic stream (seeded noise, copied out of a one-second ring, so the source
 * costs next to nothing) goes through {@link FrameBridge} into a {@link JournalWriter} at its real
 * pace (speed 1), as {@code neurostream record} does; CPU is the JVM's whole process CPU time (GC,
 * JIT and Chronicle included) over the wall time, as a fraction of one core, and separately the
 * recording thread's own CPU time. Reading: the journal just written, read from the page cache by
 * {@link JournalReader} (frames handed out in place; the handler reads two header fields) and by
 * the Flink source's iterator (each frame copied into a new record), best of three passes; rates
 * count frame bytes.
 */
public final class JournalBenchmark {
    /** Neuropixels-scale: 384 channels at 30 kHz (float32: 46 MB/s). */
    public static final int NP_CHANNELS = 384;

    public static final double NP_RATE = 30_000;

    private static volatile long sink;

    private JournalBenchmark() {}

    /** Figures of one recording and its read-back. */
    public record Figures(
            double processCpuFraction,
            double threadCpuFraction,
            double recordMbPerS,
            long frames,
            double readMbPerS,
            double sourceMbPerS) {
        /** The figures as {@code NAME=VALUE UNIT} lines for {@code neurostream bench}. */
        public List<String> lines(final String name) {
            final List<String> lines = new ArrayList<>();
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "journal.record.%s.cpu_fraction=%.3f of one core (process;"
                                    + " %.1f MB/s of frames)",
                            name,
                            processCpuFraction,
                            recordMbPerS));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "journal.record.%s.thread_cpu_fraction=%.3f of one core",
                            name,
                            threadCpuFraction));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "journal.read.mb_per_s=%.0f MB/s (%s frames, in place)",
                            readMbPerS,
                            name));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "journal.source.mb_per_s=%.0f MB/s (%s frames, copied"
                                    + " into records as the Flink source does)",
                            sourceMbPerS,
                            name));
            return lines;
        }
    }

    /**
     * The reference measurement: 10 s of a 384-channel 30 kHz stream in 50 ms frames, after 3 s of
     * the same as warm-up.
     */
    public static Figures neuropixels() throws IOException {
        // a first, unmeasured recording lets the JIT compile the recording path, so that the
        // figure is the steady cost of a long session rather than of its first seconds
        run(NP_CHANNELS, NP_RATE, 3.0, 0.05);
        return run(NP_CHANNELS, NP_RATE, 10.0, 0.05);
    }

    /**
     * Records {@code seconds} of a synthetic stream at its real pace into a temporary journal,
     * reads it back, and deletes it.
     */
    public static Figures run(
            final int channels, final double rate, final double seconds, final double frameSeconds)
            throws IOException {
        final Path dir = Files.createTempDirectory("neurostream-journal-bench-");
        try {
            final Path journal = dir.resolve("j");
            final SessionMetadata m = new SessionMetadata();
            m.sessionId = "bench";
            m.streams.add(
                    new SessionMetadata.Stream(
                            "bench/np",
                            Modality.SPIKES.name(),
                            rate,
                            List.of(),
                            "uV",
                            "synthetic"));
            final com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean();
            final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long frames;
            final long bytes;
            final double wall;
            final double cpu;
            final double threadCpu;
            // opening the queue (class loading, the first mapping) is left out: the figure is the
            // cost of streaming
            try (JournalWriter w = JournalWriter.create(journal, m)) {
                final FrameBridge bridge =
                        new FrameBridge(new JournalFrameSink(w), Modality.SPIKES, "bench", "np");
                final long cpu0 = os.getProcessCpuTime();
                final long thread0 = threads.getCurrentThreadCpuTime();
                final long t0 = System.nanoTime();
                frames =
                        bridge.run(
                                new Noise(channels, rate, seconds),
                                (int) Math.round(frameSeconds * rate),
                                new Pacing(1.0));
                wall = (System.nanoTime() - t0) / 1e9;
                cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                threadCpu = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
            }
            bytes = frameBytes(journal);
            double read = 0;
            double source = 0;
            for (int pass = 0; pass < 3; pass++) {
                read = Math.max(read, readRate(journal, bytes));
                source = Math.max(source, sourceRate(journal, bytes));
            }
            return new Figures(
                    cpu / wall, threadCpu / wall, bytes / 1e6 / wall, frames, read, source);
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    private static long frameBytes(final Path journal) throws IOException {
        final long[] total = {0};
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll((b, o, l, t) -> total[0] += l);
        }
        return total[0];
    }

    private static double readRate(final Path journal, final long bytes) throws IOException {
        final long t0 = System.nanoTime();
        final long[] acc = {0};
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll(
                    (b, o, l, t) ->
                            acc[0] +=
                                    b.getLong(o + FrameDescriptor.SEQUENCE_OFFSET, LITTLE_ENDIAN)
                                            + b.getInt(
                                                    o + FrameDescriptor.LENGTH_OFFSET,
                                                    LITTLE_ENDIAN));
        }
        sink = acc[0];
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double sourceRate(final Path journal, final long bytes) throws IOException {
        final long t0 = System.nanoTime();
        long acc = 0;
        try (JournalCursor cursor =
                new JournalSplit(
                                journal.toAbsolutePath().toString(),
                                0,
                                Double.POSITIVE_INFINITY,
                                false)
                        .cursor()) {
            RawRecord r;
            while ((r = cursor.poll()) != null) {
                acc += r.value.length + r.value[r.value.length - 1];
            }
        }
        sink = acc;
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** Seeded noise, handed out from a one-second ring so that the source costs a copy. */
    private static final class Noise implements SampleSource {
        private final int channels;
        private final double rate;
        private final float[] ring;
        private final int ringSamples;
        private final long total;
        private long done;

        Noise(final int channels, final double rate, final double seconds) {
            this.channels = channels;
            this.rate = rate;
            this.ringSamples = (int) Math.round(rate);
            this.ring = new float[ringSamples * channels];
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < ring.length; i++) {
                ring[i] = (float) (random.nextDouble() * 200 - 100);
            }
            this.total = Math.round(seconds * rate);
        }

        @Override
        public int channelCount() {
            return channels;
        }

        @Override
        public double sampleRate() {
            return rate;
        }

        @Override
        public int read(final float[] dst, final int maxSamples) {
            int n = (int) Math.min(maxSamples, total - done);
            int at = 0;
            while (at < n) {
                final int from = (int) ((done + at) % ringSamples);
                final int k = Math.min(n - at, ringSamples - from);
                System.arraycopy(ring, from * channels, dst, at * channels, k * channels);
                at += k;
            }
            done += n;
            return n;
        }

        @Override
        public void close() {}
    }
}

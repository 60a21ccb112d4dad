package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.replay.JournalReplay;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.frame.Modality;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * The job's throughput when fed from a journal: a synthetic session (4 streams of 64 channels at
 * 160 Hz, 10 minutes each, 50 ms frames, seeded noise) recorded at max speed, then replayed through
 * the whole job (validation, band power, no decoder) at max speed with parallelism 1 on a local
 * MiniCluster. Time is the replay's wall time, MiniCluster start and job deployment included (about
 * 2-4 s of it here), so the figure is a lower bound of the steady rate.
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {}

    /**
     * @return {@code NAME=VALUE UNIT} lines: input samples per second, and seconds
     */
    public static List<String> run() throws Exception {
        return run(4, 64, 160, 600);
    }

    /** Replays {@code streams} synthetic streams of {@code seconds} each; see the class comment. */
    public static List<String> run(
            final int streams, final int channels, final double rate, final double seconds)
            throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-replay-bench-");
        try {
            final Path journal = dir.resolve("j");
            final SessionMetadata m = new SessionMetadata();
            m.sessionId = "bench";
            long samples = 0;
            try (JournalWriter w = JournalWriter.create(journal, m)) {
                for (int s = 0; s < streams; s++) {
                    final FrameBridge bridge =
                            new FrameBridge(
                                    new JournalFrameSink(w), Modality.EEG, "bench" + s, "eeg");
                    bridge.run(
                            new Noise(channels, rate, seconds, s),
                            (int) Math.round(rate / 20),
                            new Pacing(Double.POSITIVE_INFINITY));
                    samples += Math.round(rate * seconds) * channels;
                }
            }
            final JobOptions options = new JobOptions();
            final JournalReplay.Result r =
                    JournalReplay.run(
                            journal, Double.POSITIVE_INFINITY, false, options, dir.resolve("out"));
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "replay.job.samples_per_s=%.4g samples/s (%d streams x %d channels,"
                                    + " %d feature rows)",
                            samples / r.seconds(),
                            streams,
                            channels,
                            r.rows("features")),
                    String.format(
                            Locale.ROOT,
                            "replay.job.seconds=%.2f s (for %d x %.0f s of recording, MiniCluster"
                                    + " start included)",
                            r.seconds(),
                            streams,
                            seconds));
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Seeded noise, one value per call of the generator. */
    private static final class Noise implements SampleSource {
        private final int channels;
        private final double rate;
        private final long total;
        private final SplittableRandom random;
        private long done;

        Noise(final int channels, final double rate, final double seconds, final long seed) {
            this.channels = channels;
            this.rate = rate;
            this.total = Math.round(seconds * rate);
            this.random = new SplittableRandom(seed);
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
        public int read(final float[] dst, final int maxSamples) throws IOException {
            final int n = (int) Math.min(maxSamples, total - done);
            for (int i = 0; i < n * channels; i++) {
                dst[i] = (float) (random.nextDouble() * 100 - 50);
            }
            done += n;
            return n;
        }

        @Override
        public void close() {}
    }
}

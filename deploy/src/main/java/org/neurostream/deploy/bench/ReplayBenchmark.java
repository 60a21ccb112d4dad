package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.replay.JournalReplay;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.spectral.BandPowerOptions;

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
            final long samples = record(dir.resolve("j"), streams, channels, rate, seconds);
            final JournalReplay.Result r = replay(dir, JobConfig.builder().build());
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
            Folders.deleteRecursively(dir);
        }
    }

    /**
     * One Neuropixels-scale stream (384 channels at 30 kHz, 4 s) replayed whole with parallelism 1,
     * then split by the automatic channel groups ({@code --channel-group auto}: two groups of 192
     * on different subtasks) with parallelism 2: how a wide stream's throughput grows with slots
     * (at most with the cores that are free). Welch segments of 1024 samples and the bands of the
     * backend benchmark (100-300, 300-1000, 1000-6000 Hz), band entropy on, no decoder.
     */
    public static List<String> wideStream() throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-replay-bench-");
        try {
            final long samples = record(dir.resolve("j"), 1, 384, 30_000, 4);
            final List<String> lines = new ArrayList<>();
            for (final int parallelism : new int[] {1, 2}) {
                final JobConfig options =
                        JobConfig.builder()
                                .parallelism(parallelism)
                                .channelGroupSize(JobConfig.AUTO_CHANNEL_GROUPS)
                                .bandPower(
                                        new BandPowerOptions(
                                                2.0,
                                                0.25,
                                                1024 / 30_000.0,
                                                "constant",
                                                "rect",
                                                "lfp:100-300,low:300-1000,high:1000-6000"))
                                .build();
                final JournalReplay.Result r = replay(dir, options);
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "replay.wide_stream.p%d.samples_per_s=%.4g samples/s (384 channels"
                                        + " at 30 kHz, %s, %.4g per slot, MiniCluster start"
                                        + " included)",
                                parallelism,
                                samples / r.seconds(),
                                parallelism == 1
                                        ? "whole stream"
                                        : "automatic channel groups, "
                                                + parallelism
                                                + " of "
                                                + 384 / parallelism,
                                samples / r.seconds() / parallelism));
            }
            return lines;
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /** Records the synthetic streams at max speed; returns the samples (x channels) recorded. */
    private static long record(
            final Path journal,
            final int streams,
            final int channels,
            final double rate,
            final double seconds)
            throws IOException {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "bench";
        long samples = 0;
        try (JournalWriter w = JournalWriter.create(journal, m)) {
            for (int s = 0; s < streams; s++) {
                final FrameBridge bridge =
                        new FrameBridge(new JournalFrameSink(w), Modality.EEG, "bench" + s, "eeg");
                bridge.run(
                        new Noise(channels, rate, seconds, s),
                        (int) Math.round(rate / 20),
                        new Pacing(Double.POSITIVE_INFINITY));
                samples += Math.round(rate * seconds) * channels;
            }
        }
        return samples;
    }

    private static JournalReplay.Result replay(final Path dir, final JobConfig options)
            throws Exception {
        final Path out = dir.resolve("out-" + options.parallelism());
        return JournalReplay.run(dir.resolve("j"), Double.POSITIVE_INFINITY, false, options, out);
    }

    /**
     * Seeded noise, uniform in [-50, 50), one value per call of the generator: the same signal for
     * the same seed (benchmarks, and tests that compare runs).
     */
    public static final class Noise implements SampleSource {
        private final int channels;
        private final double rate;
        private final long total;
        private final SplittableRandom random;
        private long done;

        /** {@code seconds} of {@code channels} channels at {@code rate} Hz from {@code seed}. */
        public Noise(final int channels, final double rate, final double seconds, final long seed) {
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

package org.neurostream.deploy.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.avalanche.ZScoreBaseline;
import org.neurostream.operators.flink.SpectralAnalysis;
import org.neurostream.operators.flink.SpectralState;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * How much of one core the job's streaming spectral work needs to keep up with one stream in real
 * time: band power (Welch over the last 2 s every 0.25 s) and band differential entropy (five
 * 4th-order band-passes per channel over every sample), by {@link SpectralAnalysis}, the code
 * {@code BandPowerFunction} runs per frame, and neuronal avalanches (threshold events on a running
 * z-score baseline, 25 ms bins) by the {@link AvalancheStream} {@code AvalancheFunction} runs, both
 * with the job's default options.
 *
 * <p>Method: one second of seeded Gaussian noise for C channels at fs Hz is encoded once into
 * SAMPLES frames of F samples; the frames are then decoded and appended (as the function does:
 * decode, copy the samples out, append) over and over, the stream's time running on. A warm-up
 * stretch of signal lets the JIT compile the loops; then the process CPU time (every thread: GC and
 * JIT included, from {@code OperatingSystemMXBean.getProcessCpuTime}) and the calling thread's CPU
 * time are read across the measured stretch. The figure is CPU seconds per second of signal: the
 * fraction of one core the stream needs (1.0 = one whole core). Process CPU time advances in steps
 * of 10 ms on Linux, which the default 40 s of signal make negligible (about 0.0003 of a core).
 * Kafka, Flink's network stack and serialization are not included.
 */
public final class StreamingSpectralBenchmark {

    /** Channels of the reference measurement. */
    public static final int DEFAULT_CHANNELS = 256;

    /** Sampling rate of the reference measurement, Hz. */
    public static final double DEFAULT_FS = 2000;

    /** Samples per channel per frame: 10 ms at 2 kHz. */
    public static final int DEFAULT_SAMPLES_PER_FRAME = 20;

    /** Seconds of signal processed before measuring. */
    public static final double DEFAULT_WARMUP_SECONDS = 20;

    /** Seconds of signal measured. */
    public static final double DEFAULT_SIGNAL_SECONDS = 40;

    /** Seed of the generated noise. */
    public static final long DEFAULT_SEED = 20240613L;

    /** Keeps the results observable so that the JIT cannot drop the work. */
    private static volatile double sink;

    private StreamingSpectralBenchmark() {}

    /**
     * What one run measured.
     *
     * @param coreFraction process CPU seconds per second of signal (all threads)
     * @param threadCoreFraction the processing thread's CPU seconds per second of signal
     * @param records feature records emitted during the measured stretch
     * @param avalanches avalanches closed during the measured stretch
     */
    public record Result(
            double coreFraction, double threadCoreFraction, long records, long avalanches) {}

    /** The reference measurement: 256 channels at 2 kHz, frames of 20 samples, 20 s + 40 s. */
    public static Result coreFraction() {
        return coreFraction(
                DEFAULT_CHANNELS,
                DEFAULT_FS,
                DEFAULT_SAMPLES_PER_FRAME,
                DEFAULT_WARMUP_SECONDS,
                DEFAULT_SIGNAL_SECONDS,
                DEFAULT_SEED);
    }

    /**
     * Measures the streaming spectral work of one stream on the calling thread.
     *
     * @param channels channels of the stream
     * @param fs sampling rate in Hz (the default bands must fit below fs / 2)
     * @param samplesPerFrame samples per channel per frame
     * @param warmupSeconds seconds of signal before measuring
     * @param signalSeconds seconds of signal measured (rounded up to whole frames)
     * @param seed seed of the Gaussian noise
     * @throws IllegalArgumentException when a count or a duration is not positive
     */
    public static Result coreFraction(
            int channels,
            double fs,
            int samplesPerFrame,
            double warmupSeconds,
            double signalSeconds,
            long seed) {
        if (channels < 1 || samplesPerFrame < 1 || warmupSeconds < 0 || !(signalSeconds > 0)) {
            throw new IllegalArgumentException(
                    "need channels >= 1, samplesPerFrame >= 1, warm-up"
                            + " >= 0 s and signal > 0 s; got "
                            + channels
                            + ", "
                            + samplesPerFrame
                            + ", "
                            + warmupSeconds
                            + ", "
                            + signalSeconds);
        }
        long periodNs = Math.round(1e9 / fs);
        byte[][] frames = frames(channels, fs, samplesPerFrame, periodNs, seed);
        SpectralAnalysis analysis =
                new SpectralAnalysis(BandPowerOptions.defaults(), channels, periodNs);
        SpectralState state = analysis.newState(0);
        Counting out = new Counting();
        AvalancheStream avalanches =
                AvalancheStream.forSamples(
                        channels,
                        fs,
                        AvalancheOptions.builder()
                                .baseline(ZScoreBaseline.RUNNING)
                                .binWidth(Math.round(0.025 * fs))
                                .build(),
                        (startBin, durationBins, events, amplitude, first, second) ->
                                out.avalanches++);
        Replay replay = new Replay(frames, channels, samplesPerFrame, avalanches);

        long warmupFrames = (long) Math.ceil(warmupSeconds * fs / samplesPerFrame);
        replay.run(analysis, state, warmupFrames, out);
        long measuredFrames = (long) Math.ceil(signalSeconds * fs / samplesPerFrame);
        long recordsBefore = out.records;
        long avalanchesBefore = out.avalanches;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        long process0 = os.getProcessCpuTime();
        long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        replay.run(analysis, state, measuredFrames, out);
        long thread1 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long process1 = os.getProcessCpuTime();
        sink = out.checksum;

        double signal = measuredFrames * samplesPerFrame / fs;
        return new Result(
                (process1 - process0) * 1e-9 / signal,
                (thread1 - thread0) * 1e-9 / signal,
                out.records - recordsBefore,
                out.avalanches - avalanchesBefore);
    }

    /** One second of noise (rounded up to whole frames) as encoded SAMPLES frames. */
    private static byte[][] frames(
            int channels, double fs, int samplesPerFrame, long periodNs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = (int) Math.ceil(fs / samplesPerFrame);
        byte[] streamId = "bench/eeg".getBytes(StandardCharsets.UTF_8);
        byte[] sessionId = "bench".getBytes(StandardCharsets.UTF_8);
        float[] block = new float[channels * samplesPerFrame];
        FrameEncoder encoder = new FrameEncoder();
        byte[][] frames = new byte[count][];
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < block.length; i++) {
                block[i] = (float) (20 * gaussian(random));
            }
            frames[f] =
                    new byte
                            [FrameEncoder.frameLength(
                                    FrameKind.SAMPLES,
                                    channels,
                                    samplesPerFrame,
                                    streamId.length,
                                    sessionId.length)];
            encoder.wrap(new UnsafeBuffer(frames[f]), 0)
                    .kind(FrameKind.SAMPLES)
                    .modality(Modality.EEG)
                    .sequence(f)
                    .deviceTimeNs((long) f * samplesPerFrame * periodNs)
                    .periodNs(periodNs)
                    .counts(channels, samplesPerFrame)
                    .ids(streamId, sessionId)
                    .putSamples(block, 0)
                    .finish();
        }
        return frames;
    }

    /** A standard normal draw (Box-Muller); SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /**
     * Decodes and appends frames as BandPowerFunction does, and transposes them into the avalanche
     * stream as AvalancheFunction does, cycling through the encoded frames.
     */
    private static final class Replay {
        private final byte[][] frames;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        private final FrameDecoder decoder = new FrameDecoder();
        private final float[] samples;
        private final float[][] chunk;
        private final AvalancheStream avalanches;
        private int next;

        Replay(byte[][] frames, int channels, int samplesPerFrame, AvalancheStream avalanches) {
            this.frames = frames;
            this.samples = new float[channels * samplesPerFrame];
            this.chunk = new float[channels][samplesPerFrame];
            this.avalanches = avalanches;
        }

        void run(SpectralAnalysis analysis, SpectralState state, long count, Counting out) {
            for (long f = 0; f < count; f++) {
                buffer.wrap(frames[next]);
                next = next + 1 == frames.length ? 0 : next + 1;
                decoder.wrap(buffer, 0);
                decoder.copySamples(samples, 0);
                analysis.append(
                        state,
                        samples,
                        0,
                        decoder.elementCount(),
                        "bench/eeg",
                        decoder.ingestTimeNs(),
                        out);
                final int n = decoder.elementCount();
                final int channels = chunk.length;
                for (int c = 0; c < channels; c++) {
                    final float[] channel = chunk[c];
                    for (int i = 0; i < n; i++) {
                        channel[i] = samples[i * channels + c];
                    }
                }
                avalanches.onSamples(chunk, 0, n);
            }
        }
    }

    /** Counts records and folds a value of each into a checksum. */
    private static final class Counting implements Collector<BandPowerRecord> {
        long records;
        long avalanches;
        double checksum;

        @Override
        public void collect(BandPowerRecord record) {
            records++;
            checksum += record.bandPower[0] + record.differentialEntropy[0];
        }

        @Override
        public void close() {}
    }
}

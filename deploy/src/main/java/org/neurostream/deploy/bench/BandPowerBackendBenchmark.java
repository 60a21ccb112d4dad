package org.neurostream.deploy.bench;

import java.nio.FloatBuffer;
import java.util.List;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BackendOptions;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.compute.OpenClProfile;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * Throughput of the band-power hot path on a compute backend at Neuropixels scale: one probe is 384
 * channels at 30 kHz; each batch is {@link #DEFAULT_BATCH_SECONDS} s of every channel
 * (channel-major float32, seeded Gaussian noise), Welch with nperseg {@link #DEFAULT_NPERSEG}, 50 %
 * overlap, periodic Hann window, constant detrend, bands 100-300, 300-1000 and 1000-6000 Hz,
 * relative to 100-6000 Hz. Batches repeat on the calling thread for a warm-up quarter of the time,
 * then for the rest, timed with {@link System#nanoTime()}; the backend is created (and an OpenCL
 * program built) before the clock starts. Throughput counts input samples, as {@link
 * BandPowerBenchmark}.
 *
 * <p>Two ways in, measured apart. {@link #slots}: the batch's samples are in the backend's host
 * buffers (pinned memory on a GPU, filled once, as a PyTorch program keeps a pinned host tensor),
 * and every batch is copied to the device, computed and its results read back, with as many batches
 * in flight as the backend has slots. {@link #arrays}: every batch comes from the caller's {@code
 * float[][]}, as the stream operator and the commands call it, so the host's copy of the samples
 * into the backend's buffers is counted too.
 */
public final class BandPowerBackendBenchmark {
    /** Channels of one Neuropixels probe. */
    public static final int PROBE_CHANNELS = 384;

    /** Sampling rate of a Neuropixels probe's AP band, Hz. */
    public static final double PROBE_FS = 30_000;

    /** Samples per Welch segment. */
    public static final int DEFAULT_NPERSEG = 1024;

    /** Seconds of signal per batch. */
    public static final double DEFAULT_BATCH_SECONDS = 0.5;

    /** Total run time, seconds (warm-up included). */
    public static final double DEFAULT_SECONDS = 3.0;

    private static volatile double sink;

    /**
     * What one measurement gave.
     *
     * @param backend the backend that ran the timed batches (cpu after a fallback)
     * @param device the device it ran on
     * @param samplesPerSecond input samples per second
     * @param probesInRealTime samplesPerSecond / (384 x 30000): probes kept up with in real time
     * @param inFlight batches in flight at most (the backend's slots; 1 for the arrays path)
     * @param batches timed batches
     * @param micros timed microseconds
     * @param profile device time per command kind over the timed batches, when profiled
     */
    public record Result(
            String backend,
            String device,
            double samplesPerSecond,
            double probesInRealTime,
            int inFlight,
            long batches,
            double micros,
            List<OpenClProfile.Entry> profile) {}

    private BandPowerBackendBenchmark() {}

    /** The reference measurement on {@code kind}: one probe, nperseg 1024, 0.5 s batches, 3 s. */
    public static Result run(final BackendKind kind) {
        return slots(
                kind,
                PROBE_CHANNELS,
                DEFAULT_NPERSEG,
                DEFAULT_BATCH_SECONDS,
                DEFAULT_SECONDS,
                BackendOptions.DEFAULT);
    }

    /** The Welch configuration of the benchmark for {@code nperseg}. */
    public static WelchConfig config(final int nperseg) {
        return WelchConfig.builder(PROBE_FS)
                .nperseg(nperseg)
                .noverlap(nperseg / 2)
                .bands(
                        List.of(
                                new Band("lfp", 100, 300),
                                new Band("low", 300, 1000),
                                new Band("spike", 1000, 6000)))
                .relativeRange(100, 6000)
                .build();
    }

    /** Samples per channel in a batch of {@code batchSeconds}. */
    public static int batchSamples(final double batchSeconds) {
        return (int) Math.round(batchSeconds * PROBE_FS);
    }

    /**
     * Measures {@code channels} channels at 30 kHz on {@code kind} through the backend's slots:
     * samples in its host buffers, every batch copied to the device.
     *
     * @throws IllegalArgumentException when a count or a time is not positive or a batch is shorter
     *     than one segment
     */
    public static Result slots(
            final BackendKind kind,
            final int channels,
            final int nperseg,
            final double batchSeconds,
            final double seconds,
            final BackendOptions options) {
        final int samples = check(channels, nperseg, batchSeconds, seconds);
        final float[][] data =
                BandPowerBenchmark.noise(channels, samples, BandPowerBenchmark.DEFAULT_SEED);
        try (BandPowerBackend backend = BandPowerBackends.create(config(nperseg), kind, options)) {
            final int depth = backend.depth();
            final FloatBuffer[] filled = new FloatBuffer[depth];
            final double[] out = new double[channels * backend.bandCount()];
            final double[] relative = new double[out.length];
            final long total = (long) (seconds * 1e9);
            final long warmUpEnd = System.nanoTime() + total / 4;
            double checksum = 0;
            long submitted = 0;
            long completed = 0;
            long timedFrom = -1;
            long start = 0;
            long now;
            do {
                final int s = (int) (submitted % depth);
                if (submitted >= depth) {
                    backend.complete(s, out, relative);
                    checksum += relative[0];
                    completed++;
                }
                final FloatBuffer in = backend.input(s, channels, samples);
                if (in != filled[s]) {
                    // a new buffer (the first use, or after a fallback): the batch's samples
                    for (final float[] channel : data) {
                        in.put(channel);
                    }
                    filled[s] = in;
                }
                backend.submit(s);
                submitted++;
                now = System.nanoTime();
                if (timedFrom < 0 && now >= warmUpEnd) {
                    timedFrom = completed;
                    start = now;
                }
            } while (timedFrom < 0 || now < start + total - total / 4);
            for (long b = Math.max(0, submitted - depth); b < submitted; b++) {
                backend.complete((int) (b % depth), out, relative);
                completed++;
            }
            now = System.nanoTime();
            sink = checksum;
            final long batches = completed - timedFrom;
            final double rate = (double) channels * samples * batches / ((now - start) * 1e-9);
            return new Result(
                    backend.name(),
                    backend.device(),
                    rate,
                    rate / (PROBE_CHANNELS * PROBE_FS),
                    depth,
                    batches,
                    (now - start) / 1e3,
                    backend.profile());
        }
    }

    /**
     * Measures {@code channels} channels at 30 kHz on {@code kind} from the caller's arrays: every
     * batch one {@link BandPowerBackend#bandPowers} call, the host's copy included.
     */
    public static Result arrays(
            final BackendKind kind,
            final int channels,
            final int nperseg,
            final double batchSeconds,
            final double seconds) {
        final int samples = check(channels, nperseg, batchSeconds, seconds);
        final float[][] data =
                BandPowerBenchmark.noise(channels, samples, BandPowerBenchmark.DEFAULT_SEED);
        try (BandPowerBackend backend = BandPowerBackends.create(config(nperseg), kind)) {
            final double[] out = new double[channels * backend.bandCount()];
            final double[] relative = new double[out.length];
            final long total = (long) (seconds * 1e9);
            final long warmUpEnd = System.nanoTime() + total / 4;
            double checksum = 0;
            do {
                backend.bandPowers(data, 0, samples, out, relative);
                checksum += out[0];
            } while (System.nanoTime() < warmUpEnd);
            long calls = 0;
            final long start = System.nanoTime();
            final long timedEnd = start + total - total / 4;
            long now;
            do {
                backend.bandPowers(data, 0, samples, out, relative);
                checksum += relative[0];
                calls++;
                now = System.nanoTime();
            } while (now < timedEnd);
            sink = checksum;
            final double rate = (double) channels * samples * calls / ((now - start) * 1e-9);
            return new Result(
                    backend.name(),
                    backend.device(),
                    rate,
                    rate / (PROBE_CHANNELS * PROBE_FS),
                    1,
                    calls,
                    (now - start) / 1e3,
                    List.of());
        }
    }

    private static int check(
            final int channels,
            final int nperseg,
            final double batchSeconds,
            final double seconds) {
        final int samples = batchSamples(batchSeconds);
        if (channels < 1 || samples < nperseg || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "need channels >= 1, a batch of at least nperseg samples"
                            + " and seconds > 0; got "
                            + channels
                            + ", "
                            + samples
                            + " (nperseg "
                            + nperseg
                            + "), "
                            + seconds);
        }
        return samples;
    }
}

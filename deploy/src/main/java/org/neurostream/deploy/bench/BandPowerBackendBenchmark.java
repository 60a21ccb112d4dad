package org.neurostream.deploy.bench;

import java.util.List;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * Throughput of the band-power hot path on a compute backend at Neuropixels scale: one probe is 384
 * channels at 30 kHz; each call is one batch of {@link #DEFAULT_BATCH_SECONDS} s of every channel
 * (channel-major float32, seeded Gaussian noise), Welch with nperseg {@link #DEFAULT_NPERSEG} and
 * 50 % overlap, bands 100-300, 300-1000 and 1000-6000 Hz, relative to 100-6000 Hz. Calls repeat on
 * the calling thread for a warm-up quarter of the time, then for the rest, timed with {@link
 * System#nanoTime()}; the backend is created (and an OpenCL program built) before the clock starts.
 * Throughput counts input samples, as {@link BandPowerBenchmark}.
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
     */
    public record Result(
            String backend, String device, double samplesPerSecond, double probesInRealTime) {}

    private BandPowerBackendBenchmark() {}

    /** The reference measurement on {@code kind}: one probe, nperseg 1024, 0.5 s batches, 3 s. */
    public static Result run(final BackendKind kind) {
        return run(kind, PROBE_CHANNELS, DEFAULT_NPERSEG, DEFAULT_BATCH_SECONDS, DEFAULT_SECONDS);
    }

    /**
     * Measures {@code channels} channels at 30 kHz on {@code kind}.
     *
     * @throws IllegalArgumentException when a count or a time is not positive or a batch is shorter
     *     than one segment
     */
    public static Result run(
            final BackendKind kind,
            final int channels,
            final int nperseg,
            final double batchSeconds,
            final double seconds) {
        final int samples = (int) Math.round(batchSeconds * PROBE_FS);
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
        final WelchConfig config =
                WelchConfig.builder(PROBE_FS)
                        .nperseg(nperseg)
                        .noverlap(nperseg / 2)
                        .bands(
                                List.of(
                                        new Band("lfp", 100, 300),
                                        new Band("low", 300, 1000),
                                        new Band("spike", 1000, 6000)))
                        .relativeRange(100, 6000)
                        .build();
        final float[][] data =
                BandPowerBenchmark.noise(channels, samples, BandPowerBenchmark.DEFAULT_SEED);
        try (BandPowerBackend backend = BandPowerBackends.create(config, kind)) {
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
                    backend.name(), backend.device(), rate, rate / (PROBE_CHANNELS * PROBE_FS));
        }
    }
}

package org.neurostream.deploy.bench;

import java.util.SplittableRandom;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * Single-thread throughput of the Welch band-power kernel ({@link WelchKernel#bandPowers(float[][],
 * int, int, double[], double[])}), the batch the streaming operator and the offline command call.
 *
 * <p>Method: seeded Gaussian noise for C channels of N samples each (channel-major), one kernel
 * with the default bands, rect rule and mean removal; calls repeat on the calling thread for a
 * warm-up quarter of the requested time (so the JIT compiles the loops), then for the rest, timed
 * with {@link System#nanoTime()}. Throughput counts input samples: C x N per call, whatever the
 * overlap; absolute powers and relative powers are both computed.
 */
public final class BandPowerBenchmark {

    /** Channels of the reference measurement: 64 (a 10-10 EEG cap). */
    public static final int DEFAULT_CHANNELS = 64;

    /** Sampling rate of the reference measurement, Hz. */
    public static final double DEFAULT_FS = 256;

    /** Segment length of the reference measurement: 2 s at 256 Hz. */
    public static final int DEFAULT_NPERSEG = 512;

    /** Overlap of the reference measurement: 50 %. */
    public static final int DEFAULT_NOVERLAP = 256;

    /** Samples per channel per call of the reference measurement: 60 s at 256 Hz. */
    public static final int DEFAULT_SAMPLES_PER_CHANNEL = 60 * 256;

    /** Total run time of the reference measurement, seconds (warm-up included). */
    public static final double DEFAULT_SECONDS = 2.0;

    /** Seed of the generated noise. */
    public static final long DEFAULT_SEED = 20240611L;

    /** Keeps the results observable so that the JIT cannot drop the work. */
    private static volatile double sink;

    private BandPowerBenchmark() {}

    /**
     * The reference measurement: 64 channels at 256 Hz, nperseg 512, 50 % overlap, 60 s per channel
     * per call, about 2 s in all.
     *
     * @return input samples per second on the calling thread
     */
    public static double samplesPerSecond() {
        return samplesPerSecond(
                DEFAULT_CHANNELS,
                DEFAULT_FS,
                DEFAULT_NPERSEG,
                DEFAULT_NOVERLAP,
                DEFAULT_SAMPLES_PER_CHANNEL,
                DEFAULT_SECONDS,
                DEFAULT_SEED);
    }

    /**
     * Measures the batch kernel on the calling thread.
     *
     * @param channels channels per call
     * @param fs sampling rate in Hz (the default bands must fit below fs / 2)
     * @param nperseg samples per Welch segment
     * @param noverlap samples shared by consecutive segments
     * @param samplesPerChannel samples of each channel per call (at least nperseg)
     * @param seconds total run time, of which the first quarter is warm-up
     * @param seed seed of the Gaussian noise
     * @return input samples per second: channels x samplesPerChannel x calls / timed seconds
     * @throws IllegalArgumentException when a count or the time is not positive, or
     *     samplesPerChannel &lt; nperseg
     */
    public static double samplesPerSecond(
            int channels,
            double fs,
            int nperseg,
            int noverlap,
            int samplesPerChannel,
            double seconds,
            long seed) {
        if (channels < 1 || samplesPerChannel < nperseg || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "need channels >= 1, samplesPerChannel >= nperseg"
                            + " and seconds > 0; got "
                            + channels
                            + ", "
                            + samplesPerChannel
                            + " (nperseg "
                            + nperseg
                            + "), "
                            + seconds);
        }
        WelchKernel kernel =
                new WelchKernel(
                        WelchConfig.builder(fs).nperseg(nperseg).noverlap(noverlap).build());
        float[][] data = noise(channels, samplesPerChannel, seed);
        double[] out = new double[channels * kernel.bandCount()];
        double[] relative = new double[out.length];

        long total = (long) (seconds * 1e9);
        long warmUpEnd = System.nanoTime() + total / 4;
        double checksum = 0;
        while (System.nanoTime() < warmUpEnd) {
            kernel.bandPowers(data, 0, samplesPerChannel, out, relative);
            checksum += out[0];
        }
        long calls = 0;
        long start = System.nanoTime();
        long timedEnd = start + total - total / 4;
        long now;
        do {
            kernel.bandPowers(data, 0, samplesPerChannel, out, relative);
            checksum += relative[0];
            calls++;
            now = System.nanoTime();
        } while (now < timedEnd);
        sink = checksum;
        return (double) channels * samplesPerChannel * calls / ((now - start) * 1e-9);
    }

    static float[][] noise(int channels, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] data = new float[channels][samples];
        for (float[] channel : data) {
            for (int i = 0; i < samples; i++) {
                channel[i] = (float) gaussian(random);
            }
        }
        return data;
    }

    /** A standard normal draw (Box-Muller); SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}

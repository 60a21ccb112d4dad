package org.neurostream.deploy.bench;

import java.util.SplittableRandom;
import org.neurostream.operators.calcium.CalciumEventSink;
import org.neurostream.operators.calcium.CalciumKernel;
import org.neurostream.operators.calcium.CalciumOptions;

/**
 * Single-thread throughput of the calcium kernel ({@link CalciumKernel#process}): neuropil
 * correction, running 8th-percentile baseline over 500 frames, dF/F, OASIS AR(1) with the default
 * estimation, lag and s_min, and event emission, one frame of every ROI per call.
 *
 * <p>Method: seeded raw traces F = 100 (1 + c) + noise of sd 10 and a neuropil of 50 + noise, c an
 * AR(1) trace (g = 0.95) driven by 0.5 Hz spikes of size 1, for R ROIs over 100 s at fs; the frames
 * are replayed in a loop as one continuous stream (the kernel never restarts). Warm-up lasts a
 * quarter of the requested time and at least until the estimation phase (2000 frames) is over, so
 * that the timed part is the steady state; it is timed with {@link System#nanoTime()}. The figure
 * counts ROI-frames: R per processed frame. One core keeps up with R ROIs at fs when it processes R
 * fs ROI-frames per second; 1000 ROIs at 30 Hz take under 5 % of a core from 600 k ROI-frames/s up.
 */
public final class CalciumBenchmark {
    /** ROIs of the reference measurement. */
    public static final int DEFAULT_ROIS = 1000;

    /** Frame rate of the reference measurement, Hz. */
    public static final double DEFAULT_FS = 30;

    /** Total run time of the reference measurement, seconds (warm-up included). */
    public static final double DEFAULT_SECONDS = 2.0;

    /** Seed of the generated traces. */
    public static final long DEFAULT_SEED = 20240611L;

    private static final int FRAMES = 3000;

    /** Keeps the results observable so that the JIT cannot drop the work. */
    private static volatile double sink;

    private CalciumBenchmark() {}

    /** The reference measurement: 1000 ROIs at 30 Hz, about 2 s in all; ROI-frames per second. */
    public static double roiFramesPerSecond() {
        return roiFramesPerSecond(DEFAULT_ROIS, DEFAULT_FS, DEFAULT_SECONDS, DEFAULT_SEED);
    }

    /**
     * Measures the kernel on the calling thread.
     *
     * @param rois ROIs per frame
     * @param fs frame rate in Hz (sets the spike rate per frame of the generated traces)
     * @param seconds run time after the estimation phase, of which the first quarter is warm-up
     * @param seed seed of the traces
     * @return ROI-frames per second: rois x frames processed / timed seconds
     * @throws IllegalArgumentException when rois &lt; 1 or fs or seconds is not positive
     */
    public static double roiFramesPerSecond(
            final int rois, final double fs, final double seconds, final long seed) {
        if (rois < 1 || !(fs > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "need rois >= 1, fs > 0 and seconds > 0; got "
                            + rois
                            + ", "
                            + fs
                            + ", "
                            + seconds);
        }
        final float[][] f = new float[FRAMES][rois];
        final float[][] neuropil = new float[FRAMES][rois];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < rois; r++) {
            double c = 0;
            for (int t = 0; t < FRAMES; t++) {
                c = 0.95 * c + (random.nextDouble() < 0.5 / fs ? 1 : 0);
                f[t][r] = (float) (100 * (1 + c) + 10 * gaussian(random));
                neuropil[t][r] = (float) (50 + 5 * gaussian(random));
            }
        }
        final CalciumKernel kernel = new CalciumKernel(CalciumOptions.defaults(fs), rois);
        final double[] dff = new double[rois];
        final Counter counter = new Counter();

        final long total = (long) (seconds * 1e9);
        final long warmUpEnd = System.nanoTime() + total / 4;
        int t = 0;
        while (System.nanoTime() < warmUpEnd || kernel.estimating()) {
            kernel.process(f[t], neuropil[t], dff, counter);
            t = t + 1 == FRAMES ? 0 : t + 1;
        }
        long frames = 0;
        final long start = System.nanoTime();
        final long timedEnd = start + total - total / 4;
        long now;
        do {
            kernel.process(f[t], neuropil[t], dff, counter);
            t = t + 1 == FRAMES ? 0 : t + 1;
            frames++;
            now = System.nanoTime();
        } while (now < timedEnd);
        sink = counter.amplitude + dff[0] + counter.events;
        return (double) rois * frames / ((now - start) * 1e-9);
    }

    /** Counts events, as a consumer that does something with each would. */
    private static final class Counter implements CalciumEventSink {
        long events;
        double amplitude;

        @Override
        public void onEvent(final int address, final long frame, final long tUs, final double a) {
            events++;
            amplitude += a;
        }
    }

    /** A standard normal draw (Box-Muller). */
    private static double gaussian(final SplittableRandom random) {
        final double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}

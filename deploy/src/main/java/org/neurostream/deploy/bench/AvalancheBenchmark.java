package org.neurostream.deploy.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.neurostream.operators.avalanche.PowerLawFit;
import org.neurostream.operators.avalanche.PowerLawFitter;
import org.neurostream.operators.avalanche.ReferenceProcesses;

/**
 * Single-thread time of the discrete power-law fit with the x_min scan ({@link
 * PowerLawFitter#fitDiscrete(long[], int)}) over the sizes of 1e6 critical Galton-Watson avalanches
 * (docs/features.md#power-law-fits; the target is under 2 s on one core).
 *
 * <p>Method: the sizes are generated once with a fixed seed (not timed); the fit, its sort of a
 * copy of the input included, runs twice as warm-up so that the JIT compiles it, then {@code runs}
 * times, timed with {@link System#nanoTime()}; the median is reported.
 */
public final class AvalancheBenchmark {

    /** Avalanches of the reference measurement. */
    public static final int DEFAULT_AVALANCHES = 1_000_000;

    /** Timed runs of the reference measurement. */
    public static final int DEFAULT_RUNS = 3;

    /** Seed of the reference sizes. */
    public static final long DEFAULT_SEED = 20240611L;

    /** Keeps the results observable so that the JIT cannot drop the work. */
    private static volatile double sink;

    private AvalancheBenchmark() {}

    /** The reference measurement: median seconds of one fit over 1e6 critical sizes. */
    public static double powerLawFitSeconds() {
        return powerLawFitSeconds(DEFAULT_AVALANCHES, DEFAULT_RUNS, DEFAULT_SEED);
    }

    /**
     * Median seconds of {@code runs} fits (after two warm-up fits) over the sizes of {@code
     * avalanches} critical Galton-Watson avalanches drawn with {@code seed}.
     *
     * @throws IllegalArgumentException when avalanches or runs is below 1
     */
    public static double powerLawFitSeconds(int avalanches, int runs, long seed) {
        if (avalanches < 1 || runs < 1) {
            throw new IllegalArgumentException(
                    "need avalanches >= 1 and runs >= 1; got " + avalanches + ", " + runs);
        }
        long[] sizes =
                ReferenceProcesses.galtonWatsonSizes(1.0, avalanches, new SplittableRandom(seed));
        double checksum = 0;
        for (int i = 0; i < 2; i++) {
            checksum += PowerLawFitter.fitDiscrete(sizes, PowerLawFitter.DEFAULT_MIN_TAIL).alpha();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PowerLawFit fit = PowerLawFitter.fitDiscrete(sizes, PowerLawFitter.DEFAULT_MIN_TAIL);
            seconds[i] = (System.nanoTime() - start) * 1e-9;
            checksum += fit.alpha();
        }
        sink = checksum;
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }
}

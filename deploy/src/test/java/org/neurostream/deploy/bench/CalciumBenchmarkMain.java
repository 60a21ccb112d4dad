package org.neurostream.deploy.bench;

/**
 * Tries the calcium benchmark by hand (test scope only; {@code neurostream bench} is the real entry
 * point). Arguments, all optional: rois fs seconds.
 */
public final class CalciumBenchmarkMain {

    private CalciumBenchmarkMain() {}

    /** Runs the benchmark once and prints the rate in the command's format. */
    public static void main(final String[] args) {
        final double rate =
                args.length == 0
                        ? CalciumBenchmark.roiFramesPerSecond()
                        : CalciumBenchmark.roiFramesPerSecond(
                                Integer.parseInt(args[0]),
                                Double.parseDouble(args[1]),
                                Double.parseDouble(args[2]),
                                CalciumBenchmark.DEFAULT_SEED);
        System.out.printf("bench: calcium.roi_frames_per_s=%.4g ROI-frames/s%n", rate);
    }
}

package org.neurostream.deploy.bench;

/**
 * Tries the band-power benchmark by hand (test scope only; the {@code neurostream bench} command is
 * the real entry point). Arguments, all optional: channels fs nperseg noverlap samplesPerChannel
 * seconds.
 */
public final class BandPowerBenchmarkMain {

    private BandPowerBenchmarkMain() {}

    /** Runs the benchmark once and prints the rate in the command's format. */
    public static void main(String[] args) {
        double rate =
                args.length == 0
                        ? BandPowerBenchmark.samplesPerSecond()
                        : BandPowerBenchmark.samplesPerSecond(
                                Integer.parseInt(args[0]),
                                Double.parseDouble(args[1]),
                                Integer.parseInt(args[2]),
                                Integer.parseInt(args[3]),
                                Integer.parseInt(args[4]),
                                Double.parseDouble(args[5]),
                                BandPowerBenchmark.DEFAULT_SEED);
        System.out.printf("bench: bandpower.kernel.samples_per_s=%.4g samples/s%n", rate);
    }
}

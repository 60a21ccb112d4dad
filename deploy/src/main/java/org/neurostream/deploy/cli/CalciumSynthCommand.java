package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.calcium.SyntheticGcamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a seeded synthetic calcium-imaging session with its ground-truth spikes. */
@Command(name = "calcium-synth", mixinStandardHelpOptions = true, sortOptions = false)
final class CalciumSynthCommand implements Callable<Integer> {
    private static final SyntheticGcamp.Parameters DEMO = SyntheticGcamp.Parameters.demo();

    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = SyntheticGcamp.DEMO_NAME)
    String name;

    @Option(names = "--rois", paramLabel = "N")
    int rois = DEMO.rois();

    @Option(names = "--fs", paramLabel = "HZ")
    double fs = DEMO.fs();

    @Option(names = "--seconds", paramLabel = "SEC")
    double seconds = DEMO.seconds();

    @Option(names = "--tau", paramLabel = "SEC")
    double tau = DEMO.tauSeconds();

    @Option(names = "--rate", paramLabel = "HZ")
    double rate = DEMO.rateHz();

    @Option(names = "--burst-rate", paramLabel = "HZ")
    double burstRate = DEMO.burstRateHz();

    @Option(names = "--recruitment", paramLabel = "P")
    double recruitment = DEMO.recruitment();

    @Option(names = "--noise", paramLabel = "DFF")
    double noise = DEMO.noise();

    @Option(names = "--bleach", paramLabel = "FRACTION")
    double bleach = DEMO.bleach();

    @Option(names = "--seed", paramLabel = "N")
    long seed = DEMO.seed();

    @Override
    public Integer call() {
        final SyntheticGcamp.Parameters p;
        try {
            p =
                    new SyntheticGcamp.Parameters(
                            rois,
                            fs,
                            seconds,
                            tau,
                            rate,
                            burstRate,
                            recruitment,
                            noise,
                            bleach,
                            seed);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        final String report;
        try {
            report = SyntheticGcamp.generate(p).writeReport(out, name);
        } catch (final IOException e) {
            throw new CliException(
                    CliException.BAD_INPUT, "cannot write into " + out + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println(report);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

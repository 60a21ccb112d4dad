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
@Command(
        name = "calcium-synth",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a seeded, GCaMP-like calcium-imaging session with known spikes. With the"
                    + " defaults it regenerates the demo's replay-data/calcium/synthetic-gcamp.npy"
                    + " byte for byte: ./neurostream calcium-synth --out replay-data/calcium",
            "",
            "Model, per ROI: c_t = g c_{t-1} + s_t with g = exp(-1 / (tau fs)); F_t = F0 (1 -"
                    + " bleach t / frames) (1 + c_t) + noise F0 N(0, 1), F0 uniform in [300, 900);"
                    + " spikes of 0.8 to 1.6 dF/F from independent Poisson spikes and from"
                    + " population bursts that each ROI joins with some probability a few frames"
                    + " after the onset (so avalanches happen). No neuropil (F as if corrected"
                    + " already).",
            "",
            "Writes into --out:",
            "  NAME.npy         float32 [ROIs, frames], the layout of suite2p's F.npy.",
            "  NAME-spikes.csv  header t_us,address,amplitude: the true spikes, sorted by t_us then"
                    + " address, t_us = round(frame * 1e6 / fs), amplitude in dF/F (the format of"
                    + " calcium's events.csv).",
            "",
            "Exit codes: 0 done; 2 unusable options or output folder."
        })
final class CalciumSynthCommand implements Callable<Integer> {
    private static final SyntheticGcamp.Parameters DEMO = SyntheticGcamp.Parameters.demo();

    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if needed).")
    Path out;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = SyntheticGcamp.DEMO_NAME,
            description = "File name stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--rois", paramLabel = "N", description = "ROIs (default: 40).")
    int rois = DEMO.rois();

    @Option(names = "--fs", paramLabel = "HZ", description = "Frame rate (default: 30).")
    double fs = DEMO.fs();

    @Option(names = "--seconds", paramLabel = "SEC", description = "Length (default: 120).")
    double seconds = DEMO.seconds();

    @Option(names = "--tau", paramLabel = "SEC", description = "Calcium decay time (default: 1).")
    double tau = DEMO.tauSeconds();

    @Option(
            names = "--rate",
            paramLabel = "HZ",
            description = "Independent spike rate per ROI (default: 0.1).")
    double rate = DEMO.rateHz();

    @Option(
            names = "--burst-rate",
            paramLabel = "HZ",
            description = "Population burst rate (default: 0.1).")
    double burstRate = DEMO.burstRateHz();

    @Option(
            names = "--recruitment",
            paramLabel = "P",
            description = "Probability that an ROI joins a burst (default: 0.5).")
    double recruitment = DEMO.recruitment();

    @Option(
            names = "--noise",
            paramLabel = "DFF",
            description = "Noise sd as a fraction of F0 (default: 0.1).")
    double noise = DEMO.noise();

    @Option(
            names = "--bleach",
            paramLabel = "FRACTION",
            description = "Fraction of F0 lost over the session (default: 0.03).")
    double bleach = DEMO.bleach();

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 20261123).")
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

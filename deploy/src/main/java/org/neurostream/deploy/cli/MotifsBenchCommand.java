package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.models.motif.SyntheticMotifBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The synthetic benchmark of Perrinet (ICANN 2023), causal form
 * (docs/features.md#synthetic-benchmark).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The synthetic benchmark of Perrinet (ICANN 2023) in causal form: random sparse"
                    + " kernels (W = 4 N(0, 1), kept above 4 Phi^-1(0.95), envelope"
                    + " exp(-s/0.4)(1 - exp(-s/0.05)), filter W[d] - 0.8 W[d-1] - 0.2 W[d-2]),"
                    + " motif ends B ~ Bernoulli(p_B), spikes A ~ Bernoulli(sigmoid(logit(p_A) +"
                    + " sum of K over occurrences)).",
            "",
            "Prints the true-positive rate (detected true motif ends / true motif ends, exact bin)"
                    + " at the threshold set at the (1 - rate) quantile of V over all motifs and"
                    + " bins, rate = the realised occurrence rate (so detections = occurrences):",
            "  with the generating kernels (docs/features.md: about 0.95), the correlation baseline (kernel"
                    + " sigmoid(logit(p_A) + K); about 0.75), a kernel trained on another draw"
                    + " ('motifs train' defaults, scored on the test draw), and the generating"
                    + " kernels against D (docs/features.md: D=7 about 0.43, 15 about 0.76, 63 about 0.997).",
            "The default run takes well under a minute; --bins, --train-bins, --epochs and"
                    + " --sweep trade time for precision. Starts no Flink and no Kafka."
        })
final class MotifsBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--addresses",
            defaultValue = "128",
            paramLabel = "N",
            description = "Input addresses (default: ${DEFAULT-VALUE}).")
    int addresses;

    @Option(
            names = "--motifs",
            defaultValue = "200",
            paramLabel = "M",
            description = "Motifs (default: ${DEFAULT-VALUE}).")
    int motifs;

    @Option(
            names = "--delays",
            defaultValue = "31",
            paramLabel = "D",
            description = "Delays of the main run (default: ${DEFAULT-VALUE}).")
    int delays;

    @Option(
            names = "--p-a",
            defaultValue = "0.001",
            paramLabel = "P",
            description = "Background spike probability per bin (default: ${DEFAULT-VALUE}).")
    double pA;

    @Option(
            names = "--p-b",
            defaultValue = "0.001",
            paramLabel = "P",
            description = "Motif probability per bin (default: ${DEFAULT-VALUE}).")
    double pB;

    @Option(
            names = "--bins",
            defaultValue = "20000",
            paramLabel = "T",
            description = "Bins of each test draw (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(
            names = "--train-bins",
            defaultValue = "50000",
            paramLabel = "T",
            description =
                    "Bins of the training draw; 0 skips training (default:" + " ${DEFAULT-VALUE}).")
    int trainBins;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--sweep",
            defaultValue = "7,15,31,63",
            paramLabel = "D,...",
            description = "Delays of the sweep; 'none' skips it (default: ${DEFAULT-VALUE}).")
    String sweep;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description =
                    "Also write the test draw there: events.csv (t_us,address), labels.csv"
                            + " (t_us,motif), generating.kernel.npy, generating.bias.npy, generating.json.")
    Path save;

    @Option(
            names = "--bin-us",
            defaultValue = "1000",
            paramLabel = "US",
            description = "Bin width used for the t_us of saved files (default: ${DEFAULT-VALUE}).")
    long binUs;

    @Mixin BackendOption backend;

    @Override
    public Integer call() throws IOException {
        final SyntheticMotifBenchmark benchmark;
        try {
            benchmark =
                    new SyntheticMotifBenchmark(
                            addresses,
                            motifs,
                            delays,
                            pA,
                            pB,
                            bins,
                            trainBins,
                            epochs,
                            sweep,
                            seed,
                            save,
                            binUs,
                            backend.kind());
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        benchmark.run(spec.commandLine().getOut());
        return 0;
    }
}

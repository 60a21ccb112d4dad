package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.models.motif.MotifTraining;
import org.neurostream.models.motif.MotifTrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a motif kernel from spikes and labelled motif times. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a motif kernel K[m, a, d] and biases b[m] by logistic regression over delays:"
                    + " V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d], mean binary"
                    + " cross-entropy between sigmoid(V[m, t]) and the labels (1 where motif m ends"
                    + " in bin t), L2 on the weights, Adam on mini-batches of consecutive bins in a"
                    + " seeded order; deterministic for the same input and options.",
            "",
            "Input: --events E.csv (header t_us,address) and --labels L.csv (header t_us,motif),"
                    + " further columns ignored, any row order. The training span runs from the"
                    + " first to the last bin of either file.",
            "--prune-keep F < 1 then keeps, per motif, the fraction F of weights largest in"
                    + " magnitude and trains those again for --fine-tune-epochs.",
            "",
            "Output: PREFIX.kernel.npy (float32 [M, N, D]), PREFIX.bias.npy (float32 [M]) and"
                    + " PREFIX.json (sizes, convention, options, loss of every epoch), ready for"
                    + " 'motifs detect --kernel PREFIX.kernel.npy --bias PREFIX.bias.npy'.",
            "It prints the true-positive rate on the training span at the threshold that makes as"
                    + " many detections as there are labels (an optimistic, in-sample figure).",
            "",
            "Exit codes: 0 done; 2 unusable input (nothing written)."
        })
final class MotifsTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--events",
            required = true,
            paramLabel = "E.csv",
            description = "Input spikes: t_us,address.")
    Path events;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "L.csv",
            description = "Motif ends: t_us,motif.")
    Path labels;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "PREFIX",
            description = "Writes PREFIX.kernel.npy, PREFIX.bias.npy, PREFIX.json.")
    Path out;

    @Option(
            names = "--addresses",
            paramLabel = "N",
            description = "Input addresses N (default: largest address + 1); others are left out.")
    Integer addresses;

    @Option(
            names = "--motifs",
            paramLabel = "M",
            description = "Motifs M (default: largest label + 1); others are left out.")
    Integer motifs;

    @Option(
            names = "--delays",
            defaultValue = "31",
            paramLabel = "D",
            description = "Delays D, in bins (default: ${DEFAULT-VALUE}).")
    int delays;

    @Option(
            names = "--bin-us",
            defaultValue = "1000",
            paramLabel = "US",
            description = "Bin width in microseconds (default: ${DEFAULT-VALUE}).")
    long binUs;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.05",
            paramLabel = "RATE",
            description = "Adam step size (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--l2",
            defaultValue = "0.03",
            description = "L2 penalty on the weights (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--batch-bins",
            defaultValue = "2048",
            paramLabel = "BINS",
            description = "Bins per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchBins;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--prune-keep",
            defaultValue = "1",
            paramLabel = "F",
            description =
                    "Fraction of each motif's weights kept, 0 < F <= 1 (default:"
                            + " ${DEFAULT-VALUE}, no pruning).")
    double pruneKeep;

    @Option(
            names = "--fine-tune-epochs",
            defaultValue = "5",
            paramLabel = "N",
            description = "Epochs after pruning (default: ${DEFAULT-VALUE}).")
    int fineTuneEpochs;

    @Override
    public Integer call() throws IOException {
        if (binUs < 1) {
            throw new CliException(CliException.BAD_INPUT, "--bin-us must be >= 1");
        }
        MotifTrainingOptions options;
        try {
            options =
                    new MotifTrainingOptions(
                            delays,
                            epochs,
                            learningRate,
                            l2,
                            batchBins,
                            seed,
                            pruneKeep,
                            fineTuneEpochs);
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need --delays, --epochs, --batch-bins"
                            + " >= 1, --learning-rate > 0, --l2 >= 0, 0 < --prune-keep <= 1 and"
                            + " --fine-tune-epochs >= 0");
        }
        try {
            MotifTraining.train(
                    events,
                    labels,
                    addresses,
                    motifs,
                    options,
                    binUs,
                    out,
                    spec.commandLine().getOut());
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}

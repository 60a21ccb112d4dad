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
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false)
final class MotifsTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "E.csv")
    Path events;

    @Option(names = "--labels", required = true, paramLabel = "L.csv")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "PREFIX")
    Path out;

    @Option(names = "--addresses", paramLabel = "N")
    Integer addresses;

    @Option(names = "--motifs", paramLabel = "M")
    Integer motifs;

    @Option(names = "--delays", defaultValue = "31", paramLabel = "D")
    int delays;

    @Option(names = "--bin-us", defaultValue = "1000", paramLabel = "US")
    long binUs;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.05", paramLabel = "RATE")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0.03")
    double l2;

    @Option(names = "--batch-bins", defaultValue = "2048", paramLabel = "BINS")
    int batchBins;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--prune-keep", defaultValue = "1", paramLabel = "F")
    double pruneKeep;

    @Option(names = "--fine-tune-epochs", defaultValue = "5", paramLabel = "N")
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

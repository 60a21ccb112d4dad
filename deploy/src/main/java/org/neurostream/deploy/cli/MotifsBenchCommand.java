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
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false)
final class MotifsBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--addresses", defaultValue = "128", paramLabel = "N")
    int addresses;

    @Option(names = "--motifs", defaultValue = "200", paramLabel = "M")
    int motifs;

    @Option(names = "--delays", defaultValue = "31", paramLabel = "D")
    int delays;

    @Option(names = "--p-a", defaultValue = "0.001", paramLabel = "P")
    double pA;

    @Option(names = "--p-b", defaultValue = "0.001", paramLabel = "P")
    double pB;

    @Option(names = "--bins", defaultValue = "20000", paramLabel = "T")
    int bins;

    @Option(names = "--train-bins", defaultValue = "50000", paramLabel = "T")
    int trainBins;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--sweep", defaultValue = "7,15,31,63", paramLabel = "D,...")
    String sweep;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--save", paramLabel = "DIR")
    Path save;

    @Option(names = "--bin-us", defaultValue = "1000", paramLabel = "US")
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

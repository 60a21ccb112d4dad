package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.models.motif.MotifTrainer;
import org.neurostream.models.motif.MotifTrainingOptions;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifEvaluation;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.SyntheticMotifs;
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
        if (addresses < 1
                || motifs < 1
                || delays < 1
                || bins <= 2 * delays
                || trainBins < 0
                || epochs < 1
                || !(pA > 0 && pA < 1)
                || !(pB > 0 && pB < 1)
                || binUs < 1) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need N, M, D, --epochs, --bin-us"
                            + " >= 1, --bins > 2 D, --train-bins >= 0 and 0 < p < 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "ICANN synthetic benchmark, causal form: N=%d addresses, M=%d"
                        + " motifs, D=%d delays, p_A=%s, p_B=%s, test draw of %d bins, seed %d%n",
                addresses,
                motifs,
                delays,
                pA,
                pB,
                bins,
                seed);
        SyntheticMotifs test =
                SyntheticMotifs.generate(motifs, addresses, delays, bins, pA, pB, seed);
        MotifKernel generating =
                MotifKernel.fromDense(
                        test.kernel(), test.generatingBias(), motifs, addresses, delays);
        out.printf(
                Locale.ROOT,
                "kernels: %.1f %% nonzero weights; test draw: %d input events, %d"
                        + " motif occurrences; threshold at the (1 - %.3g) quantile of V%n",
                100 * generating.density(),
                test.input().size(),
                test.occurrences().size(),
                test.occurrenceRate());
        out.flush();
        double hd = MotifEvaluation.truePositiveRate(generating, test);
        out.printf(Locale.ROOT, "true-positive rate, generating kernels:   %.3f%n", hd);
        detect(out, generating, test);
        out.flush();
        MotifKernel correlation =
                MotifKernel.fromDense(
                        MotifEvaluation.correlationKernel(test.kernel(), pA),
                        new float[motifs],
                        motifs,
                        addresses,
                        delays);
        out.printf(
                Locale.ROOT,
                "true-positive rate, correlation baseline: %.3f%n",
                MotifEvaluation.truePositiveRate(correlation, test));
        out.flush();
        if (trainBins > 2 * delays) {
            train(out, test);
        }
        if (!sweep.isBlank() && !sweep.strip().equals("none")) {
            StringBuilder line =
                    new StringBuilder("true-positive rate against D (generating" + " kernels):");
            for (String item : sweep.split(",")) {
                int d = parseDelay(item);
                SyntheticMotifs draw =
                        d == delays
                                ? test
                                : SyntheticMotifs.generate(
                                        motifs, addresses, d, bins, pA, pB, seed);
                MotifKernel k =
                        d == delays
                                ? generating
                                : MotifKernel.fromDense(
                                        draw.kernel(), draw.generatingBias(), motifs, addresses, d);
                line.append(
                        String.format(
                                Locale.ROOT,
                                " D=%d %.3f",
                                d,
                                d == delays ? hd : MotifEvaluation.truePositiveRate(k, draw)));
            }
            out.println(line);
        }
        if (save != null) {
            save(out, test);
        }
        return 0;
    }

    /** One pass of the generating kernels over the test draw on the --backend, timed. */
    private void detect(PrintWriter out, MotifKernel kernel, SyntheticMotifs test) {
        BinnedEvents input = test.input();
        double threshold =
                MotifEvaluation.quantile(
                        MotifEvaluation.potentials(kernel, input, 0, bins),
                        1 - test.occurrenceRate());
        long[] count = new long[1];
        try (MotifBackend b = MotifBackends.create(kernel, threshold, 0, backend.kind())) {
            long start = System.nanoTime();
            b.process(input.ids(), input.bins(), input.size(), (m, t, v) -> count[0]++);
            b.finish((m, t, v) -> count[0]++);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "detection on %s (%s): %d detections, %.4g events/s (one"
                            + " pass, first-call costs included)%n",
                    b.name(),
                    b.device(),
                    count[0],
                    input.size() / seconds);
        }
    }

    private int parseDelay(String item) {
        int d;
        try {
            d = Integer.parseInt(item.strip());
        } catch (NumberFormatException e) {
            d = 0;
        }
        if (d < 1 || bins <= 2 * d) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "--sweep: '"
                            + item
                            + "' is not a number"
                            + " of delays >= 1 and below --bins / 2");
        }
        return d;
    }

    private void train(PrintWriter out, SyntheticMotifs test) {
        SyntheticMotifs train =
                SyntheticMotifs.drawWith(
                        test.kernel(), motifs, addresses, delays, trainBins, pA, pB, seed + 1);
        MotifTrainingOptions d = MotifTrainingOptions.defaults();
        MotifTrainingOptions options =
                new MotifTrainingOptions(
                        delays, epochs, d.learningRate(), d.l2(), d.batchBins(), d.seed(), 1, 0);
        long started = System.nanoTime();
        MotifModel model =
                new MotifTrainer(options)
                        .train(train.input(), train.occurrences(), addresses, motifs, 0, trainBins);
        double seconds = (System.nanoTime() - started) / 1e9;
        double tpr = MotifEvaluation.truePositiveRate(model.toKernel(), test);
        double pruned = MotifEvaluation.truePositiveRate(model.pruned(0.05).toKernel(), test);
        out.printf(
                Locale.ROOT,
                "true-positive rate, trained kernel:       %.3f (%.3f pruned to"
                        + " 5 %% of the weights); %d epochs on another draw of %d bins, %.1f labels per"
                        + " motif, %.1f s%n",
                tpr,
                pruned,
                epochs,
                trainBins,
                train.occurrences().size() / (double) motifs,
                seconds);
        out.flush();
    }

    private void save(PrintWriter out, SyntheticMotifs test) throws IOException {
        Files.createDirectories(save);
        writeCsv(save.resolve("events.csv"), "t_us,address", test.input());
        writeCsv(save.resolve("labels.csv"), "t_us,motif", test.occurrences());
        MotifModel.of(
                        test.kernel(),
                        test.generatingBias(),
                        motifs,
                        addresses,
                        delays,
                        Map.of(
                                "source",
                                "motifs bench: generating kernels, seed " + seed,
                                "binUs",
                                binUs))
                .write(save.resolve("generating"));
        out.println("test draw written to " + save);
    }

    private void writeCsv(Path file, String header, BinnedEvents events) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (int i = 0; i < events.size(); i++) {
                w.write(Long.toString(events.bin(i) * binUs));
                w.write(',');
                w.write(Integer.toString(events.id(i)));
                w.write('\n');
            }
        }
    }
}

package org.neurostream.models.motif;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifEvaluation;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.SyntheticMotifs;

/**
 * The ICANN synthetic motif benchmark in its causal form, as {@code motifs bench} runs it:
 * true-positive rates of the generating kernels, the correlation baseline, a kernel trained on
 * another draw, and the generating kernels against the number of delays; one detection pass timed
 * on a compute backend; optionally the test draw written out. Prints its lines as it goes.
 */
public final class SyntheticMotifBenchmark {
    private final int addresses;
    private final int motifs;
    private final int delays;
    private final double pA;
    private final double pB;
    private final int bins;
    private final int trainBins;
    private final int epochs;
    private final List<Integer> sweep;
    private final long seed;
    private final Path save;
    private final long binUs;
    private final BackendKind backend;

    /**
     * A benchmark of N {@code addresses}, M {@code motifs} and D {@code delays}, test draws of
     * {@code bins}, a training draw of {@code trainBins} (0 skips training), the delays of the
     * {@code sweep} ({@code D,...}; blank or {@code none} skips it), the test draw saved in {@code
     * save} (or null) with times of {@code binUs} per bin, detection timed on {@code backend}.
     *
     * @throws IllegalArgumentException with one line naming {@code motifs bench}'s options when a
     *     size or probability is out of range or the sweep names a delay that is not below bins / 2
     */
    public SyntheticMotifBenchmark(
            final int addresses,
            final int motifs,
            final int delays,
            final double pA,
            final double pB,
            final int bins,
            final int trainBins,
            final int epochs,
            final String sweep,
            final long seed,
            final Path save,
            final long binUs,
            final BackendKind backend) {
        if (addresses < 1
                || motifs < 1
                || delays < 1
                || bins <= 2 * delays
                || trainBins < 0
                || epochs < 1
                || !(pA > 0 && pA < 1)
                || !(pB > 0 && pB < 1)
                || binUs < 1) {
            throw new IllegalArgumentException(
                    "need N, M, D, --epochs, --bin-us"
                            + " >= 1, --bins > 2 D, --train-bins >= 0 and 0 < p < 1");
        }
        final List<Integer> delaysToSweep = new ArrayList<>();
        if (!sweep.isBlank() && !sweep.strip().equals("none")) {
            for (final String item : sweep.split(",")) {
                delaysToSweep.add(sweepDelay(item, bins));
            }
        }
        this.addresses = addresses;
        this.motifs = motifs;
        this.delays = delays;
        this.pA = pA;
        this.pB = pB;
        this.bins = bins;
        this.trainBins = trainBins;
        this.epochs = epochs;
        this.sweep = List.copyOf(delaysToSweep);
        this.seed = seed;
        this.save = save;
        this.binUs = binUs;
        this.backend = backend;
    }

    private static int sweepDelay(final String item, final int bins) {
        int d;
        try {
            d = Integer.parseInt(item.strip());
        } catch (final NumberFormatException e) {
            d = 0;
        }
        if (d < 1 || bins <= 2 * d) {
            throw new IllegalArgumentException(
                    "--sweep: '" + item + "' is not a number of delays >= 1 and below --bins / 2");
        }
        return d;
    }

    /** Runs it, printing to {@code out}. */
    public void run(final PrintWriter out) throws IOException {
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
        if (!sweep.isEmpty()) {
            StringBuilder line =
                    new StringBuilder("true-positive rate against D (generating" + " kernels):");
            for (int d : sweep) {
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
    }

    /** One pass of the generating kernels over the test draw on the --backend, timed. */
    private void detect(PrintWriter out, MotifKernel kernel, SyntheticMotifs test) {
        BinnedEvents input = test.input();
        double threshold =
                MotifEvaluation.quantile(
                        MotifEvaluation.potentials(kernel, input, 0, bins),
                        1 - test.occurrenceRate());
        long[] count = new long[1];
        try (MotifBackend b = MotifBackends.create(kernel, threshold, 0, backend)) {
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

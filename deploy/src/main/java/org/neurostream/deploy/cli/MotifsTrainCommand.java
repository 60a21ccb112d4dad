package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.models.motif.MotifTrainer;
import org.neurostream.models.motif.MotifTrainingOptions;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifEvaluation;
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
    /** Above this many potentials (M x T) the in-sample rate is not computed. */
    private static final long MAX_SCORED_POTENTIALS = 1L << 26;

    /** Training holds four arrays of M N D floats; this bounds them to 2 GiB. */
    private static final long MAX_WEIGHTS = 1L << 27;

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
        BinnedEvents input = readSorted(events, "address");
        BinnedEvents truth = readSorted(labels, "motif");
        if (input.size() == 0 || truth.size() == 0) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    (input.size() == 0 ? events : labels)
                            + ": no rows; training needs events and labels");
        }
        int n = addresses != null ? addresses : max(input.ids()) + 1;
        int m = motifs != null ? motifs : max(truth.ids()) + 1;
        if (n < 1 || m < 1) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need at least one address and one" + " motif (ids are 0-based, >= 0)");
        }
        if ((long) m * n * delays > MAX_WEIGHTS) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "a kernel of M N D = "
                            + m
                            + " x "
                            + n
                            + " x "
                            + delays
                            + " weights is too large to train here (at most "
                            + MAX_WEIGHTS
                            + "); check --addresses and --motifs");
        }
        long first = Math.min(input.bin(0), truth.bin(0));
        long last = Math.max(input.bin(input.size() - 1), truth.bin(truth.size() - 1));
        if (last - first + 1 > Integer.MAX_VALUE || (last - first + 1) * m > Integer.MAX_VALUE) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "the span of "
                            + (last - first + 1)
                            + " bins times "
                            + m
                            + " motifs is too large; use a wider --bin-us or a"
                            + " shorter recording");
        }
        int bins = (int) (last - first + 1);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "training on %d events and %d labels: N=%d addresses, M=%d"
                        + " motifs, D=%d delays, %d bins of %d us%n",
                input.size(),
                truth.size(),
                n,
                m,
                delays,
                bins,
                binUs);
        stdout.flush();

        long started = System.nanoTime();
        MotifModel trained = new MotifTrainer(options).train(input, truth, n, m, first, bins);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> meta = new LinkedHashMap<>(trained.metadata());
        meta.put("binUs", binUs);
        meta.put("eventsFile", events.getFileName().toString());
        meta.put("labelsFile", labels.getFileName().toString());
        MotifModel model = MotifModel.of(trained.kernel(), trained.bias(), m, n, delays, meta);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        model.write(out);

        @SuppressWarnings("unchecked")
        List<Double> loss =
                (List<Double>)
                        ((Map<String, Object>) trained.metadata().get("training"))
                                .get("lossByEpoch");
        stdout.printf(
                Locale.ROOT,
                "trained in %.1f s; loss %.4g after epoch 1, %.4g at the end;"
                        + " %d nonzero weights (%.1f %%)%n",
                seconds,
                loss.get(0),
                loss.get(loss.size() - 1),
                model.nonZeroCount(),
                100.0 * model.nonZeroCount() / ((double) m * n * delays));
        if ((long) m * bins <= MAX_SCORED_POTENTIALS) {
            float[] v = MotifEvaluation.potentials(model.toKernel(), input, first, bins);
            double rate = truth.size() / ((double) m * bins);
            stdout.printf(
                    Locale.ROOT,
                    "in-sample true-positive rate %.3f (threshold at the (1 -"
                            + " %.3g) quantile of V)%n",
                    MotifEvaluation.truePositiveRate(v, m, first, truth, rate),
                    rate);
        }
        stdout.printf("model written to %s.kernel.npy, %s.bias.npy, %s.json%n", out, out, out);
        return 0;
    }

    private BinnedEvents readSorted(Path file, String column) throws IOException {
        long[][] bins = {new long[1024]};
        int[][] ids = {new int[1024]};
        int[] size = {0};
        EventCsv.read(
                file,
                column,
                (t, id) -> {
                    if (size[0] == ids[0].length) {
                        ids[0] = Arrays.copyOf(ids[0], size[0] * 2);
                        bins[0] = Arrays.copyOf(bins[0], size[0] * 2);
                    }
                    ids[0][size[0]] = id;
                    bins[0][size[0]] = Math.floorDiv(t, binUs);
                    size[0]++;
                });
        int count = size[0];
        // Stable sort by bin: training takes rows in any order.
        long[] key = new long[count];
        for (int i = 0; i < count; i++) {
            key[i] = bins[0][i];
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = key[i] >= key[i - 1];
        }
        if (!sorted) {
            Arrays.sort(order, (x, y) -> Long.compare(key[x], key[y]));
        }
        int[] outIds = new int[count];
        long[] outBins = new long[count];
        for (int i = 0; i < count; i++) {
            outIds[i] = ids[0][order[i]];
            outBins[i] = key[order[i]];
        }
        return new BinnedEvents(outIds, outBins);
    }

    private static int max(int[] values) {
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}

package org.neurostream.models.motif;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifEvaluation;

/**
 * Trains a motif kernel on binned events and their motif labels, as {@code motifs train} does:
 * checks the sizes, trains ({@link MotifTrainer}), writes the model with its bin width and source
 * files in its metadata, and prints the loss and the in-sample true-positive rate.
 */
public final class MotifTraining {
    /** Above this many potentials (M x T) the in-sample rate is not computed. */
    static final long MAX_SCORED_POTENTIALS = 1L << 26;

    /** Training holds four arrays of M N D floats; this bounds them to 2 GiB. */
    static final long MAX_WEIGHTS = 1L << 27;

    private MotifTraining() {}

    /**
     * Trains and writes the model to {@code out} ({@code out.kernel.npy}, {@code .bias.npy}, {@code
     * .json}), printing progress to {@code stdout}.
     *
     * @param addresses N, or null for the largest address + 1
     * @param motifs M, or null for the largest motif + 1
     * @throws IllegalArgumentException with one line when the input cannot be trained on (no rows,
     *     a kernel or span too large)
     */
    public static void train(
            final BinnedEvents input,
            final BinnedEvents truth,
            final Integer addresses,
            final Integer motifs,
            final MotifTrainingOptions options,
            final long binUs,
            final Path eventsFile,
            final Path labelsFile,
            final Path out,
            final PrintWriter stdout)
            throws IOException {
        final int delays = options.delays();
        if (input.size() == 0 || truth.size() == 0) {
            throw new IllegalArgumentException(
                    (input.size() == 0 ? eventsFile : labelsFile)
                            + ": no rows; training needs events and labels");
        }
        int n = addresses != null ? addresses : max(input.ids()) + 1;
        int m = motifs != null ? motifs : max(truth.ids()) + 1;
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException(
                    "need at least one address and one" + " motif (ids are 0-based, >= 0)");
        }
        if ((long) m * n * delays > MAX_WEIGHTS) {
            throw new IllegalArgumentException(
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
            throw new IllegalArgumentException(
                    "the span of "
                            + (last - first + 1)
                            + " bins times "
                            + m
                            + " motifs is too large; use a wider --bin-us or a"
                            + " shorter recording");
        }
        int bins = (int) (last - first + 1);
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
        meta.put("eventsFile", eventsFile.getFileName().toString());
        meta.put("labelsFile", labelsFile.getFileName().toString());
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
    }

    /**
     * Trains on the tables {@code eventsFile} ({@code t_us,address}) and {@code labelsFile} ({@code
     * t_us,motif}), rows in any order, binned by {@code binUs}, as {@code motifs train} does; see
     * {@link #train(BinnedEvents, BinnedEvents, Integer, Integer, MotifTrainingOptions, long, Path,
     * Path, Path, PrintWriter)}.
     *
     * @throws org.neurostream.ingest.csv.EventCsv.EventCsvException naming a bad line of either
     *     table
     */
    public static void train(
            final Path eventsFile,
            final Path labelsFile,
            final Integer addresses,
            final Integer motifs,
            final MotifTrainingOptions options,
            final long binUs,
            final Path out,
            final PrintWriter stdout)
            throws IOException {
        train(
                Rows.read(eventsFile, "address", binUs),
                Rows.read(labelsFile, "motif", binUs),
                addresses,
                motifs,
                options,
                binUs,
                eventsFile,
                labelsFile,
                out,
                stdout);
    }

    /** Rows of a table of times and ids as a file gives them, in any order, binned. */
    private static final class Rows {
        private final long binUs;
        private long[] bins = new long[1024];
        private int[] ids = new int[1024];
        private int size;

        private Rows(final long binUs) {
            this.binUs = binUs;
        }

        /** The rows of {@code file}'s {@code t_us,idColumn} sorted by bin. */
        static BinnedEvents read(final Path file, final String idColumn, final long binUs)
                throws IOException {
            final Rows rows = new Rows(binUs);
            EventCsv.read(file, idColumn, rows::add);
            return rows.sorted();
        }

        private void add(final long tUs, final int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                bins = Arrays.copyOf(bins, size * 2);
            }
            ids[size] = id;
            bins[size] = Math.floorDiv(tUs, binUs);
            size++;
        }

        /** The rows sorted by bin, stably (rows of one bin keep their file order). */
        private BinnedEvents sorted() {
            return sortedByBin(bins, ids, size);
        }
    }

    /** The rows (bins and ids, in file order) sorted by bin, stably: training takes any order. */
    private static BinnedEvents sortedByBin(final long[] bins, final int[] ids, final int count) {
        final Integer[] order = new Integer[count];
        boolean sorted = true;
        for (int i = 0; i < count; i++) {
            order[i] = i;
            sorted &= i == 0 || bins[i] >= bins[i - 1];
        }
        if (!sorted) {
            Arrays.sort(order, (x, y) -> Long.compare(bins[x], bins[y]));
        }
        final int[] outIds = new int[count];
        final long[] outBins = new long[count];
        for (int i = 0; i < count; i++) {
            outIds[i] = ids[order[i]];
            outBins[i] = bins[order[i]];
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

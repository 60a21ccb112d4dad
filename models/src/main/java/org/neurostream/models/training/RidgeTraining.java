package org.neurostream.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurostream.ingest.nwb.NwbFile;
import org.neurostream.ingest.nwb.NwbFormatException;
import org.neurostream.ingest.nwb.NwbObject;
import org.neurostream.ingest.nwb.NwbSeries;
import org.neurostream.ingest.nwb.NwbSeriesReader;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.regression.RidgeCrossValidation;
import org.neurostream.models.regression.RidgeModel;
import org.neurostream.models.regression.RidgeRegression;

/**
 * Trains a continuous decoder on an NWB file, the use case behind {@code train-decoder --input
 * F.nwb --pipeline ridge --target SERIES} (e.g. running speed from calcium dF/F).
 *
 * <p>Each sample of the neural series at time t with a target sample at or before t is one
 * observation (the as-of join the job's behaviour labels use): its features are the series' columns
 * at t (ROI series as stored in physical units, electrical series in microvolts as the job gets
 * them), its target the last target sample at or before t, in the target's unit. Then {@link
 * RidgeCrossValidation} (blocked, nested) gives the figures and the penalty chosen on all
 * observations fits the model. Both series are read whole into memory (observations x columns
 * doubles).
 */
public final class RidgeTraining {
    private RidgeTraining() {}

    /**
     * The model and its figures.
     *
     * @param model the model fitted on every observation
     */
    public record Outcome(RidgeModel model) {
        /**
         * {@code pipeline=ridge target=S trials=N cv_r2=R}: train-decoder's last line's figures.
         */
        public String figures() {
            return String.format(
                    Locale.ROOT,
                    "pipeline=ridge target=%s trials=%d cv_r2=%.3f",
                    model.targetSeries(),
                    model.observations(),
                    model.validation().meanR2());
        }

        /**
         * Writes the model to {@code file} and returns {@link #writtenLine}: what {@code
         * train-decoder} prints once the file is there.
         */
        public String write(final Path file) throws IOException {
            model.write(file);
            return writtenLine(file);
        }

        /** {@code model NAME written to FILE: N observations, held-out R^2 per fold [...]}. */
        public String writtenLine(final Path file) {
            final StringBuilder folds = new StringBuilder("[");
            final double[] r2 = model.validation().foldR2();
            for (int i = 0; i < r2.length; i++) {
                folds.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", r2[i]));
            }
            return String.format(
                    Locale.ROOT,
                    "model %s written to %s: %d observations, alpha %s, held-out R^2 per fold %s]",
                    model.name(),
                    file,
                    model.observations(),
                    model.regression().alpha(),
                    folds);
        }
    }

    /**
     * What {@code train-decoder --pipeline ridge} does: checks {@code name} and trains on the one
     * file of {@code inputs}, as {@link #train(Path, String, String, int, String)}.
     *
     * @throws IllegalArgumentException when {@code inputs} is not one file or {@code name} is not a
     *     model name
     */
    public static Outcome train(
            final List<Path> inputs,
            final String series,
            final String target,
            final int folds,
            final String name)
            throws IOException {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("--pipeline ridge trains on one NWB file");
        }
        PipelineModel.checkName(name);
        return train(inputs.get(0), series, target, folds, name);
    }

    /**
     * Trains on {@code file}.
     *
     * @param series the neural series' path or name, or null for the file's first regular ROI
     *     series, else its first regular electrical series
     * @param target the behaviour series' path or name: numeric, one column
     * @param folds outer and inner folds, at least 2
     * @param name the model's name
     * @throws NwbFormatException naming the file and HDF5 path when a series is missing, of the
     *     wrong kind, or cannot be read
     * @throws IllegalArgumentException on too few observations for the folds
     */
    public static Outcome train(
            final Path file,
            final String series,
            final String target,
            final int folds,
            final String name)
            throws IOException {
        if (target == null) {
            throw new IllegalArgumentException("--pipeline ridge needs --target SERIES");
        }
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbSeries input = input(nwb, series);
            final NwbSeries out = target(nwb, target);
            final Observations o = Observations.read(nwb, input, out);
            final int n = o.y().length;
            final int p = input.columns();
            if (n < folds * 2) {
                throw new IllegalArgumentException(
                        file
                                + ": "
                                + n
                                + " samples of "
                                + input.path()
                                + " have a value of "
                                + out.path()
                                + " at or before them; "
                                + folds
                                + "-fold nested cross-validation needs at least "
                                + folds * 2);
            }
            final double[] fx = o.x();
            final double[] fy = o.y();
            final RidgeCrossValidation.Result cv = RidgeCrossValidation.run(fx, p, fy, folds);
            final int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            final double alpha = RidgeCrossValidation.chooseAlpha(fx, p, fy, all, folds);
            final RidgeRegression fit = RidgeRegression.fit(fx, p, fy, all, alpha);
            return new Outcome(
                    new RidgeModel(
                            name,
                            input.path(),
                            input.isRegular() ? input.rate() : Double.NaN,
                            input.labels(),
                            out.path(),
                            out.unit(),
                            fit,
                            n,
                            folds,
                            cv));
        }
    }

    /**
     * The observations of a neural series and a target series of one file: every sample of {@code
     * input} at time t for which {@code target} has a sample at or before t.
     *
     * @param x the input's columns at each such sample, row-major (ROI series as stored, electrical
     *     series in microvolts)
     * @param y the target's last sample at or before it, in its unit
     */
    public record Observations(double[] x, double[] y) {
        /**
         * Reads both series whole and joins them.
         *
         * @throws NwbFormatException when a series cannot be read
         */
        public static Observations read(
                final NwbFile nwb, final NwbSeries input, final NwbSeries target)
                throws NwbFormatException {
            final Values x =
                    Values.read(nwb, input, "volts".equalsIgnoreCase(input.unit()) ? 1e6 : 1);
            final Values y = Values.read(nwb, target, 1);
            final int p = input.columns();
            final double[] features = new double[x.rows * p];
            final double[] values = new double[x.rows];
            int n = 0;
            int j = -1;
            for (int i = 0; i < x.rows; i++) {
                while (j + 1 < y.rows && y.times[j + 1] <= x.times[i]) {
                    j++;
                }
                if (j < 0) {
                    continue;
                }
                System.arraycopy(x.values, i * p, features, n * p, p);
                values[n++] = y.values[j];
            }
            return new Observations(Arrays.copyOf(features, n * p), Arrays.copyOf(values, n));
        }
    }

    private static NwbSeries input(final NwbFile nwb, final String name) throws NwbFormatException {
        if (name != null) {
            final NwbObject o = nwb.find(name);
            if (o instanceof NwbSeries s && s.isRegular() && !s.isText()) {
                return s;
            }
            throw new NwbFormatException(
                    nwb.file(), o.path(), "not a regular numeric series to decode from");
        }
        for (final String type : new String[] {"RoiResponseSeries", "ElectricalSeries"}) {
            for (final NwbSeries s : nwb.series()) {
                if (s.type().equals(type) && s.isRegular()) {
                    return s;
                }
            }
        }
        throw new NwbFormatException(
                nwb.file(),
                "/",
                "no regular RoiResponseSeries or ElectricalSeries (name one with --series)");
    }

    /**
     * The series to predict, {@code name} (a path or name).
     *
     * @throws NwbFormatException when it is missing, not numeric or not 1-D
     */
    static NwbSeries target(final NwbFile nwb, final String name) throws NwbFormatException {
        final NwbObject o = nwb.find(name);
        if (!(o instanceof NwbSeries s) || s.isText()) {
            throw new NwbFormatException(nwb.file(), o.path(), "not a numeric series to predict");
        }
        if (s.columns() != 1) {
            throw new NwbFormatException(
                    nwb.file(),
                    s.path(),
                    "has " + s.columns() + " columns; ridge predicts one (a 1-D series)");
        }
        return s;
    }

    /** A series read whole: values row-major and one time per row. */
    private record Values(double[] values, double[] times, int rows) {
        static Values read(final NwbFile nwb, final NwbSeries s, final double scale)
                throws NwbFormatException {
            final int rows = Math.toIntExact(s.rows());
            final int columns = s.columns();
            final double[] values = new double[rows * columns];
            final double[] times = new double[rows];
            final NwbSeriesReader reader = nwb.openSeries(s).scaledBy(scale);
            final int block = 4096;
            final double[] v = new double[block * columns];
            final double[] t = new double[block];
            int done = 0;
            while (done < rows) {
                final int n = reader.read(v, t, Math.min(block, rows - done));
                if (n == 0) {
                    break;
                }
                System.arraycopy(v, 0, values, done * columns, n * columns);
                System.arraycopy(t, 0, times, done, n);
                done += n;
            }
            return new Values(values, times, done);
        }
    }
}

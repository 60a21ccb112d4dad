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
import org.neurostream.models.regression.RidgeModel;

/**
 * Scores a ridge model on a held-out NWB file, the use case behind {@code evaluate-decoder --model
 * RIDGE.json --input F.nwb}: the model's input and target series (by their paths) joined as in
 * training ({@link RidgeTraining.Observations}), every observation predicted, R^2 over them.
 */
public final class RidgeEvaluation {
    private RidgeEvaluation() {}

    /**
     * What the model scored.
     *
     * @param target the target series' path
     * @param observations observations scored
     * @param r2 {@code 1 - SS_res / SS_tot} over them
     */
    public record Outcome(String target, int observations, double r2) {
        /** {@code evaluate-decoder: pipeline=ridge target=S observations=N r2=R}. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "evaluate-decoder: pipeline=ridge target=%s observations=%d r2=%.3f",
                    target,
                    observations,
                    r2);
        }
    }

    /**
     * Scores {@code model} on one NWB file.
     *
     * @throws NwbFormatException naming the file and path when a series is missing or its columns
     *     are not the model's
     * @throws IllegalArgumentException when no observation is left
     */
    public static Outcome evaluate(final RidgeModel model, final List<Path> files)
            throws IOException {
        if (files.size() != 1) {
            throw new IllegalArgumentException(
                    "a ridge model is scored on one NWB file, got " + files.size());
        }
        final Path file = files.get(0);
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbObject o = nwb.find(model.inputSeries());
            if (!(o instanceof NwbSeries input) || input.isText()) {
                throw new NwbFormatException(file, o.path(), "not a numeric series to decode from");
            }
            if (!input.labels().equals(model.channels())) {
                throw new NwbFormatException(
                        file,
                        input.path(),
                        "columns " + input.labels() + " are not the model's " + model.channels());
            }
            final NwbSeries target = RidgeTraining.target(nwb, model.targetSeries());
            final RidgeTraining.Observations obs =
                    RidgeTraining.Observations.read(nwb, input, target);
            final int n = obs.y().length;
            if (n == 0) {
                throw new IllegalArgumentException(
                        file
                                + ": no sample of "
                                + input.path()
                                + " has a value of "
                                + target.path());
            }
            final int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return new Outcome(target.path(), n, model.regression().r2(obs.x(), obs.y(), all));
        }
    }
}

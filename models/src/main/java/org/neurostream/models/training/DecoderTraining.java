package org.neurostream.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Trials;

/**
 * Trains a decoder from annotated recordings, the use case behind {@code train-decoder}: cut each
 * file's trials with the pipeline's causal filters run from the file's first sample ({@link
 * TrialEpochs}), cross-validate the whole training procedure over trials (grouped by trial, the
 * groups of different files distinct; stratified; nested where the pipeline chooses a
 * hyper-parameter; {@link PipelineCrossValidation}), then fit it on every trial and return the
 * model with those figures.
 */
public final class DecoderTraining {
    /** Group ids of one file's trials: file index times this plus the annotation index. */
    private static final int GROUPS_PER_FILE = 1_000_000;

    private DecoderTraining() {}

    /**
     * What to train.
     *
     * @param inputs annotated EDF+ recordings, one sample rate and channel list
     * @param classSpec the classes as given ({@code T0,T1+T2}), parsed by {@link
     *     DecoderClass#parseList}
     * @param pipeline the pipeline
     * @param tmin epoch start, seconds from each annotation's onset
     * @param tmax epoch end
     * @param folds outer (and inner) cross-validation folds
     * @param name the model's name
     */
    public record Request(
            List<Path> inputs,
            String classSpec,
            PipelineKind pipeline,
            double tmin,
            double tmax,
            int folds,
            String name) {}

    /**
     * The trained model and how it was validated.
     *
     * @param model the model fitted on all trials
     * @param trialsPerClass trials of each class
     * @param crossValidation the held-out figures
     * @param warnings one line each (truncated files, skipped epochs)
     * @param partial whether some input was truncated
     */
    public record Outcome(
            PipelineModel model,
            int[] trialsPerClass,
            PipelineCrossValidation crossValidation,
            List<String> warnings,
            boolean partial) {
        /** Number of trials. */
        public int trials() {
            int n = 0;
            for (int c : trialsPerClass) {
                n += c;
            }
            return n;
        }
    }

    /**
     * Trains.
     *
     * @throws IllegalArgumentException on unusable input, with the file and the reason: classes
     *     that do not parse, files whose channels or sample rates differ, a class without trials,
     *     fewer trials than folds, an epoch of the wrong length
     * @throws IOException when a file cannot be read or is not EDF
     */
    public static Outcome train(Request request) throws IOException {
        final List<DecoderClass> classes = DecoderClass.parseList(request.classSpec());
        final PipelineKind kind = request.pipeline();
        if (classes.size() > 2 && !kind.multiClass()) {
            throw new IllegalArgumentException(
                    "pipeline "
                            + kind.label()
                            + " decodes two classes; "
                            + classes.size()
                            + " given ("
                            + request.classSpec()
                            + ")");
        }
        if (!(request.tmax() > request.tmin())) {
            throw new IllegalArgumentException(
                    "epoch: tmax must be above tmin, got " + request.tmin() + "," + request.tmax());
        }
        if (request.folds() < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + request.folds());
        }
        PipelineModel.checkName(request.name());

        final List<DMatrixRMaj[]> epochs = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final List<Integer> groups = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        List<String> channels = null;
        double fs = 0;
        boolean partial = false;
        for (int f = 0; f < request.inputs().size(); f++) {
            final Path input = request.inputs().get(f);
            try (EdfReader reader = EdfReader.open(input)) {
                if (channels == null) {
                    channels = reader.labels();
                    fs = reader.sampleRate();
                    kind.filter().check(fs);
                    if (PipelineModel.windowSamples(request.tmin(), request.tmax(), fs) < 2) {
                        throw new IllegalArgumentException(
                                "epoch "
                                        + request.tmin()
                                        + ","
                                        + request.tmax()
                                        + " s is too short");
                    }
                } else if (!channels.equals(reader.labels()) || reader.sampleRate() != fs) {
                    throw new IllegalArgumentException(
                            input
                                    + ": its channels or sample rate ("
                                    + reader.channelCount()
                                    + " channels at "
                                    + reader.sampleRate()
                                    + " Hz) differ from "
                                    + request.inputs().get(0).getFileName()
                                    + "'s ("
                                    + channels.size()
                                    + " at "
                                    + fs
                                    + " Hz)");
                }
                if (reader.isTruncated()) {
                    partial = true;
                    warnings.add(
                            input
                                    + ": truncated at byte "
                                    + reader.truncationOffset()
                                    + "; trained on its complete records");
                }
                final TrialEpochs.Result result =
                        TrialEpochs.extract(
                                reader, classes, kind.filter(), request.tmin(), request.tmax());
                if (result.skipped() > 0) {
                    warnings.add(
                            input
                                    + ": "
                                    + result.skipped()
                                    + " epochs do not fit inside the recording and were left out");
                }
                for (TrialEpochs.Trial t : result.trials()) {
                    epochs.add(t.epoch());
                    labels.add(t.label());
                    groups.add(f * GROUPS_PER_FILE + t.annotation());
                }
                files.add(input.getFileName().toString());
            }
        }
        final int[] counts = new int[classes.size()];
        labels.forEach(l -> counts[l]++);
        for (int k = 0; k < classes.size(); k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException(
                        String.join(", ", files)
                                + ": no trial of class "
                                + classes.get(k).name()
                                + " (annotations "
                                + classes.get(k).annotations()
                                + ")");
            }
        }
        if (labels.size() < request.folds()) {
            throw new IllegalArgumentException(
                    String.join(", ", files)
                            + ": "
                            + labels.size()
                            + " trials, fewer than --folds "
                            + request.folds());
        }
        final Trials trials =
                new Trials(
                        epochs.toArray(new DMatrixRMaj[0][]),
                        labels.stream().mapToInt(Integer::intValue).toArray(),
                        groups.stream().mapToInt(Integer::intValue).toArray(),
                        classes.size(),
                        request.folds(),
                        fs,
                        channels);
        final PipelineCrossValidation cv =
                PipelineCrossValidation.run(kind.trainer(), trials, request.folds());
        final int[] all = new int[trials.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        final DecoderPipeline fitted = kind.trainer().fit(trials, all);

        final Map<String, Object> training = new LinkedHashMap<>();
        training.put("recordings", files);
        training.put("classes", request.classSpec());
        final Map<String, Object> perClass = new LinkedHashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            perClass.put(classes.get(k).name(), counts[k]);
        }
        training.put("trialsPerClass", perClass);
        training.put(
                "validation",
                "grouped stratified "
                        + request.folds()
                        + "-fold over trials (groups: one per trial and file), the whole"
                        + " training procedure refitted in each training part; hyper-parameters"
                        + " chosen by "
                        + request.folds()
                        + " inner folds of that part");
        final PipelineModel model =
                new PipelineModel(
                        request.name(),
                        classes,
                        channels,
                        fs,
                        request.tmin(),
                        request.tmax(),
                        PipelineModel.windowSamples(request.tmin(), request.tmax(), fs),
                        PipelineModel.hopSamples(fs),
                        kind.filter(),
                        fitted,
                        new PipelineModel.Validation(
                                cv.accuracy(),
                                cv.chanceLevel(),
                                request.folds(),
                                trials.size(),
                                cv.foldAccuracies(),
                                cv.foldChanceLevels()),
                        training);
        return new Outcome(model, counts, cv, warnings, partial);
    }
}

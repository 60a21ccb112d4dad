package org.neurostream.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Trials;

/**
 * Trains a decoder from annotated recordings, the use case behind {@code train-decoder} (and, on a
 * stream's first minutes, behind live calibration): cut each recording's trials with the pipeline's
 * causal filters run from the file's first sample ({@link TrialEpochs}), cross-validate the whole
 * training procedure over trials (grouped by trial, the groups of different files distinct;
 * stratified; nested where the pipeline chooses a hyper-parameter; {@link
 * PipelineCrossValidation}), then fit it on every trial and return the model with those figures.
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
            String name) {
        /** The request without its files. */
        public Recipe recipe() {
            return new Recipe(classSpec, pipeline, tmin, tmax, folds, name);
        }
    }

    /**
     * The classes as the command line gives them: {@code classes} as it is, else {@code rest}
     * (default {@code T0}) against {@code imagery} (default {@code T1}, {@code T2}), each joined by
     * {@code +} ({@code T0,T1+T2}).
     *
     * @throws IllegalArgumentException when {@code classes} comes with {@code rest} or {@code
     *     imagery}
     */
    public static String classSpec(
            final String classes, final List<String> rest, final List<String> imagery) {
        if (classes != null && (rest != null || imagery != null)) {
            throw new IllegalArgumentException("--classes and --rest/--imagery exclude each other");
        }
        if (classes != null) {
            return classes;
        }
        final List<String> r = rest != null ? rest : List.of("T0");
        final List<String> i = imagery != null ? imagery : List.of("T1", "T2");
        return String.join("+", r) + "," + String.join("+", i);
    }

    /**
     * The epoch {@code TMIN,TMAX} in seconds from each onset.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not two numbers
     */
    public static double[] epoch(final String text) {
        final String[] parts = text.split(",", -1);
        try {
            if (parts.length == 2) {
                return new double[] {
                    Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())
                };
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--epoch: expected TMIN,TMAX in seconds, got " + text);
    }

    /**
     * How to train, whatever the recordings: the parameters of {@link Request}.
     *
     * @param classSpec the classes ({@code T0,T1+T2}), parsed by {@link DecoderClass#parseList}
     * @param pipeline the pipeline
     * @param tmin epoch start, seconds from each annotation's onset
     * @param tmax epoch end
     * @param folds outer (and inner) cross-validation folds
     * @param name the model's name
     */
    public record Recipe(
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

        /**
         * {@code pipeline=P classes=A,B trials=N cv_accuracy=A chance=C}: the figures of {@code
         * train-decoder}'s last line and of live calibration's, {@code classes} as given.
         */
        public String figures(String classSpec) {
            return String.format(
                    Locale.ROOT,
                    "pipeline=%s classes=%s trials=%d cv_accuracy=%.3f chance=%.3f",
                    model.kind().label(),
                    classSpec,
                    trials(),
                    crossValidation.accuracy(),
                    crossValidation.chanceLevel());
        }

        /**
         * Writes the model to {@code file} and returns {@link #writtenLine}: what {@code
         * train-decoder} prints once the file is there.
         */
        public String write(final Path file) throws IOException {
            model.write(file);
            return writtenLine(file);
        }

        /**
         * {@code model NAME written to FILE: N trials [per class], held-out accuracy per fold
         * [...]}.
         */
        public String writtenLine(Path file) {
            final StringBuilder folds = new StringBuilder("[");
            final double[] a = crossValidation.foldAccuracies();
            for (int i = 0; i < a.length; i++) {
                folds.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", a[i]));
            }
            return String.format(
                    Locale.ROOT,
                    "model %s written to %s: %d trials %s, held-out accuracy per fold %s]",
                    model.name(),
                    file,
                    trials(),
                    java.util.Arrays.toString(trialsPerClass),
                    folds);
        }
    }

    /**
     * What {@code train-decoder} does for a classifier: trains on the one NWB file of {@code
     * request} with the trials of {@code labels} ({@code TABLE.COLUMN}) over {@code series}, as
     * {@link NwbTraining#train}, or with {@code labels} null on its EDF+ files, as {@link
     * #train(Request)}.
     *
     * @throws IllegalArgumentException when {@code labels} comes with more than one file, and as
     *     those two throw it
     */
    public static Outcome train(final Request request, final String series, final String labels)
            throws IOException {
        if (labels == null) {
            return train(request);
        }
        if (request.inputs().size() != 1) {
            throw new IllegalArgumentException(
                    "--labels trains on one NWB file, got " + request.inputs().size() + " inputs");
        }
        return NwbTraining.train(request.inputs().get(0), series, labels, request.recipe());
    }

    /**
     * Trains on annotated EDF+ files.
     *
     * @throws IllegalArgumentException on unusable input, with the file and the reason: classes
     *     that do not parse, files whose channels or sample rates differ, a class without trials,
     *     fewer trials than folds, an epoch of the wrong length
     * @throws IOException when a file cannot be read or is not EDF
     */
    public static Outcome train(Request request) throws IOException {
        final List<EdfReader> readers = new ArrayList<>();
        try {
            final List<AnnotatedRecording> recordings = new ArrayList<>();
            final List<String> warnings = new ArrayList<>();
            boolean partial = false;
            for (Path input : request.inputs()) {
                final EdfReader reader = EdfReader.open(input);
                readers.add(reader);
                if (reader.isTruncated()) {
                    partial = true;
                    warnings.add(
                            input
                                    + ": truncated at byte "
                                    + reader.truncationOffset()
                                    + "; trained on its complete records");
                }
                recordings.add(AnnotatedRecording.of(reader));
            }
            final Outcome o = train(recordings, request.recipe());
            warnings.addAll(o.warnings());
            return new Outcome(
                    o.model(), o.trialsPerClass(), o.crossValidation(), warnings, partial);
        } finally {
            for (EdfReader r : readers) {
                r.close();
            }
        }
    }

    /**
     * Trains on annotated recordings: files, or the samples and markers a live stream gave ({@link
     * StreamCalibration}).
     *
     * @throws IllegalArgumentException on unusable input, as {@link #train(Request)}
     * @throws IOException when a recording cannot be read
     */
    public static Outcome train(List<AnnotatedRecording> recordings, Recipe request)
            throws IOException {
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
        for (int f = 0; f < recordings.size(); f++) {
            final AnnotatedRecording recording = recordings.get(f);
            if (channels == null) {
                channels = recording.labels();
                fs = recording.sampleRate();
                kind.filter().check(fs);
                if (PipelineModel.windowSamples(request.tmin(), request.tmax(), fs) < 2) {
                    throw new IllegalArgumentException(
                            "epoch " + request.tmin() + "," + request.tmax() + " s is too short");
                }
            } else if (!channels.equals(recording.labels()) || recording.sampleRate() != fs) {
                throw new IllegalArgumentException(
                        recording.name()
                                + ": its channels or sample rate ("
                                + recording.channelCount()
                                + " channels at "
                                + recording.sampleRate()
                                + " Hz) differ from "
                                + recordings.get(0).name()
                                + "'s ("
                                + channels.size()
                                + " at "
                                + fs
                                + " Hz)");
            }
            final TrialEpochs.Result result =
                    TrialEpochs.extract(
                            recording, classes, kind.filter(), request.tmin(), request.tmax());
            if (result.skipped() > 0) {
                warnings.add(
                        recording.name()
                                + ": "
                                + result.skipped()
                                + " epochs do not fit inside the recording and were left out");
            }
            for (TrialEpochs.Trial t : result.trials()) {
                epochs.add(t.epoch());
                labels.add(t.label());
                groups.add(f * GROUPS_PER_FILE + t.annotation());
            }
            files.add(recording.title());
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
        return new Outcome(model, counts, cv, warnings, false);
    }
}

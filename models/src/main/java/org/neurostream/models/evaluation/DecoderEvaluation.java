package org.neurostream.models.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Probabilities;
import org.neurostream.models.pipeline.WindowScorer;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.models.training.TrialEpochs;

/**
 * Scores a trained model on held-out annotated recordings, the use case behind {@code
 * evaluate-decoder}, in two ways:
 *
 * <ul>
 *   <li>trials: each trial's epoch [onset + tmin, onset + tmax] as the streaming filters, run from
 *       the file's first sample, give it ({@link TrialEpochs}), scored by the model's pipeline;
 *   <li>windows: the file's samples through the live decoder on the job's grid (the job itself in
 *       {@code evaluate-decoder}, or the {@link #DIRECT} kernel), every window that lies wholly
 *       inside an annotated span of a class scored against that class ({@link WindowScore}).
 * </ul>
 *
 * <p>Chance is the share of the most frequent class among the scored trials; kappa is Cohen's kappa
 * between the trials' classes and the predictions, undefined (null, with a warning) when the trials
 * hold fewer than two classes.
 */
public final class DecoderEvaluation {
    private static final int CHUNK_SAMPLES = 1024;

    private DecoderEvaluation() {}

    /**
     * The figures.
     *
     * @param trials trials scored
     * @param trialAccuracy share of trials predicted right
     * @param windows windows scored
     * @param windowAccuracy share of windows predicted right; null when none was scored
     * @param chance share of the most frequent class among the trials
     * @param kappa Cohen's kappa over trials; null when undefined
     * @param confusion {@code confusion[true][predicted]} trial counts
     * @param warnings one line each
     * @param partial whether some input was truncated
     */
    public record Outcome(
            int trials,
            double trialAccuracy,
            int windows,
            Double windowAccuracy,
            double chance,
            Double kappa,
            int[][] confusion,
            List<String> warnings,
            boolean partial) {
        /**
         * {@code evaluate-decoder: trials=N trial_accuracy=A window_accuracy=W chance=C kappa=K},
         * the command's last line (three decimals; {@code null} where a figure is undefined).
         */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "evaluate-decoder: trials=%d trial_accuracy=%.3f window_accuracy=%s"
                            + " chance=%.3f kappa=%s",
                    trials,
                    trialAccuracy,
                    windowAccuracy == null
                            ? "null"
                            : String.format(Locale.ROOT, "%.3f", windowAccuracy),
                    chance,
                    kappa == null ? "null" : String.format(Locale.ROOT, "%.3f", kappa));
        }
    }

    /**
     * One window the live decoder decoded.
     *
     * @param endSample samples of the recording up to its end
     * @param label the class it predicted (index into the model's classes)
     */
    public record Window(long endSample, int label) {}

    /** Where the decoded windows come from: the live decoder, run directly or inside the job. */
    @FunctionalInterface
    public interface Windows {
        /** The windows of each input, in the order of {@code inputs}. */
        List<List<Window>> of(PipelineModel model, Path modelFile, List<Path> inputs)
                throws IOException;
    }

    /**
     * The windows of the live decoder's kernel ({@link StreamingDecoder}) run on each file from its
     * first sample: what the job computes, without the job.
     */
    public static final Windows DIRECT = DecoderEvaluation::decodeFiles;

    /**
     * As {@link #evaluate(PipelineModel, Path, List, Windows)} with the {@link #DIRECT} windows.
     */
    public static Outcome evaluate(PipelineModel model, Path modelFile, List<Path> inputs)
            throws IOException {
        return evaluate(model, modelFile, inputs, DIRECT);
    }

    /**
     * Evaluates {@code model} (read from {@code modelFile}) on the inputs, the windows scored being
     * those {@code windows} gives.
     *
     * @throws org.neurostream.models.logistic.ModelFormatException when a file's channels or sample
     *     rate do not match the model (naming the model file and the mismatch)
     * @throws IllegalArgumentException when no trial of the model's classes is found
     * @throws IOException when a file cannot be read
     */
    public static Outcome evaluate(
            PipelineModel model, Path modelFile, List<Path> inputs, Windows windows)
            throws IOException {
        final int classes = model.classes().size();
        final int[][] confusion = new int[classes][classes];
        final List<String> warnings = new ArrayList<>();
        final WindowScorer scorer = model.pipeline().newScorer();
        final double[] p = new double[classes];
        final List<List<TrialEpochs.Span>> spans = new ArrayList<>();
        boolean partial = false;
        for (Path input : inputs) {
            try (EdfReader reader = EdfReader.open(input)) {
                model.checkStream(modelFile, reader.labels(), reader.sampleRate());
                spans.add(TrialEpochs.spans(reader, model.classes()));
                if (reader.isTruncated()) {
                    partial = true;
                    warnings.add(
                            input
                                    + ": truncated at byte "
                                    + reader.truncationOffset()
                                    + "; evaluated on its complete records");
                }
                final TrialEpochs.Result result =
                        TrialEpochs.extract(
                                reader,
                                model.classes(),
                                model.filter(),
                                model.tmin(),
                                model.tmax());
                if (result.skipped() > 0) {
                    warnings.add(
                            input
                                    + ": "
                                    + result.skipped()
                                    + " epochs do not fit inside the recording");
                }
                for (TrialEpochs.Trial t : result.trials()) {
                    scorer.probabilities(t.epoch(), p);
                    confusion[t.label()][Probabilities.argmax(p, classes)]++;
                }
            }
        }
        final List<List<Window>> decoded = windows.of(model, modelFile, inputs);
        final int window = model.windowSamples();
        long scored = 0;
        long right = 0;
        for (int f = 0; f < inputs.size(); f++) {
            final WindowScore score = new WindowScore(spans.get(f));
            for (Window w : decoded.get(f)) {
                score.add(w.endSample() - window, w.endSample(), w.label());
            }
            scored += score.scored();
            right += score.correct();
        }
        int trials = 0;
        int correct = 0;
        final int[] perClass = new int[classes];
        final int[] predicted = new int[classes];
        for (int t = 0; t < classes; t++) {
            for (int q = 0; q < classes; q++) {
                trials += confusion[t][q];
                perClass[t] += confusion[t][q];
                predicted[q] += confusion[t][q];
            }
            correct += confusion[t][t];
        }
        if (trials == 0) {
            throw new IllegalArgumentException(
                    inputs + ": no trial of the model's classes " + classNames(model));
        }
        int largest = 0;
        int present = 0;
        for (int count : perClass) {
            largest = Math.max(largest, count);
            present += count > 0 ? 1 : 0;
        }
        final double accuracy = (double) correct / trials;
        Double kappa = null;
        if (present < 2) {
            warnings.add(
                    "the scored trials hold a single class; Cohen's kappa is undefined (null)");
        } else {
            double expected = 0.0;
            for (int k = 0; k < classes; k++) {
                expected += ((double) perClass[k] / trials) * ((double) predicted[k] / trials);
            }
            kappa = expected >= 1.0 ? null : (accuracy - expected) / (1.0 - expected);
        }
        return new Outcome(
                trials,
                accuracy,
                (int) scored,
                scored == 0 ? null : (double) right / scored,
                (double) largest / trials,
                kappa,
                confusion,
                warnings,
                partial);
    }

    private static List<List<Window>> decodeFiles(
            PipelineModel model, Path modelFile, List<Path> inputs) throws IOException {
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final List<List<Window>> all = new ArrayList<>();
        for (Path input : inputs) {
            try (EdfReader reader = EdfReader.open(input)) {
                final List<Window> windows = new ArrayList<>();
                final float[] chunk = new float[CHUNK_SAMPLES * reader.channelCount()];
                final DecoderStreamState state = decoder.newState();
                int n;
                while ((n = reader.read(chunk, CHUNK_SAMPLES)) > 0) {
                    decoder.append(
                            state,
                            chunk,
                            0,
                            n,
                            (seq, end, probabilities, label) ->
                                    windows.add(new Window(end, label)));
                }
                all.add(windows);
            }
        }
        return all;
    }

    private static String classNames(PipelineModel model) {
        return model.classes().stream().map(c -> c.name() + c.annotations()).toList().toString();
    }
}

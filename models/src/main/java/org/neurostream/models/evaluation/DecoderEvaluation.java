package org.neurostream.models.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>windows: the file's samples through the live decoder ({@link StreamingDecoder}) on the
 *       job's grid, every window that lies wholly inside an annotated span of a class scored
 *       against that class.
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
            boolean partial) {}

    /**
     * Evaluates {@code model} (read from {@code modelFile}) on the inputs.
     *
     * @throws org.neurostream.models.logistic.ModelFormatException when a file's channels or sample
     *     rate do not match the model (naming the model file and the mismatch)
     * @throws IllegalArgumentException when no trial of the model's classes is found
     * @throws IOException when a file cannot be read
     */
    public static Outcome evaluate(PipelineModel model, Path modelFile, List<Path> inputs)
            throws IOException {
        final int classes = model.classes().size();
        final int[][] confusion = new int[classes][classes];
        final List<String> warnings = new ArrayList<>();
        final WindowScorer scorer = model.pipeline().newScorer();
        final double[] p = new double[classes];
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final long[] windowCounts = new long[2]; // scored, correct
        boolean partial = false;
        for (Path input : inputs) {
            try (EdfReader reader = EdfReader.open(input)) {
                model.checkStream(modelFile, reader.labels(), reader.sampleRate());
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
                scoreWindows(
                        reader, decoder, TrialEpochs.spans(reader, model.classes()), windowCounts);
            }
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
                (int) windowCounts[0],
                windowCounts[0] == 0 ? null : (double) windowCounts[1] / windowCounts[0],
                (double) largest / trials,
                kappa,
                confusion,
                warnings,
                partial);
    }

    /** Runs the file through the live decoder and scores the windows inside annotated spans. */
    private static void scoreWindows(
            EdfReader reader, StreamingDecoder decoder, List<TrialEpochs.Span> spans, long[] counts)
            throws IOException {
        final int channels = reader.channelCount();
        final int window = decoder.model().windowSamples();
        final float[] chunk = new float[CHUNK_SAMPLES * channels];
        final DecoderStreamState state = decoder.newState();
        final StreamingDecoder.Listener listener =
                (seq, end, probabilities, label) -> {
                    final long start = end - window;
                    for (TrialEpochs.Span s : spans) {
                        if (start >= s.first() && end <= s.end()) {
                            counts[0]++;
                            if (label == s.label()) {
                                counts[1]++;
                            }
                            return;
                        }
                    }
                };
        reader.seekSample(0);
        int n;
        while ((n = reader.read(chunk, CHUNK_SAMPLES)) > 0) {
            decoder.append(state, chunk, 0, n, listener);
        }
    }

    private static String classNames(PipelineModel model) {
        return model.classes().stream().map(c -> c.name() + c.annotations()).toList().toString();
    }
}

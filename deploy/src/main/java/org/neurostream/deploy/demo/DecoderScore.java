package org.neurostream.deploy.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.evaluation.WindowScore;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.training.TrialEpochs;

/**
 * The demo's decoder figures from the job's predictions: the models used with their prediction
 * counts ({@code models=NAME@VERSION:N,...}, in order of first use) and the decoder's accuracy on
 * the sessions' annotations ({@code decoder_accuracy=}): every prediction whose window lies wholly
 * inside an annotated trial of one of the start model's classes is scored against that class, as
 * {@code evaluate-decoder}'s {@code window_accuracy} scores ({@link WindowScore}). Device time
 * starts at 0 with a file's first sample, so a window's samples are its end over the sample period,
 * less the model's window. Thread-safe: the output consumer's thread adds, the demo's reads.
 */
public final class DecoderScore {
    private final List<DecoderClass> classes;
    private final int windowSamples;
    private final Map<String, Stream> streams = new HashMap<>();
    private final Map<String, Long> models = new LinkedHashMap<>();

    /** The annotated spans of one EEG stream, and its sample period. */
    private record Stream(WindowScore score, double periodNs) {}

    private DecoderScore(final PipelineModel model) {
        this.classes = model == null ? List.of() : model.classes();
        this.windowSamples = model == null ? 0 : model.windowSamples();
    }

    /**
     * A score of {@code model}'s classes over the annotations of the EEG files among {@code
     * streams} (files that carry none are not scored); without a model ({@code null}) nothing is
     * scored and the models are still counted.
     *
     * @throws IOException when a file's annotations cannot be read
     */
    public static DecoderScore of(final PipelineModel model, final List<FileStream> streams)
            throws IOException {
        final DecoderScore s = new DecoderScore(model);
        if (model == null) {
            return s;
        }
        for (final FileStream f : streams) {
            if (f.modality() != Modality.EEG || !isEdf(f.file())) {
                continue;
            }
            try (EdfReader reader = EdfReader.open(f.file())) {
                s.streams.put(
                        f.streamId(),
                        new Stream(
                                new WindowScore(TrialEpochs.spans(reader, model.classes())),
                                1e9 / f.sampleRate()));
            }
        }
        return s;
    }

    private static boolean isEdf(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".edf") || name.endsWith(".bdf");
    }

    /** Counts and scores one prediction. */
    public synchronized void add(final PredictionRecord p) {
        models.merge(p.model + "@" + p.modelVersion, 1L, Long::sum);
        final Stream s = streams.get(p.streamId);
        if (s != null) {
            final long end = Math.round(p.endNs / s.periodNs());
            s.score().add(end - windowSamples, end, indexOf(p.label));
        }
    }

    private int indexOf(final String label) {
        for (int k = 0; k < classes.size(); k++) {
            if (classes.get(k).name().equals(label)) {
                return k;
            }
        }
        return -1;
    }

    /** The share of scored predictions that were right; null when none was scored. */
    public synchronized Double accuracy() {
        long scored = 0;
        long correct = 0;
        for (final Stream s : streams.values()) {
            scored += s.score().scored();
            correct += s.score().correct();
        }
        return scored == 0 ? null : (double) correct / scored;
    }

    /** Predictions scored. */
    public synchronized long scored() {
        return streams.values().stream().mapToLong(s -> s.score().scored()).sum();
    }

    /** {@code NAME@VERSION:N,...} in order of first use; empty when there was no prediction. */
    public synchronized String models() {
        return models.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}

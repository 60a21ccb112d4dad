package org.neurostream.models.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.edf.EdfAnnotation;

/**
 * Calibration on a live stream: collects the stream's samples and its markers over the first
 * minutes, then trains a pipeline on the marker-labelled trials exactly as {@code train-decoder}
 * trains on an annotated file ({@link DecoderTraining}: causal filters from the stream's first
 * sample, nested grouped cross-validation). A marker is an annotation: its label is the text a
 * class names, its time the trial's onset. Plain Java; the caller feeds it from whatever thread
 * reads the stream, then calls {@link #train} once. Samples that never came ({@link #gap}, a jump
 * in the stream's frame sequence) keep their place on the stream's timeline, held at the last value
 * that came, and the trials whose epoch overlaps them are left out of training, with a warning that
 * says how many.
 *
 * <pre>{@code
 * StreamCalibration c = new StreamCalibration("S001/eeg", labels, 160.0, firstSampleNs);
 * c.append(samples, 0, n);          // every frame of the stream, in order, sample-major
 * c.mark(marker);                   // every marker of the stream (device time, same clock)
 * DecoderTraining.Outcome o = c.train(new DecoderTraining.Recipe("T1,T2", TS_LR, 0.5, 2.5, 5, "live"));
 * }</pre>
 */
public final class StreamCalibration {
    private final String streamId;
    private final List<String> labels;
    private final double sampleRate;
    private final long startNs;
    private final List<EdfAnnotation> annotations = new ArrayList<>();
    private final List<long[]> gaps = new ArrayList<>();
    private float[] samples = new float[0];
    private long count;
    private long missing;

    /**
     * A calibration of stream {@code streamId}.
     *
     * @param labels the stream's channel labels, in sample order
     * @param sampleRate samples per second per channel
     * @param startNs device time of the stream's first sample: markers are placed against it
     */
    public StreamCalibration(
            String streamId, List<String> labels, double sampleRate, long startNs) {
        if (labels.isEmpty() || !(sampleRate > 0)) {
            throw new IllegalArgumentException(
                    streamId + ": a calibration needs channels and a sample rate > 0");
        }
        this.streamId = streamId;
        this.labels = List.copyOf(labels);
        this.sampleRate = sampleRate;
        this.startNs = startNs;
    }

    /** Appends {@code n} samples of every channel, sample-major, from {@code offset}. */
    public void append(float[] frame, int offset, int n) {
        final int channels = labels.size();
        grow(n);
        System.arraycopy(frame, offset, samples, (int) (count * channels), n * channels);
        count += n;
    }

    /**
     * Notes that {@code n} samples of every channel never came before the next {@link #append}:
     * they keep their place on the timeline (markers after them stay aligned), held at the last
     * value that came, and trials whose epoch overlaps them are left out of training.
     */
    public void gap(long n) {
        if (n <= 0) {
            return;
        }
        final int channels = labels.size();
        grow(n);
        final int from = (int) (count * channels);
        for (long i = 0; i < n; i++) {
            final int at = (int) ((count + i) * channels);
            if (count > 0) {
                System.arraycopy(samples, from - channels, samples, at, channels);
            }
        }
        final long[] last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
        if (last != null && last[1] == count) {
            last[1] += n; // the same gap, noted in parts
        } else {
            gaps.add(new long[] {count, count + n});
        }
        count += n;
        missing += n;
    }

    /** Gaps noted (parts noted one after the other, with no sample between, are one gap). */
    public int gaps() {
        return gaps.size();
    }

    /** Samples per channel that never came, over all gaps. */
    public long missingSamples() {
        return missing;
    }

    private void grow(long n) {
        final int channels = labels.size();
        final long needed = (count + n) * channels;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(
                    streamId
                            + ": a calibration holds at most "
                            + (Integer.MAX_VALUE / channels)
                            + " samples per channel");
        }
        if (needed > samples.length) {
            samples =
                    Arrays.copyOf(
                            samples,
                            (int)
                                    Math.max(
                                            needed,
                                            Math.min(Integer.MAX_VALUE - 8L, 2L * samples.length)));
        }
    }

    /** Notes a marker of the stream: a trial's onset (and its duration) and its class text. */
    public void mark(MarkerRecord marker) {
        annotations.add(
                new EdfAnnotation(
                        (marker.timeNs - startNs) / 1e9, marker.durationNs / 1e9, marker.label));
    }

    /** Samples per channel collected. */
    public long samples() {
        return count;
    }

    /** Seconds of the stream collected. */
    public double seconds() {
        return count / sampleRate;
    }

    /** Markers noted. */
    public int markers() {
        return annotations.size();
    }

    /**
     * Trains on the trials the markers label (the model's name and everything else from {@code
     * recipe}), leaving out those whose epoch ({@code tmin} to {@code tmax} from the onset)
     * overlaps a gap; a warning in the outcome then says how many.
     *
     * @throws IllegalArgumentException when the markers do not give trials of every class, or fewer
     *     trials than folds (the message names the stream)
     */
    public DecoderTraining.Outcome train(DecoderTraining.Recipe recipe) throws IOException {
        final List<EdfAnnotation> kept = new ArrayList<>();
        for (final EdfAnnotation a : annotations) {
            if (!spansGap(a, recipe)) {
                kept.add(a);
            }
        }
        final AnnotatedRecording recording =
                AnnotatedRecording.of(streamId, labels, sampleRate, samples, count, kept);
        final DecoderTraining.Outcome outcome = DecoderTraining.train(List.of(recording), recipe);
        if (gaps.isEmpty()) {
            return outcome;
        }
        final List<String> warnings = new ArrayList<>(outcome.warnings());
        warnings.add(
                String.format(
                        java.util.Locale.ROOT,
                        "%s: %d gap(s), %d samples missing; %d marker(s) whose epoch (%.2f-%.2f s)"
                                + " spans a gap left out",
                        streamId,
                        gaps.size(),
                        missing,
                        annotations.size() - kept.size(),
                        recipe.tmin(),
                        recipe.tmax()));
        return new DecoderTraining.Outcome(
                outcome.model(),
                outcome.trialsPerClass(),
                outcome.crossValidation(),
                List.copyOf(warnings),
                outcome.partial());
    }

    /** Whether the epoch of {@code a} overlaps a gap. */
    private boolean spansGap(EdfAnnotation a, DecoderTraining.Recipe recipe) {
        final double from = (a.onsetSeconds() + recipe.tmin()) * sampleRate;
        final double to = (a.onsetSeconds() + recipe.tmax()) * sampleRate;
        for (final long[] g : gaps) {
            if (from < g[1] && to > g[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The line live calibration prints: {@code calibration: pipeline=P classes=... trials=N
     * cv_accuracy=A chance=C model=NAME@VERSION} (classes as the recipe gave them).
     */
    public static String line(
            DecoderTraining.Outcome outcome, DecoderTraining.Recipe recipe, long version) {
        return "calibration: "
                + outcome.figures(recipe.classSpec())
                + " model="
                + outcome.model().name()
                + "@"
                + version;
    }
}

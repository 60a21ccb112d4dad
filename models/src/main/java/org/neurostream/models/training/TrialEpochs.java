package org.neurostream.models.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.models.stream.CausalFilterBank;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.WindowRing;

/**
 * The trials of an annotated recording ({@link AnnotatedRecording}: a file or a stream's samples
 * and markers) as the live decoder would see them: the recording runs through the decoder's causal
 * filters from its first sample ({@link WindowRing}, the live code), and each trial's epoch,
 * samples [round((onset + tmin) fs), + round((tmax - tmin) fs)), is copied out of the ring when its
 * last sample has gone in. An annotation whose text belongs to no class is not a trial; an epoch
 * that does not lie wholly inside the recording is skipped and counted.
 */
public final class TrialEpochs {
    private static final int CHUNK_SAMPLES = 1024;

    /**
     * One trial.
     *
     * @param epoch one channels x samples matrix per filter output
     * @param label its class index
     * @param annotation index of its annotation among the file's annotations
     * @param onsetSeconds the annotation's onset
     * @param text the annotation's text
     */
    public record Trial(
            DMatrixRMaj[] epoch, int label, int annotation, double onsetSeconds, String text) {}

    /**
     * The trials and how many were skipped.
     *
     * @param trials in file order
     * @param skipped annotations of a class whose epoch does not fit in the recording
     */
    public record Result(List<Trial> trials, int skipped) {}

    /**
     * An annotated span of a class: samples [first, last) of the annotation's duration.
     *
     * @param first first sample index inside the span
     * @param end one past the last sample inside the span
     * @param label class index
     */
    public record Span(long first, long end, int label) {}

    private TrialEpochs() {}

    /** Cuts the trials of {@code classes} from the file behind {@code reader}. */
    public static Result extract(
            EdfReader reader,
            List<DecoderClass> classes,
            FilterDesign filter,
            double tmin,
            double tmax)
            throws IOException {
        return extract(AnnotatedRecording.of(reader), classes, filter, tmin, tmax);
    }

    /** Cuts the trials of {@code classes} from {@code recording}. */
    public static Result extract(
            AnnotatedRecording recording,
            List<DecoderClass> classes,
            FilterDesign filter,
            double tmin,
            double tmax)
            throws IOException {
        final double fs = recording.sampleRate();
        final int channels = recording.channelCount();
        final int window = (int) Math.round((tmax - tmin) * fs);
        final long total = recording.totalSamples();
        final List<EdfAnnotation> annotations = recording.annotations();
        final List<long[]> wanted = new ArrayList<>(); // {end, annotation index, label}
        int skipped = 0;
        for (int a = 0; a < annotations.size(); a++) {
            final EdfAnnotation annotation = annotations.get(a);
            final int label = DecoderClass.indexOf(classes, annotation.text());
            if (label < 0) {
                continue;
            }
            final long start = Math.round((annotation.onsetSeconds() + tmin) * fs);
            final long end = start + window;
            if (start < 0 || end > total) {
                skipped++;
                continue;
            }
            wanted.add(new long[] {end, a, label});
        }
        wanted.sort(Comparator.<long[]>comparingLong(w -> w[0]).thenComparingLong(w -> w[1]));

        final WindowRing ring = new WindowRing(new CausalFilterBank(filter, fs), channels, window);
        final DecoderStreamState state = ring.newState();
        final float[] chunk = new float[CHUNK_SAMPLES * channels];
        final List<Trial> trials = new ArrayList<>();
        recording.rewind();
        int next = 0;
        while (next < wanted.size()) {
            final long due = wanted.get(next)[0];
            final int n = (int) Math.min(CHUNK_SAMPLES, due - state.samples);
            if (n > 0) {
                final int read = recording.read(chunk, n);
                if (read != n) {
                    throw new IOException(
                            recording.name()
                                    + ": ended at sample "
                                    + state.samples
                                    + " of "
                                    + total);
                }
                ring.append(state, chunk, 0, n);
            }
            while (next < wanted.size() && wanted.get(next)[0] == state.samples) {
                final long[] w = wanted.get(next++);
                final DMatrixRMaj[] epoch = ring.newWindow();
                ring.copyWindow(state, epoch);
                final EdfAnnotation annotation = annotations.get((int) w[1]);
                trials.add(
                        new Trial(
                                epoch,
                                (int) w[2],
                                (int) w[1],
                                annotation.onsetSeconds(),
                                annotation.text()));
            }
        }
        trials.sort(Comparator.comparingInt(Trial::annotation));
        return new Result(trials, skipped);
    }

    /**
     * The annotated spans of the classes' annotations, [ceil(onset fs), floor((onset + duration)
     * fs)] as sample indices (the windows that window accuracy scores lie inside them).
     */
    public static List<Span> spans(EdfReader reader, List<DecoderClass> classes)
            throws IOException {
        return spans(reader.readAnnotations(), reader.sampleRate(), classes);
    }

    /** As {@link #spans(EdfReader, List)}, of annotations at sample rate {@code fs}. */
    public static List<Span> spans(
            List<EdfAnnotation> annotations, double fs, List<DecoderClass> classes) {
        final List<Span> spans = new ArrayList<>();
        for (EdfAnnotation a : annotations) {
            final int label = DecoderClass.indexOf(classes, a.text());
            if (label < 0) {
                continue;
            }
            final long first = (long) Math.ceil(a.onsetSeconds() * fs - 1e-9);
            final long end =
                    (long) Math.floor((a.onsetSeconds() + a.durationSeconds()) * fs + 1e-9);
            spans.add(new Span(first, end, label));
        }
        return spans;
    }
}

package org.neurostream.models.training;

import java.io.IOException;
import java.util.List;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

/**
 * An annotated multichannel recording, read from its first sample, sample-major: an EDF+ file
 * ({@link #of(EdfReader)}), or the samples and markers collected from a live stream ({@link
 * #of(String, List, double, float[], long, List)}). Trials are cut from it ({@link TrialEpochs})
 * and decoders trained on them ({@link DecoderTraining}) the same way whichever it is.
 */
public interface AnnotatedRecording {
    /** How messages name it (a file name, a stream id). */
    String name();

    /** Channel labels, in sample order. */
    List<String> labels();

    /** Samples per second per channel. */
    double sampleRate();

    /** Samples per channel. */
    long totalSamples();

    /** Its annotations (onset seconds from the first sample, duration, text). */
    List<EdfAnnotation> annotations() throws IOException;

    /** Goes back to the first sample. */
    void rewind() throws IOException;

    /**
     * Reads up to {@code maxSamples} samples of every channel into {@code dst}, sample-major.
     *
     * @return samples per channel read, 0 at the end
     */
    int read(float[] dst, int maxSamples) throws IOException;

    /** How the model file's training record names it: a file's name without its folder. */
    default String title() {
        return name();
    }

    /** Channels per sample. */
    default int channelCount() {
        return labels().size();
    }

    /** An EDF+ file through its open reader (which the caller closes). */
    static AnnotatedRecording of(EdfReader reader) {
        return new AnnotatedRecording() {
            @Override
            public String name() {
                return reader.file().toString();
            }

            @Override
            public String title() {
                return reader.file().getFileName().toString();
            }

            @Override
            public List<String> labels() {
                return reader.labels();
            }

            @Override
            public double sampleRate() {
                return reader.sampleRate();
            }

            @Override
            public long totalSamples() {
                return reader.totalSamplesPerChannel();
            }

            @Override
            public List<EdfAnnotation> annotations() throws IOException {
                return reader.readAnnotations();
            }

            @Override
            public void rewind() {
                reader.seekSample(0);
            }

            @Override
            public int read(float[] dst, int maxSamples) throws IOException {
                return reader.read(dst, maxSamples);
            }
        };
    }

    /**
     * Samples in memory: {@code samples[s * channels + c]} for the first {@code count} samples of
     * every channel, with their annotations.
     */
    static AnnotatedRecording of(
            String name,
            List<String> labels,
            double sampleRate,
            float[] samples,
            long count,
            List<EdfAnnotation> annotations) {
        final int channels = labels.size();
        if (count * channels > samples.length) {
            throw new IllegalArgumentException(
                    count + " samples of " + channels + " channels in " + samples.length);
        }
        final List<String> frozenLabels = List.copyOf(labels);
        final List<EdfAnnotation> frozenAnnotations = List.copyOf(annotations);
        return new AnnotatedRecording() {
            private long position;

            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> labels() {
                return frozenLabels;
            }

            @Override
            public double sampleRate() {
                return sampleRate;
            }

            @Override
            public long totalSamples() {
                return count;
            }

            @Override
            public List<EdfAnnotation> annotations() {
                return frozenAnnotations;
            }

            @Override
            public void rewind() {
                position = 0;
            }

            @Override
            public int read(float[] dst, int maxSamples) {
                final int n = (int) Math.min(maxSamples, count - position);
                System.arraycopy(samples, (int) (position * channels), dst, 0, n * channels);
                position += n;
                return n;
            }
        };
    }
}

package org.neurostream.models.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * A labelled training set cut from an annotated recording exactly as the streaming job would cut
 * it: windows end on the job's hop grid (window, window + hop, ... samples from the start), and a
 * window is kept when it lies wholly inside one annotated epoch whose text has a class. Features
 * are {@link BandPowerFeatures#logBandPower} of the job's own Welch kernel (on a compute backend of
 * {@link BandPowerBackends}, the CPU path unless asked otherwise); the group of a window is its
 * epoch, so cross-validation never splits overlapping windows.
 */
public final class AnnotatedWindows {
    public final double[][] features;
    public final int[] labels;
    public final int[] groups;

    /** Annotated epochs that gave at least one window. */
    public final int epochs;

    private AnnotatedWindows(
            final double[][] features, final int[] labels, final int[] groups, final int epochs) {
        this.features = features;
        this.labels = labels;
        this.groups = groups;
        this.epochs = epochs;
    }

    /**
     * Extracts the windows with band power on the CPU path.
     *
     * @param classOf annotation text to class index; epochs with other texts are left out
     */
    public static AnnotatedWindows extract(
            final EdfReader reader,
            final Map<String, Integer> classOf,
            final BandPowerOptions options)
            throws IOException {
        return extract(reader, classOf, options, BackendKind.CPU);
    }

    /**
     * Extracts the windows with band power on the backend {@link BandPowerBackends#create} gives
     * for {@code backend} (the OpenCL path agrees with the CPU one within 1e-4 relative).
     *
     * @param classOf annotation text to class index; epochs with other texts are left out
     */
    public static AnnotatedWindows extract(
            final EdfReader reader,
            final Map<String, Integer> classOf,
            final BandPowerOptions options,
            final BackendKind backend)
            throws IOException {
        final double fs = reader.sampleRate();
        try (BandPowerBackend kernel = BandPowerBackends.create(options.welchConfig(fs), backend)) {
            return extract(reader, classOf, options, kernel);
        }
    }

    private static AnnotatedWindows extract(
            final EdfReader reader,
            final Map<String, Integer> classOf,
            final BandPowerOptions options,
            final BandPowerBackend kernel)
            throws IOException {
        final double fs = reader.sampleRate();
        final int channels = reader.channelCount();
        final int total = Math.toIntExact(reader.totalSamplesPerChannel());
        final float[][] signal = reader.readChannelMajor(total);
        final List<EdfAnnotation> annotations = reader.readAnnotations();
        final int window = options.windowSamples(fs);
        final int hop = options.hopSamples(fs);
        final int bands = kernel.bandCount();

        final List<double[]> rows = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final List<Integer> groups = new ArrayList<>();
        int usedEpochs = 0;
        for (int e = 0; e < annotations.size(); e++) {
            final EdfAnnotation a = annotations.get(e);
            final Integer label = classOf.get(a.text());
            if (label == null) {
                continue;
            }
            final long first = (long) Math.ceil(a.onsetSeconds() * fs - 1e-9);
            final long last =
                    (long) Math.floor((a.onsetSeconds() + a.durationSeconds()) * fs + 1e-9);
            boolean used = false;
            // window ends on the job's grid: end = window + k * hop, start = end - window >= first
            final long kFirst = Math.max(0, ceilDiv(first, hop));
            for (long end = window + kFirst * hop; end <= Math.min(last, total); end += hop) {
                final int start = (int) (end - window);
                if (start < first) {
                    continue;
                }
                final double[] power = new double[channels * bands];
                kernel.bandPowers(signal, start, window, power, null);
                final double[] row = new double[power.length];
                BandPowerFeatures.logBandPower(power, row);
                rows.add(row);
                labels.add(label);
                groups.add(e);
                used = true;
            }
            if (used) {
                usedEpochs++;
            }
        }
        return new AnnotatedWindows(
                rows.toArray(new double[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                groups.stream().mapToInt(Integer::intValue).toArray(),
                usedEpochs);
    }

    private static long ceilDiv(final long a, final long b) {
        return -Math.floorDiv(-a, b);
    }
}

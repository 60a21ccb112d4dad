package org.neurostream.operators.calcium;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.neurostream.core.records.Csv;

/**
 * Offline dF/F and spike inference of calcium traces, frame by frame with the job's streaming
 * kernel ({@link CalciumKernel}): the work of the {@code calcium} command, given the traces by
 * whoever read them. Writes into a folder:
 *
 * <ul>
 *   <li>{@code dff.csv}: {@code frame,t_us,<ROI label>...}, one row per frame; an empty field where
 *       the ROI has no dF/F (non-finite sample, silenced ROI);
 *   <li>{@code events.csv}: {@code t_us,address,amplitude}, one row per inferred spike, sorted by
 *       t_us then address;
 *   <li>{@code rois.csv}: {@code address,label,status,silenced_frame,nonfinite_frames,events,g,
 *       noise_sigma,oasis_baseline}.
 * </ul>
 */
public final class CalciumAnalysis {
    /** Copies one imaging frame (one value per ROI) into {@code dst}. */
    @FunctionalInterface
    public interface FrameReader {
        void copyFrame(int frame, float[] dst);
    }

    /** Traces resampled to another rate: their frames and the reader of them. */
    public record Resampled(int frames, FrameReader reader) {}

    /**
     * {@code frames} imaging frames of {@code rois} ROIs at {@code fromHz}, resampled to {@code
     * toHz} as {@code scipy.signal.resample_poly} resamples them ({@link PolyphaseResampler}, the
     * job's {@code --resample} offline): the frame count is ceil(frames x up / down).
     *
     * @throws IllegalArgumentException when the rates are in no ratio {@link PolyphaseResampler}
     *     takes
     */
    public static Resampled resample(
            final FrameReader in,
            final int rois,
            final int frames,
            final double fromHz,
            final double toHz) {
        final int[] f = PolyphaseResampler.factors(fromHz, toHz);
        final float[][] x = new float[rois][frames];
        final float[] frame = new float[rois];
        for (int t = 0; t < frames; t++) {
            in.copyFrame(t, frame);
            for (int r = 0; r < rois; r++) {
                x[r][t] = frame[r];
            }
        }
        final float[][] y = PolyphaseResampler.resample(x, f[0], f[1]);
        return new Resampled(
                y[0].length,
                (t, dst) -> {
                    for (int r = 0; r < rois; r++) {
                        dst[r] = y[r][t];
                    }
                });
    }

    /**
     * What a run found.
     *
     * @param silenced ROIs silenced (their baseline reached 0 or below)
     * @param allZero silenced ROIs that were all zero
     * @param nonFinite ROIs with non-finite samples
     * @param events inferred spikes
     */
    public record Summary(
            int rois, int frames, int silenced, int allZero, int nonFinite, int events) {
        /**
         * The {@code calcium} command's line: {@code calcium: R ROIs x F frames at FS Hz; A active,
         * S silenced (Z all zero), N with non-finite samples; E events -> OUT}.
         */
        public String describe(final double fs, final Path out) {
            return String.format(
                    java.util.Locale.ROOT,
                    "calcium: %d ROIs x %d frames at %s Hz; %d active, %d silenced (%d all zero),"
                            + " %d with non-finite samples; %d events -> %s",
                    rois,
                    frames,
                    Csv.number(fs),
                    rois - silenced,
                    silenced,
                    allZero,
                    nonFinite,
                    events,
                    out);
        }
    }

    private final Path out;

    private CalciumAnalysis(final Path out) {
        this.out = out;
    }

    /**
     * Runs the kernel over {@code frames} frames of {@code labels.size()} ROIs and writes the three
     * files into {@code out} (which must exist).
     *
     * @param neuropil the neuropil traces of the same shape, or null
     */
    public static Summary run(
            final CalciumOptions options,
            final List<String> labels,
            final int frames,
            final FrameReader f,
            final FrameReader neuropil,
            final Path out)
            throws IOException {
        final CalciumAnalysis a = new CalciumAnalysis(out);
        final CalciumKernel kernel = new CalciumKernel(options, labels.size());
        final Events events = new Events();
        a.writeDff(labels, frames, f, neuropil, kernel, events);
        events.sortAndWrite(out.resolve("events.csv"));
        a.writeRois(labels, kernel);
        int silenced = 0;
        int allZero = 0;
        int nonFinite = 0;
        for (int r = 0; r < labels.size(); r++) {
            final int s = kernel.status(r);
            silenced += (s & RoiStatus.SILENCED) != 0 ? 1 : 0;
            allZero +=
                    (s & (RoiStatus.SILENCED | RoiStatus.ALL_ZERO))
                                    == (RoiStatus.SILENCED | RoiStatus.ALL_ZERO)
                            ? 1
                            : 0;
            nonFinite += (s & RoiStatus.NON_FINITE) != 0 ? 1 : 0;
        }
        return new Summary(labels.size(), frames, silenced, allZero, nonFinite, events.count);
    }

    private void writeDff(
            final List<String> labels,
            final int frames,
            final FrameReader f,
            final FrameReader neuropil,
            final CalciumKernel kernel,
            final Events events)
            throws IOException {
        final int rois = labels.size();
        final float[] fv = new float[rois];
        final float[] nv = neuropil == null ? null : new float[rois];
        final double[] dff = new double[rois];
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("dff.csv"))) {
            final StringBuilder line = new StringBuilder(16 * rois + 32);
            line.append("frame,t_us");
            for (final String label : labels) {
                line.append(',').append(Csv.field(label));
            }
            w.append(line).append('\n');
            for (int t = 0; t < frames; t++) {
                f.copyFrame(t, fv);
                if (neuropil != null) {
                    neuropil.copyFrame(t, nv);
                }
                kernel.process(fv, nv, dff, events);
                line.setLength(0);
                line.append(t).append(',').append(kernel.options().frameTimeMicros(t));
                for (int r = 0; r < rois; r++) {
                    line.append(',');
                    if (dff[r] == dff[r]) {
                        line.append((float) dff[r]);
                    }
                }
                w.append(line).append('\n');
            }
        }
        kernel.finish(events);
    }

    private void writeRois(final List<String> labels, final CalciumKernel kernel)
            throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("rois.csv"))) {
            w.write(
                    "address,label,status,silenced_frame,nonfinite_frames,events,g,noise_sigma,oasis_baseline\n");
            for (int r = 0; r < labels.size(); r++) {
                final boolean silenced = (kernel.status(r) & RoiStatus.SILENCED) != 0;
                w.write(
                        r
                                + ","
                                + Csv.field(labels.get(r))
                                + ","
                                + RoiStatus.describe(kernel.status(r))
                                + ","
                                + kernel.silencedAt(r)
                                + ","
                                + kernel.nonFiniteFrames(r)
                                + ","
                                + kernel.eventCount(r)
                                + ","
                                + (silenced ? "" : (float) kernel.g(r))
                                + ","
                                + (Double.isNaN(kernel.noiseSigma(r))
                                        ? ""
                                        : (float) kernel.noiseSigma(r))
                                + ","
                                + (silenced ? "" : (float) kernel.oasisBaseline(r))
                                + "\n");
            }
        }
    }

    /** The events of a run, kept in primitive arrays until they are sorted and written. */
    private static final class Events implements CalciumEventSink {
        long[] tUs = new long[1024];
        int[] address = new int[1024];
        float[] amplitude = new float[1024];
        int count;

        @Override
        public void onEvent(final int roi, final long frame, final long t, final double a) {
            if (count == tUs.length) {
                tUs = Arrays.copyOf(tUs, 2 * count);
                address = Arrays.copyOf(address, 2 * count);
                amplitude = Arrays.copyOf(amplitude, 2 * count);
            }
            tUs[count] = t;
            address[count] = roi;
            amplitude[count] = (float) a;
            count++;
        }

        void sortAndWrite(final Path file) throws IOException {
            final Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(
                    order,
                    (a, b) ->
                            tUs[a] != tUs[b]
                                    ? Long.compare(tUs[a], tUs[b])
                                    : Integer.compare(address[a], address[b]));
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                w.write("t_us,address,amplitude\n");
                final StringBuilder line = new StringBuilder(48);
                for (final int i : order) {
                    line.setLength(0);
                    line.append(tUs[i])
                            .append(',')
                            .append(address[i])
                            .append(',')
                            .append(amplitude[i])
                            .append('\n');
                    w.append(line);
                }
            }
        }
    }
}

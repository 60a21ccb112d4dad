package org.neurostream.ingest.calcium;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.neurostream.ingest.bridge.SampleSource;

/**
 * Fluorescence traces of many ROIs held in memory, frame-major ({@code value(roi, frame)} at {@code
 * frame * roiCount + roi}), the order in which a stream delivers them. Values are as in the file
 * (raw F, neuropil, or dF/F), float32; non-finite values are kept as they are, for the operators to
 * flag. Immutable.
 */
public final class CalciumTraces {
    private final Path source;
    private final int rois;
    private final int frames;
    private final float[] data;
    private final List<String> labels;

    /**
     * @param source the file the traces came from (for messages; may be null)
     * @param rois number of ROIs
     * @param frames number of frames
     * @param frameMajor {@code rois * frames} values, {@code [frame * rois + roi]}; not copied
     * @param labels one label per ROI
     * @throws IllegalArgumentException when the sizes disagree
     */
    public CalciumTraces(
            final Path source,
            final int rois,
            final int frames,
            final float[] frameMajor,
            final List<String> labels) {
        if (rois < 1
                || frames < 0
                || (long) rois * frames != frameMajor.length
                || labels.size() != rois) {
            throw new IllegalArgumentException(
                    "traces of "
                            + rois
                            + " ROIs x "
                            + frames
                            + " frames need "
                            + (long) rois * frames
                            + " values and "
                            + rois
                            + " labels, got "
                            + frameMajor.length
                            + " and "
                            + labels.size());
        }
        this.source = source;
        this.rois = rois;
        this.frames = frames;
        this.data = frameMajor;
        this.labels = List.copyOf(labels);
    }

    /** The file the traces came from, or null. */
    public Path source() {
        return source;
    }

    /** Number of ROIs. */
    public int roiCount() {
        return rois;
    }

    /** Number of frames. */
    public int frameCount() {
        return frames;
    }

    /**
     * One label per ROI: from a CSV header in the frames-as-rows layout, else "roi0", "roi1", ...
     */
    public List<String> labels() {
        return labels;
    }

    /** The value of one ROI at one frame. */
    public float value(final int roi, final int frame) {
        Objects.checkIndex(roi, rois);
        Objects.checkIndex(frame, frames);
        return data[frame * rois + roi];
    }

    /**
     * Copies one frame, all ROIs, into {@code dst[0 .. roiCount)}; allocates nothing.
     *
     * @throws IndexOutOfBoundsException when the frame is out of range or dst too short
     */
    public void copyFrame(final int frame, final float[] dst) {
        Objects.checkIndex(frame, frames);
        System.arraycopy(data, frame * rois, dst, 0, rois);
    }

    /** One ROI's whole trace, a new array. */
    public float[] trace(final int roi) {
        Objects.checkIndex(roi, rois);
        final float[] out = new float[frames];
        for (int t = 0; t < frames; t++) {
            out[t] = data[t * rois + roi];
        }
        return out;
    }

    /**
     * The traces as a {@link SampleSource} (channels = ROIs, samples = frames) at the frame rate
     * the user gives, so that the frame bridge can cut them into SAMPLES frames.
     *
     * @param fs frames per second
     * @throws IllegalArgumentException when fs is not a positive finite number
     */
    public SampleSource asSource(final double fs) {
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException(
                    "frame rate must be a positive number of Hz, got " + fs);
        }
        return new SampleSource() {
            private int next;

            @Override
            public int channelCount() {
                return rois;
            }

            @Override
            public double sampleRate() {
                return fs;
            }

            @Override
            public int read(final float[] dst, final int maxSamples) {
                final int n = Math.min(maxSamples, frames - next);
                System.arraycopy(data, next * rois, dst, 0, n * rois);
                next += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }
}

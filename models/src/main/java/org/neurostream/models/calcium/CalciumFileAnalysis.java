package org.neurostream.models.calcium;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.operators.calcium.CalciumAnalysis;
import org.neurostream.operators.calcium.CalciumOptions;

/**
 * Offline dF/F and spike inference of calcium trace files, as {@code calcium} runs it: the traces
 * (and their neuropil) read in {@code ingest}'s formats, resampled first when asked, and handed to
 * the job's own calcium kernel ({@link CalciumAnalysis}), which writes {@code dff.csv}, {@code
 * events.csv} and {@code rois.csv} into the output folder.
 */
public final class CalciumFileAnalysis {
    private CalciumFileAnalysis() {}

    /** Input the analysis cannot use, such as a neuropil of another shape. One line. */
    public static class BadInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInputException(final String message) {
            super(message);
        }
    }

    /** A resampling rate in no ratio to the files' rate that the resampler takes. One line. */
    public static final class BadRateException extends BadInputException {
        private static final long serialVersionUID = 1L;

        BadRateException(final String message) {
            super(message);
        }
    }

    /**
     * Analyses {@code input} and writes the results into {@code out} (created if absent).
     *
     * @param input the traces F (NPY or CSV)
     * @param neuropilFile the neuropil traces of the same shape, or null for none
     * @param layout how the CSV files lay out their values
     * @param fs the frame rate of the files, Hz
     * @param resample the rate to resample to before the analysis, Hz, or null for none; {@code
     *     options} must be built for this rate when given, else for {@code fs}
     * @param options the analysis settings
     * @param out the output folder
     * @return the line {@code calcium} prints: ROIs, frames, rate, ROI counts, events and folder
     * @throws BadInputException when the neuropil does not match the traces
     * @throws BadRateException when the rates are in no ratio the resampler takes
     * @throws IOException when a file cannot be read or written
     */
    public static String run(
            final Path input,
            final Path neuropilFile,
            final TraceFileOptions layout,
            final double fs,
            final Double resample,
            final CalciumOptions options,
            final Path out)
            throws IOException {
        final CalciumTraces f = CalciumTraceReader.read(input, layout);
        final CalciumTraces neuropil;
        try {
            neuropil =
                    neuropilFile == null
                            ? null
                            : CalciumTraceReader.readNeuropil(neuropilFile, f, layout);
        } catch (final IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Files.createDirectories(out);
        final int rois = f.roiCount();
        final CalciumAnalysis.Resampled x =
                resampled(f::copyFrame, rois, f.frameCount(), fs, resample);
        final CalciumAnalysis.Resampled n =
                neuropil == null
                        ? null
                        : resampled(neuropil::copyFrame, rois, f.frameCount(), fs, resample);
        final CalciumAnalysis.Summary r =
                CalciumAnalysis.run(
                        options,
                        f.labels(),
                        x.frames(),
                        x.reader(),
                        n == null ? null : n.reader(),
                        out);
        return r.describe(resample != null ? resample : fs, out);
    }

    private static CalciumAnalysis.Resampled resampled(
            final CalciumAnalysis.FrameReader in,
            final int rois,
            final int frames,
            final double fs,
            final Double resample) {
        try {
            return resample == null
                    ? new CalciumAnalysis.Resampled(frames, in)
                    : CalciumAnalysis.resample(in, rois, frames, fs, resample);
        } catch (final IllegalArgumentException e) {
            throw new BadRateException(e.getMessage());
        }
    }
}

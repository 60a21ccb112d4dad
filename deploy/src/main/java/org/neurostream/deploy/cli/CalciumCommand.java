package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.operators.calcium.CalciumAnalysis;
import org.neurostream.operators.calcium.CalciumOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline dF/F and spike inference of calcium traces with the job's own calcium kernel. */
@Command(name = "calcium", mixinStandardHelpOptions = true, sortOptions = false)
final class CalciumCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "F.npy|F.csv")
    Path input;

    @Option(names = "--neuropil", paramLabel = "Fneu.npy|Fneu.csv")
    Path neuropilFile;

    @Option(names = "--fs", required = true, paramLabel = "HZ")
    double fs;

    @Option(names = "--resample", paramLabel = "HZ")
    Double resample;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--input-is-dff")
    boolean inputIsDff;

    @Option(names = "--frames-as-rows")
    boolean framesAsRows;

    @Option(names = "--header")
    boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",")
    String delimiter;

    @Option(names = "--neuropil-coefficient", paramLabel = "R", defaultValue = "0.7")
    double neuropilCoefficient;

    @Option(names = "--percentile", paramLabel = "Q", defaultValue = "8")
    double percentile;

    @Option(names = "--window", paramLabel = "FRAMES", defaultValue = "500")
    int window;

    @Option(names = "--tau", paramLabel = "SEC")
    Double tau;

    @Option(names = "--estimation-frames", paramLabel = "N", defaultValue = "2000")
    int estimationFrames;

    @Option(names = "--lag", paramLabel = "FRAMES", defaultValue = "10")
    int lag;

    @Option(names = "--s-min", paramLabel = "DFF", defaultValue = "0.5")
    double sMin;

    @Option(names = "--l1", paramLabel = "LAMBDA", defaultValue = "0")
    double l1;

    @Option(names = "--oasis-baseline", paramLabel = "auto|DFF", defaultValue = "auto")
    String oasisBaseline;

    @Override
    public Integer call() throws IOException {
        final CalciumOptions options = options();
        final TraceFileOptions layout = layout();
        if (inputIsDff && neuropilFile != null) {
            throw new CliException(
                    CliException.BAD_INPUT, "--neuropil does not apply to --input-is-dff input");
        }
        final CalciumTraces f = CalciumTraceReader.read(input, layout);
        final CalciumTraces neuropil;
        try {
            neuropil =
                    neuropilFile == null
                            ? null
                            : CalciumTraceReader.readNeuropil(neuropilFile, f, layout);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        Files.createDirectories(out);
        final int rois = f.roiCount();
        final CalciumAnalysis.Resampled x = resampled(f::copyFrame, rois, f.frameCount());
        final CalciumAnalysis.Resampled n =
                neuropil == null ? null : resampled(neuropil::copyFrame, rois, f.frameCount());
        final double rate = resample != null ? resample : fs;
        final CalciumAnalysis.Summary r =
                CalciumAnalysis.run(
                        options,
                        f.labels(),
                        x.frames(),
                        x.reader(),
                        n == null ? null : n.reader(),
                        out);
        spec.commandLine().getOut().println(r.describe(rate, out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private CalciumAnalysis.Resampled resampled(
            final CalciumAnalysis.FrameReader in, final int rois, final int frames) {
        try {
            return resample == null
                    ? new CalciumAnalysis.Resampled(frames, in)
                    : CalciumAnalysis.resample(in, rois, frames, fs, resample);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--resample: " + e.getMessage());
        }
    }

    private CalciumOptions options() {
        try {
            final CalciumOptions.Builder b =
                    CalciumOptions.builder(resample != null ? resample : fs)
                            .inputIsDff(inputIsDff)
                            .neuropilCoefficient(neuropilCoefficient)
                            .percentile(percentile)
                            .window(window)
                            .estimationFrames(estimationFrames)
                            .lag(lag)
                            .sMin(sMin)
                            .l1Penalty(l1);
            if (tau != null) {
                b.tauSeconds(tau);
            }
            return b.oasisBaseline(oasisBaseline).build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    private TraceFileOptions layout() {
        try {
            return new TraceFileOptions(
                    framesAsRows, header, TraceFileOptions.delimiter(delimiter));
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--delimiter " + e.getMessage());
        }
    }
}

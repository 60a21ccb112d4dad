package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.models.calcium.CalciumFileAnalysis;
import org.neurostream.operators.calcium.CalciumOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline dF/F and spike inference of calcium traces with the job's own calcium kernel: parses the
 * options, runs {@link CalciumFileAnalysis} and prints its line.
 */
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
        final String summary;
        try {
            summary =
                    CalciumFileAnalysis.run(
                            input, neuropilFile, layout, fs, resample, options, out);
        } catch (final CalciumFileAnalysis.BadRateException e) {
            throw new CliException(CliException.BAD_INPUT, "--resample: " + e.getMessage());
        } catch (final CalciumFileAnalysis.BadInputException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        spec.commandLine().getOut().println(summary);
        spec.commandLine().getOut().flush();
        return 0;
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

package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.models.motif.MotifFileDetection;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.compute.MotifBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the streaming motif detector over an events CSV. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false)
final class MotifsDetectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "K.npy")
    Path kernel;

    @Option(names = "--bias", required = true, paramLabel = "B.npy")
    Path bias;

    @Option(names = "--events", required = true, paramLabel = "E.csv")
    Path events;

    @Option(names = "--bin-us", defaultValue = "1000", paramLabel = "US")
    long binUs;

    @Option(names = "--threshold", defaultValue = "0", paramLabel = "X")
    double threshold;

    @Option(names = "--nms", defaultValue = "0", paramLabel = "R")
    int nms;

    @Mixin BackendOption backend;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv")
    Path out;

    @Override
    public Integer call() throws IOException {
        return detect(
                spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
    }

    /**
     * The command's work with its options set, for picocli and for {@link MotifsDetectFastPath}:
     * the summary to {@code out}, warnings to {@code err} after {@code name}.
     */
    int detect(final PrintWriter out, final PrintWriter err, final String name) throws IOException {
        if (binUs < 1 || nms < 0 || Double.isNaN(threshold)) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need --bin-us >= 1, --nms >= 0 and a" + " numeric --threshold");
        }
        final MotifModel model = MotifModel.read(kernel, bias);
        final MotifBackend detector =
                MotifFileDetection.run(
                        model, threshold, nms, backend.kind(), events, binUs, this.out);
        out.println(MotifFileDetection.summary(detector, this.out));
        for (final String warning : MotifFileDetection.warnings(detector, model)) {
            err.println(name + ": warning: " + warning);
        }
        return 0;
    }
}

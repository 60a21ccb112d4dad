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
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Detects spiking motifs in an events CSV with the streaming detector the job runs:"
                    + " a ring of D accumulators per motif over the kernel's nonzero weights.",
            "",
            "Input: --kernel K.npy, float32 or float64 [M, N, D], causal K[m, a, d]; --bias B.npy,"
                    + " [M]; --events E.csv with header t_us,address (further columns ignored),"
                    + " rows in time order.",
            "Bins are evaluated from the first event's bin to the last event's bin + D - 1 (the"
                    + " last bin its weights reach); a detection is V[m, t] >= --threshold.",
            "--nms R keeps a detection only if no bin within R bins of it (same motif) has a larger"
                    + " V, nor an earlier bin an equal one (the earliest of tied maxima wins);"
                    + " it runs on the cpu backend only.",
            "--backend opencl accumulates on an OpenCL device with the same detections as cpu.",
            "",
            "Output CSV header: bin,motif,potential (rows by bin, then motif; potential = V, a"
                    + " log-odds). A summary line goes to stdout.",
            "Events whose address is outside 0..N-1 are counted and ignored; events earlier than"
                    + " the bin already reached are counted and dropped; both are reported on"
                    + " stderr.",
            "",
            "Exit codes: 0 done; 2 unusable input (a bad kernel, bias or CSV line; nothing"
                    + " written)."
        })
final class MotifsDetectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--kernel",
            required = true,
            paramLabel = "K.npy",
            description = "Kernel K[m, a, d], shape [M, N, D].")
    Path kernel;

    @Option(
            names = "--bias",
            required = true,
            paramLabel = "B.npy",
            description = "Biases b[m], shape [M].")
    Path bias;

    @Option(
            names = "--events",
            required = true,
            paramLabel = "E.csv",
            description = "Events: t_us,address.")
    Path events;

    @Option(
            names = "--bin-us",
            defaultValue = "1000",
            paramLabel = "US",
            description = "Bin width in microseconds (default: ${DEFAULT-VALUE}).")
    long binUs;

    @Option(
            names = "--threshold",
            defaultValue = "0",
            paramLabel = "X",
            description = "Detection when V >= X (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--nms",
            defaultValue = "0",
            paramLabel = "R",
            description =
                    "Non-maximum suppression radius in bins; 0 = none (default:"
                            + " ${DEFAULT-VALUE}).")
    int nms;

    @Mixin BackendOption backend;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.csv",
            description = "Where to write the detections.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (binUs < 1 || nms < 0 || Double.isNaN(threshold)) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "need --bin-us >= 1, --nms >= 0 and a" + " numeric --threshold");
        }
        final MotifModel model = MotifModel.read(kernel, bias);
        final MotifBackend detector =
                MotifFileDetection.run(model, threshold, nms, backend.kind(), events, binUs, out);
        spec.commandLine().getOut().println(MotifFileDetection.summary(detector, out));
        final PrintWriter stderr = spec.commandLine().getErr();
        for (final String warning : MotifFileDetection.warnings(detector, model)) {
            stderr.println(spec.qualifiedName() + ": warning: " + warning);
        }
        return 0;
    }
}

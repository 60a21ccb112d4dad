package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.ingest.npy.NpyFormatException;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.MotifDetectionSink;
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
    /** Events per batch handed to the backend. */
    private static final int BATCH = 8192;

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
        MotifModel model = readModel(kernel, bias);
        Path target = out.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        MotifBackend detector =
                MotifBackends.create(model.toKernel(), threshold, nms, backend.kind());
        try (detector;
                BufferedWriter w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            w.write("bin,motif,potential\n");
            StringBuilder row = new StringBuilder(48);
            MotifDetectionSink sink =
                    (m, bin, v) -> {
                        row.setLength(0);
                        row.append(bin)
                                .append(',')
                                .append(m)
                                .append(',')
                                .append((float) v)
                                .append('\n');
                        try {
                            w.append(row);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
            int[] addresses = new int[BATCH];
            long[] bins = new long[BATCH];
            int[] count = new int[1];
            EventCsv.read(
                    events,
                    "address",
                    (t, a) -> {
                        addresses[count[0]] = a;
                        bins[count[0]] = Math.floorDiv(t, binUs);
                        if (++count[0] == BATCH) {
                            detector.process(addresses, bins, BATCH, sink);
                            count[0] = 0;
                        }
                    });
            detector.process(addresses, bins, count[0], sink);
            detector.finish(sink);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(temporary);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                "detections=%d bins=%d events=%d out_of_range=%d out_of_order=%d -> %s%n",
                detector.detections(),
                detector.binsEvaluated(),
                detector.eventsAccepted(),
                detector.eventsOutOfRange(),
                detector.eventsOutOfOrder(),
                out);
        PrintWriter stderr = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        if (detector.eventsOutOfRange() > 0) {
            stderr.printf(
                    "%s: warning: %d events with addresses outside 0..%d ignored%n",
                    name, detector.eventsOutOfRange(), model.addresses() - 1);
        }
        if (detector.eventsOutOfOrder() > 0) {
            stderr.printf(
                    "%s: warning: %d events earlier than the bin already reached dropped"
                            + " (the input is not in time order)%n",
                    name, detector.eventsOutOfOrder());
        }
        return 0;
    }

    /** Reads a kernel and biases, turning file problems into one-line errors (exit 2). */
    static MotifModel readModel(Path kernel, Path bias) throws IOException {
        try {
            return MotifModel.read(kernel, bias);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, e.getFile() + ": no such file");
        } catch (NpyFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }
}

package org.neurostream.models.motif;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.CpuMotifBackend;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;

/**
 * Motif detection offline, as {@code motifs detect} runs it: the events of a {@code t_us,address}
 * table binned by {@code binUs} through a trained kernel on a compute backend, the detections
 * written as {@code bin,motif,potential} (the file appears whole or not at all).
 */
public final class MotifFileDetection {
    /** Events per batch handed to the backend. */
    private static final int BATCH = 8192;

    /**
     * The estimated multiply-adds below which {@code auto} takes the CPU path without looking for
     * an OpenCL device: about a quarter of a second of one core, less than a device and its program
     * take to start (the probe alone costs PoCL 0.1 s).
     */
    static final long AUTO_CPU_WORK = 1L << 28;

    /** Bytes per event assumed when estimating the work from the size of the events file. */
    private static final int BYTES_PER_EVENT = 8;

    private MotifFileDetection() {}

    /**
     * The line {@code motifs detect} prints when {@link #run} wrote {@code out}: {@code
     * detections=N bins=N events=N out_of_range=N out_of_order=N -> OUT}.
     */
    public static String summary(final MotifBackend detector, final Path out) {
        return String.format(
                "detections=%d bins=%d events=%d out_of_range=%d out_of_order=%d -> %s",
                detector.detections(),
                detector.binsEvaluated(),
                detector.eventsAccepted(),
                detector.eventsOutOfRange(),
                detector.eventsOutOfOrder(),
                out);
    }

    /**
     * One line for each kind of event {@link #run} left out: addresses outside the {@code model},
     * events earlier than the bin already reached.
     */
    public static List<String> warnings(final MotifBackend detector, final MotifModel model) {
        final List<String> lines = new ArrayList<>();
        if (detector.eventsOutOfRange() > 0) {
            lines.add(
                    String.format(
                            "%d events with addresses outside 0..%d ignored",
                            detector.eventsOutOfRange(), model.addresses() - 1));
        }
        if (detector.eventsOutOfOrder() > 0) {
            lines.add(
                    String.format(
                            "%d events earlier than the bin already reached dropped"
                                    + " (the input is not in time order)",
                            detector.eventsOutOfOrder()));
        }
        return lines;
    }

    /**
     * Detects and writes {@code out}. {@code cpu} makes the plain-Java backend directly (no
     * logging, no OpenCL), and so does {@code auto} when the events file is small for the kernel
     * ({@link #AUTO_CPU_WORK}: its bytes / 8 events times the kernel's nonzero weights per
     * address); otherwise {@link MotifBackends} chooses and logs the choice.
     *
     * @return the detector, closed, for its counters (detections, bins, events accepted, out of
     *     range, out of order)
     */
    public static MotifBackend run(
            final MotifModel model,
            final double threshold,
            final int nms,
            final BackendKind backend,
            final Path events,
            final long binUs,
            final Path out)
            throws IOException {
        Path target = out.toAbsolutePath();
        // concat, not +: the first + of a process spins method handles, 30 ms of motifs detect
        Path temporary =
                target.resolveSibling(".".concat(target.getFileName().toString()).concat(".tmp"));
        MotifKernel kernel = model.toKernel();
        MotifBackend detector =
                onCpu(backend, kernel, events)
                        ? new CpuMotifBackend(kernel, threshold, nms)
                        : MotifBackends.create(kernel, threshold, nms, backend);
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
        return detector;
    }

    /** Whether {@link #run} makes the plain-Java backend itself for {@code backend}. */
    static boolean onCpu(final BackendKind backend, final MotifKernel kernel, final Path events) {
        if (backend != BackendKind.AUTO) {
            return backend == BackendKind.CPU;
        }
        long bytes;
        try {
            bytes = Files.size(events);
        } catch (IOException e) {
            return true; // the read reports the file
        }
        double perEvent = (double) kernel.nonZeroCount() / kernel.addresses();
        return bytes / BYTES_PER_EVENT * perEvent < AUTO_CPU_WORK;
    }
}

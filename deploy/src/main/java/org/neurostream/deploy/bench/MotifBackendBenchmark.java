package org.neurostream.deploy.bench;

import java.util.List;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BackendOptions;
import org.neurostream.operators.compute.MotifBackend;
import org.neurostream.operators.compute.MotifBackends;
import org.neurostream.operators.compute.OpenClProfile;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifKernel;

/**
 * Throughput of the motif hot path on a compute backend ({@link MotifBackends}): the setup of
 * {@link MotifDetectBenchmark} (ICANN draw, M = 200, N = 128, D = 31, 20000 bins, kernels pruned to
 * 5 %, quantile threshold), the whole stream given to the backend in batches of {@value #BATCH}
 * events, then {@code finish}, again and again: a warm-up quarter of the time, then the timed rest.
 * Throughput = input events / wall seconds (device work is not thread CPU time). With {@link
 * BackendOptions#holdWindows()} the OpenCL path keeps each batch's last window on the device while
 * the next batch is prepared (detections of a batch may come with the next call); without, every
 * call returns with its bins decided. With a suppression radius the backend suppresses non-maxima
 * too (on OpenCL: on the host, over the cells the device lists).
 */
public final class MotifBackendBenchmark {
    /** Events per batch handed to the backend unless told otherwise. */
    public static final int DEFAULT_BATCH = 8192;

    /** Keeps the detections observable so that the JIT cannot drop the work. */
    private static volatile long sink;

    private MotifBackendBenchmark() {}

    /**
     * A measurement: the backend and device that ran it, events per wall second, detections per
     * pass, and the device time per command kind when profiled.
     */
    public record Result(
            String backend,
            String device,
            double eventsPerSecond,
            long detectionsPerPass,
            List<OpenClProfile.Entry> profile) {}

    /**
     * The reference measurement on {@code kind} in batches of {@code batch} events: 2 s, seed 1.
     */
    public static Result measure(BackendKind kind, int batch) {
        return measure(kind, batch, BackendOptions.DEFAULT, 2.0);
    }

    /** The reference setup on {@code kind} with options, for {@code seconds}. */
    public static Result measure(
            BackendKind kind, int batch, BackendOptions options, double seconds) {
        return measure(kind, batch, options, seconds, 0);
    }

    /** As above, with non-maximum suppression of radius {@code nmsRadius} bins (0: none). */
    public static Result measure(
            BackendKind kind, int batch, BackendOptions options, double seconds, int nmsRadius) {
        return measure(kind, 200, 128, 31, 20_000, 0.05, seconds, 1L, batch, options, nmsRadius);
    }

    /**
     * Measures the backend of {@code kind} on the calling thread.
     *
     * @param kind the requested backend (it may fall back to cpu; the result says which ran)
     * @param motifs M
     * @param addresses N
     * @param delays D
     * @param bins T of the draw, &gt; 2 D
     * @param keep fraction of each motif's weights kept, 0 &lt; keep &lt;= 1
     * @param seconds total run time, of which the first quarter is warm-up, &gt; 0
     * @param seed seed of the draw
     * @param batch events per batch handed to the backend, &gt; 0
     * @param options how the OpenCL backend works (windows held across calls, profiling)
     * @param nmsRadius suppression radius in bins, 0 for none
     * @return the figures
     */
    public static Result measure(
            BackendKind kind,
            int motifs,
            int addresses,
            int delays,
            int bins,
            double keep,
            double seconds,
            long seed,
            int batch,
            BackendOptions options,
            int nmsRadius) {
        if (!(seconds > 0) || batch < 1) {
            throw new IllegalArgumentException(
                    "seconds and batch must be > 0; got " + seconds + ", " + batch);
        }
        MotifDetectBenchmark.Workload w =
                MotifDetectBenchmark.workload(motifs, addresses, delays, bins, keep, seed);
        MotifKernel kernel = w.kernel();
        BinnedEvents input = w.input();
        double threshold = w.threshold();
        long[] count = new long[1];
        int[] ids = input.ids();
        long[] times = input.bins();
        int[] batchIds = new int[batch];
        long[] batchBins = new long[batch];
        try (MotifBackend backend =
                MotifBackends.create(kernel, threshold, nmsRadius, kind, options)) {
            long total = (long) (seconds * 1e9);
            long warmUpEnd = System.nanoTime() + total / 4;
            do {
                pass(backend, ids, times, batchIds, batchBins, count);
            } while (System.nanoTime() < warmUpEnd);
            count[0] = 0;
            long passes = 0;
            long start = System.nanoTime();
            long end = start + total - total / 4;
            long now;
            do {
                pass(backend, ids, times, batchIds, batchBins, count);
                passes++;
                now = System.nanoTime();
            } while (now < end);
            sink = count[0];
            double events = (double) ids.length * passes;
            return new Result(
                    backend.name(),
                    backend.device(),
                    events / ((now - start) * 1e-9),
                    count[0] / passes,
                    backend.profile());
        }
    }

    private static void pass(
            MotifBackend backend,
            int[] ids,
            long[] times,
            int[] batchIds,
            long[] batchBins,
            long[] count) {
        for (int i = 0; i < ids.length; i += batchIds.length) {
            int n = Math.min(batchIds.length, ids.length - i);
            System.arraycopy(ids, i, batchIds, 0, n);
            System.arraycopy(times, i, batchBins, 0, n);
            backend.process(batchIds, batchBins, n, (m, bin, p) -> count[0]++);
        }
        backend.finish((m, bin, p) -> count[0]++);
    }
}

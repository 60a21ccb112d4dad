package org.neurostream.deploy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.neurostream.models.motif.MotifModel;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifEvaluation;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.SyntheticMotifs;

/**
 * Single-thread throughput of the streaming motif detector ({@link MotifDetector}) on the ICANN
 * benchmark setup.
 *
 * <p>Method: one seeded draw of the synthetic benchmark (N = 128 addresses, M = 200 motifs, D = 31,
 * p_A = p_B = 0.001, 20000 bins, about 44000 input events); the generating kernels pruned to the 5
 * % of each motif's weights largest in magnitude (the "5 % nonzero"); threshold at the
 * quantile that makes about as many detections as there are motif occurrences, so the sink runs at
 * a realistic rate. The whole stream is fed (one {@code onEventInBin} per event, then {@code
 * finish()}, which closes every bin), again and again: a warm-up quarter of the time so the JIT
 * compiles the loops, then the timed rest. Throughput = input events / seconds of the thread's CPU
 * time, i.e. per core, undisturbed by other processes on a shared machine; the wall time figure is
 * kept too.
 */
public final class MotifDetectBenchmark {
    /** Keeps the detections observable so that the JIT cannot drop the work. */
    private static volatile long sink;

    private MotifDetectBenchmark() {}

    /** A measurement: events per CPU second and per wall second, and the kernel's density. */
    public record Result(
            double eventsPerCpuSecond,
            double eventsPerWallSecond,
            double density,
            int events,
            long detectionsPerPass) {}

    /** The reference measurement: about 2 s, seed 1. */
    public static Result measure() {
        return measure(200, 128, 31, 20_000, 0.05, 2.0, 1L);
    }

    /**
     * Measures the detector on the calling thread.
     *
     * @param motifs M
     * @param addresses N
     * @param delays D
     * @param bins T of the draw, &gt; 2 D
     * @param keep fraction of each motif's weights kept, 0 &lt; keep &lt;= 1
     * @param seconds total run time, of which the first quarter is warm-up, &gt; 0
     * @param seed seed of the draw
     * @return the figures
     */
    public static Result measure(
            int motifs,
            int addresses,
            int delays,
            int bins,
            double keep,
            double seconds,
            long seed) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0; got " + seconds);
        }
        Workload w = workload(motifs, addresses, delays, bins, keep, seed);
        MotifKernel kernel = w.kernel();
        BinnedEvents input = w.input();
        double threshold = w.threshold();
        long[] count = new long[1];
        MotifDetector detector =
                new MotifDetector(kernel, 1, threshold, 0, (m, bin, potential) -> count[0]++);
        final int[] ids = input.ids();
        final long[] times = input.bins();

        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long total = (long) (seconds * 1e9);
        long warmUpEnd = System.nanoTime() + total / 4;
        while (System.nanoTime() < warmUpEnd) {
            pass(detector, ids, times);
        }
        count[0] = 0;
        long passes = 0;
        long cpuStart = bean.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + total - total / 4;
        long now;
        do {
            pass(detector, ids, times);
            passes++;
            now = System.nanoTime();
        } while (now < end);
        long cpu = bean.getCurrentThreadCpuTime() - cpuStart;
        sink = count[0];
        double events = (double) ids.length * passes;
        return new Result(
                events / (cpu * 1e-9),
                events / ((now - start) * 1e-9),
                kernel.density(),
                ids.length,
                count[0] / passes);
    }

    private static void pass(MotifDetector detector, int[] ids, long[] times) {
        for (int i = 0; i < ids.length; i++) {
            detector.onEventInBin(times[i], ids[i]);
        }
        detector.finish();
    }

    /**
     * The detector's input for a benchmark: the draw's events, its pruned kernel, the threshold.
     */
    record Workload(MotifKernel kernel, BinnedEvents input, double threshold) {}

    /**
     * The ICANN benchmark's setup, shared by the detector benchmarks: a draw of the synthetic task,
     * its generating kernel pruned to {@code keep}, and the threshold at the quantile of the draw's
     * realised occurrence rate.
     */
    static Workload workload(
            int motifs, int addresses, int delays, int bins, double keep, long seed) {
        SyntheticMotifs data =
                SyntheticMotifs.generate(motifs, addresses, delays, bins, 0.001, 0.001, seed);
        MotifKernel kernel =
                MotifModel.of(
                                data.kernel(),
                                data.generatingBias(),
                                motifs,
                                addresses,
                                delays,
                                Map.of())
                        .pruned(keep)
                        .toKernel();
        BinnedEvents input = data.input();
        float[] v = MotifEvaluation.potentials(kernel, input, 0, bins);
        double threshold = MotifEvaluation.quantile(v, 1 - data.occurrenceRate());
        return new Workload(kernel, input, threshold);
    }
}

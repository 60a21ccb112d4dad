package org.neurostream.operators.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.spectral.Band;

/**
 * The kernels allocate nothing per window after warm-up (with power-of-two transform lengths, where
 * JTransforms itself allocates nothing; an aperiodic fit without peaks, where no Hipparchus
 * optimiser runs): measured with the JVM's per-thread allocation counter.
 */
class KernelAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBy(final Runnable work) {
        for (int i = 0; i < 50; i++) {
            work.run();
        }
        final long id = Thread.currentThread().getId();
        final long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20; i++) {
            work.run();
        }
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void shouldAllocateNothingPerWindowAfterWarmUp() {
        final double fs = 128;
        final int channels = 8;
        final int n = 1280;
        final float[][] x = new float[channels][n];
        final Random random = new Random(7);
        for (final float[] xc : x) {
            for (int i = 0; i < n; i++) {
                xc[i] = (float) random.nextGaussian();
            }
        }
        final boolean[] usable = new boolean[channels];
        Arrays.fill(usable, true);
        final PhaseSynchronyKernel sync =
                new PhaseSynchronyKernel(channels, fs, 256, Band.DEFAULT_BANDS, 5);
        final double[] plv = new double[5 * sync.pairs()];
        final double[] pli = new double[plv.length];
        final double[] wpli = new double[plv.length];
        final ZeroPhaseFir longFir =
                new ZeroPhaseFir(FirDesign.firwinBandPass(257, 8, 13, fs), 3 * 257, n);
        final ZeroPhaseFir shortFir =
                new ZeroPhaseFir(FirDesign.tensorpacFir1(48, 8, 12, fs), 48, n);
        final AnalyticSignal analytic = new AnalyticSignal(1024);
        final double[] out = new double[n];
        final double[] re = new double[n];
        final double[] im = new double[n];
        final double[] hjorth = new double[3];
        final DetrendedFluctuation dfa =
                new DetrendedFluctuation(
                        fs, new Band("alpha", 8, 13), 2, new int[] {16, 32, 64}, n);
        final double[] series = new double[n];
        for (int i = 0; i < n; i++) {
            series[i] = x[0][i];
        }
        assertEquals(0, allocatedBy(() -> sync.compute(x, 0, 5, usable, plv, pli, wpli)), "sync");
        assertEquals(0, allocatedBy(() -> longFir.filter(x[0], 0, n, out, 0)), "long FIR");
        assertEquals(0, allocatedBy(() -> shortFir.filter(x[0], 0, n, out, 0)), "short FIR");
        assertEquals(0, allocatedBy(() -> analytic.transform(out, 0, 1024, re, im)), "analytic");
        assertEquals(0, allocatedBy(() -> Hjorth.compute(x[1], 0, n, hjorth, 0)), "Hjorth");
        assertEquals(0, allocatedBy(() -> dfa.fluctuation(series, 0, n)), "DFA");
        // a spectrum without peaks: the aperiodic fits alone, solved in place
        final double[] freqs = new double[77];
        final double[] power = new double[freqs.length];
        for (int i = 0; i < freqs.length; i++) {
            freqs[i] = 2 + 0.5 * i;
            power[i] = 100 / Math.pow(freqs[i], 1.5);
        }
        final AperiodicFit fit = new AperiodicFit(freqs, 0.5, 12, Integer.MAX_VALUE, 0, 2);
        assertEquals(0, allocatedBy(() -> fit.fit(power, 0)), "aperiodic fit without peaks");
        assertEquals(0, fit.peakCount());
        assertEquals(1.5, fit.exponent(), 1e-9);
    }
}

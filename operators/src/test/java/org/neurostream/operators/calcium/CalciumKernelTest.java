package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalciumKernelTest {

    /** Runs whole traces ({@code traces[roi][frame]}) through a kernel; marks detected frames. */
    private static boolean[][] detect(final CalciumKernel kernel, final double[][] traces) {
        final int rois = traces.length;
        final int frames = traces[0].length;
        final boolean[][] detected = new boolean[rois][frames];
        final CalciumEventSink sink =
                (roi, frame, tUs, amplitude) -> detected[roi][(int) frame] = true;
        final float[] f = new float[rois];
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rois; r++) {
                f[r] = (float) traces[r][t];
            }
            kernel.process(f, null, null, sink);
        }
        kernel.finish(sink);
        return detected;
    }

    private static boolean[] marks(final double[] spikes) {
        final boolean[] m = new boolean[spikes.length];
        for (int t = 0; t < spikes.length; t++) {
            m[t] = spikes[t] > 0;
        }
        return m;
    }

    @Test
    void shouldFindSpikesInNoisyDffWithPrecisionAndRecallAbove95Percent() {
        // docs/features.md#calcium-known-answers: g = 0.95 at 30 Hz, 0.5 Hz Poisson spikes of size
        // 1, noise 0.3, s_min 0.5; g and the noise are estimated per ROI (the defaults); 10 minutes
        // per seed, matches within 1 frame
        final int seeds = 5;
        final SyntheticCalcium[] truth = new SyntheticCalcium[seeds];
        final double[][] traces = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            truth[s] = SyntheticCalcium.generate(18_000, 0.95, 30, 0.5, 1.0, 1.0, 0.3, 100 + s);
            traces[s] = truth[s].trace;
        }
        final CalciumKernel kernel =
                new CalciumKernel(CalciumOptions.builder(30).inputIsDff(true).build(), seeds);
        final boolean[][] detected = detect(kernel, traces);
        for (int s = 0; s < seeds; s++) {
            final double[] pr =
                    SyntheticCalcium.precisionRecall(marks(truth[s].spikes), detected[s], 1);
            assertTrue(
                    pr[0] > 0.95 && pr[1] > 0.95,
                    "seed "
                            + s
                            + ": precision "
                            + pr[0]
                            + ", recall "
                            + pr[1]
                            + " (g "
                            + kernel.g(s)
                            + ", sigma "
                            + kernel.noiseSigma(s)
                            + ")");
            assertEquals(0.95, kernel.g(s), 0.02, "estimated g");
            assertEquals(0.3, kernel.noiseSigma(s), 0.03, "estimated noise");
        }
    }

    @Test
    void shouldRecoverNoiseFreeSpikesExactlyThroughTheKernel() {
        final SyntheticCalcium truth =
                SyntheticCalcium.generate(20_000, 0.95, 30, 0.5, 0.6, 2.0, 0, 8);
        final CalciumOptions options =
                CalciumOptions.builder(30)
                        .inputIsDff(true)
                        .tauSeconds(-1 / (30 * Math.log(0.95)))
                        .build();
        assertFalse(options.estimates());
        final CalciumKernel kernel = new CalciumKernel(options, 1);
        final double[] inferred = new double[20_000];
        final float[] f = new float[1];
        final CalciumEventSink sink =
                (roi, frame, tUs, amplitude) -> inferred[(int) frame] += amplitude;
        for (int t = 0; t < 20_000; t++) {
            f[0] = (float) truth.trace[t];
            kernel.process(f, null, null, sink);
        }
        kernel.finish(sink);
        double worst = 0;
        for (int t = 0; t < inferred.length; t++) {
            // the kernel takes float32 samples, as frames carry them: exact up to that rounding
            worst = Math.max(worst, Math.abs(inferred[t] - truth.spikes[t]));
        }
        assertEquals(truth.spikeCount(), kernel.eventCount(0));
        assertTrue(worst < 1e-5, "largest spike error " + worst);
    }

    @Test
    void shouldFindSpikesThroughTheWholePipelineFromRawFluorescence() {
        // F = 100 (1 + c) + noise of sd 20: after the 8th-percentile baseline, dF/F noise is about
        // 0.25
        final int rois = 5;
        final SyntheticCalcium[] truth = new SyntheticCalcium[rois];
        final double[][] raw = new double[rois][18_000];
        for (int r = 0; r < rois; r++) {
            truth[r] = SyntheticCalcium.generate(18_000, 0.95, 30, 0.5, 1.0, 1.0, 0, 200 + r);
            final SplittableRandom noise = new SplittableRandom(300 + r);
            for (int t = 0; t < raw[r].length; t++) {
                raw[r][t] = 100 * (1 + truth[r].calcium[t]) + 20 * SyntheticCalcium.gaussian(noise);
            }
        }
        final CalciumKernel kernel = new CalciumKernel(CalciumOptions.defaults(30), rois);
        final boolean[][] detected = detect(kernel, raw);
        for (int r = 0; r < rois; r++) {
            final double[] pr =
                    SyntheticCalcium.precisionRecall(marks(truth[r].spikes), detected[r], 1);
            assertTrue(
                    pr[0] > 0.95 && pr[1] > 0.95,
                    "ROI " + r + ": precision " + pr[0] + ", recall " + pr[1]);
            // automatic OASIS baseline: -z(0.08) sigma, the resting level of percentile dF/F
            assertEquals(1.4050715603096329 * kernel.noiseSigma(r), kernel.oasisBaseline(r), 1e-8);
        }
    }

    /** Baseline error, as a fraction of the true level D(t), after the first window. */
    private static double[] driftError(final java.util.function.IntToDoubleFunction level) {
        final int frames = 20_000;
        final SyntheticCalcium spikes =
                SyntheticCalcium.generate(frames, 0.95, 30, 0.2, 1.0, 1.0, 0, 9);
        final SplittableRandom noise = new SplittableRandom(10);
        final CalciumKernel kernel = new CalciumKernel(CalciumOptions.defaults(30), 1);
        final float[] f = new float[1];
        double worst = 0;
        double sum = 0;
        int n = 0;
        for (int t = 0; t < frames; t++) {
            final double d = level.applyAsDouble(t);
            f[0] = (float) (d * (1 + spikes.calcium[t]) + 1.0 * SyntheticCalcium.gaussian(noise));
            kernel.process(f, null, null, (roi, frame, tUs, amplitude) -> {});
            if (t >= 500) {
                // a trailing window lags by W/2; the 8th percentile of noise of sd 1 is -1.405
                final double expected = level.applyAsDouble(t - 250) - 1.405;
                final double e = Math.abs(kernel.baseline(0) - expected) / d;
                worst = Math.max(worst, e);
                sum += e;
                n++;
            }
        }
        return new double[] {worst, sum / n};
    }

    @Test
    void shouldTrackALinearDriftWithinFivePercent() {
        // 100 -> 60 over 11 minutes (bleaching), 1 % noise, 0.2 Hz transients of dF/F 1
        final double[] e = driftError(t -> 100 - 40.0 * t / 20_000);
        assertTrue(e[0] < 0.05, "worst " + e[0]);
        assertTrue(e[1] < 0.01, "mean " + e[1]);
    }

    @Test
    void shouldTrackASinusoidalDriftWithinFivePercent() {
        // +-20 % with a 200 s period
        final double[] e = driftError(t -> 100 + 20 * Math.sin(2 * Math.PI * t / 6000.0));
        assertTrue(e[0] < 0.05, "worst " + e[0]);
        assertTrue(e[1] < 0.015, "mean " + e[1]);
    }

    @Test
    void shouldSkipNonFiniteSamplesWithoutPropagatingThem() {
        final SyntheticCalcium truth =
                SyntheticCalcium.generate(6000, 0.95, 30, 0.5, 1.0, 1.0, 0.1, 12);
        final CalciumKernel kernel = new CalciumKernel(CalciumOptions.defaults(30), 2);
        final float[] f = new float[2];
        final double[] dff = new double[2];
        final List<double[]> events = new ArrayList<>();
        final CalciumEventSink sink =
                (roi, frame, tUs, amplitude) -> events.add(new double[] {roi, frame, amplitude});
        int bad = 0;
        for (int t = 0; t < 6000; t++) {
            final float clean = (float) (100 * (1 + truth.trace[t]));
            f[0] = clean;
            f[1] =
                    t % 97 == 5
                            ? Float.NaN
                            : t % 211 == 7
                                    ? Float.POSITIVE_INFINITY
                                    : t % 331 == 9 ? Float.NEGATIVE_INFINITY : clean;
            final boolean corrupt = !Float.isFinite(f[1]);
            bad += corrupt ? 1 : 0;
            kernel.process(f, null, dff, sink);
            assertTrue(Double.isFinite(dff[0]), "frame " + t);
            assertEquals(corrupt, Double.isNaN(dff[1]), "frame " + t);
        }
        kernel.finish(sink);
        assertEquals(bad, kernel.nonFiniteFrames(1));
        assertEquals(RoiStatus.NON_FINITE, kernel.status(1));
        assertEquals(0, kernel.status(0));
        assertTrue(Double.isFinite(kernel.baseline(1)) && Double.isFinite(kernel.g(1)));
        int[] perRoi = new int[2];
        for (final double[] e : events) {
            assertTrue(Double.isFinite(e[2]) && e[2] >= 0.5);
            perRoi[(int) e[0]]++;
        }
        // the same spikes, give or take the few next to a skipped frame
        assertEquals(perRoi[0], perRoi[1], 0.05 * perRoi[0]);
    }

    @Test
    void shouldSilenceAnAllZeroRoiAndARoiWhoseBaselineFallsToZero() {
        final CalciumKernel kernel =
                new CalciumKernel(
                        CalciumOptions.builder(30).tauSeconds(0.5).estimationFrames(500).build(),
                        3);
        final float[] f = new float[3];
        final float[] neuropil = new float[3];
        final double[] dff = new double[3];
        final long[] events = new long[3];
        final CalciumEventSink sink = (roi, frame, tUs, amplitude) -> events[roi]++;
        final double g = Math.exp(-1 / (0.5 * 30));
        double c = 0;
        final double[] x = new double[3000];
        long expectedSilence = -1;
        for (int t = 0; t < 3000; t++) {
            // ROIs 1 and 2: F = 100 (1 + c), a transient of dF/F 1 every 100 frames
            c = g * c + (t % 100 == 50 ? 1 : 0);
            f[0] = 0;
            f[1] = (float) (100 * (1 + c));
            f[2] = f[1];
            // ROI 1's neuropil grows from frame 1000 on
            neuropil[1] = t < 1000 ? 0 : (t - 1000) * 0.2f;
            kernel.process(f, neuropil, dff, sink);
            x[t] = f[1] - 0.7 * neuropil[1];
            if (expectedSilence < 0
                    && RunningPercentileTest.bruteForce(x, Math.max(0, t - 499), t + 1, 8) <= 0) {
                expectedSilence = t;
            }
            assertTrue(Double.isNaN(dff[0]));
            assertEquals(kernel.silencedAt(1) >= 0, Double.isNaN(dff[1]), "frame " + t);
        }
        kernel.finish(sink);
        assertEquals(RoiStatus.SILENCED | RoiStatus.ALL_ZERO, kernel.status(0));
        assertEquals(0, kernel.silencedAt(0));
        assertEquals(0, events[0]);
        // x = 100 (1 + c) - 0.14 (t - 1000) turns negative near frame 1715; the 8th percentile of
        // its last 500 values, by sorting, reaches 0 some 40 negative values later
        assertEquals(RoiStatus.SILENCED, kernel.status(1));
        final long silenced = kernel.silencedAt(1);
        assertTrue(silenced > 1715 + 40, "silenced at " + silenced);
        assertEquals(expectedSilence, silenced);
        // every transient until 10 frames (the lag) before silencing was reported, none after
        assertEquals((silenced - 10 - 50) / 100 + 1, events[1]);
        assertEquals(0, kernel.status(2));
        assertEquals(30, events[2]);
    }

    @Test
    void shouldStampEventsWithTheMicrosecondOfTheirInferredFrame() {
        final CalciumKernel kernel =
                new CalciumKernel(
                        CalciumOptions.builder(30).inputIsDff(true).tauSeconds(0.5).build(), 1);
        final List<long[]> events = new ArrayList<>();
        final long[] now = new long[1];
        final CalciumEventSink sink =
                (roi, frame, tUs, amplitude) -> events.add(new long[] {frame, tUs, now[0]});
        final float[] f = new float[1];
        final double g = Math.exp(-1 / (0.5 * 30));
        double c = 0;
        for (int t = 0; t < 100; t++) {
            now[0] = t;
            c = g * c + (t == 1 || t == 61 ? 1 : 0);
            f[0] = (float) c;
            kernel.process(f, null, null, sink);
        }
        assertEquals(2, events.size());
        assertEquals(1, events.get(0)[0]);
        assertEquals(33_333, events.get(0)[1]);
        assertEquals(11, events.get(0)[2], "reported lag = 10 frames later");
        assertEquals(61, events.get(1)[0]);
        assertEquals(2_033_333, events.get(1)[1]);
    }

    @Test
    void shouldAllocateNothingPerFrame() {
        final int rois = 200;
        final CalciumKernel kernel =
                new CalciumKernel(CalciumOptions.builder(30).estimationFrames(100).build(), rois);
        final SplittableRandom random = new SplittableRandom(1);
        final float[][] frames = new float[500][rois];
        for (final float[] frame : frames) {
            for (int r = 0; r < rois; r++) {
                frame[r] =
                        (float)
                                (100
                                        + (random.nextDouble() < 0.02 ? 80 : 0)
                                        + 5 * SyntheticCalcium.gaussian(random));
            }
        }
        final double[] dff = new double[rois];
        final long[] count = new long[1];
        final CalciumEventSink sink = (roi, frame, tUs, amplitude) -> count[0]++;
        for (int t = 0; t < 500; t++) {
            kernel.process(frames[t], null, dff, sink);
        }
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 3000; t++) {
            kernel.process(frames[t % 500], null, dff, sink);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(count[0] > 1000, "events " + count[0]);
        assertTrue(allocated < 1024, allocated + " bytes allocated over 3000 frames x 200 ROIs");
    }
}

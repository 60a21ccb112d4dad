package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.ingest.npy.NpyArray;

/**
 * The real recordings of ../shared/data/calcium (skipped where absent): the zebrafish tectum dF/F
 * matrix (Triplett, Avitan and Goodhill 2018, about 2.2 Hz) and suite2p's F and Fneu arrays.
 */
class CalciumRealRecordingsTest {

    /** What a run over a whole recording left behind. */
    private static final class Run {
        final CalciumKernel kernel;
        final long[] events;
        final double[] minAmplitude = {Double.MAX_VALUE};
        final double[][] dff;
        final double[][] baseline;
        final double[][] x;
        boolean nonFiniteEvent;
        boolean outOfOrder;

        Run(final CalciumTraces f, final CalciumTraces neuropil, final CalciumOptions options) {
            final int rois = f.roiCount();
            final int frames = f.frameCount();
            kernel = new CalciumKernel(options, rois);
            events = new long[rois];
            dff = new double[rois][frames];
            baseline = new double[rois][frames];
            x = new double[rois][frames];
            final long[] lastFrame = new long[rois];
            Arrays.fill(lastFrame, -1);
            final CalciumEventSink sink =
                    (roi, frame, tUs, amplitude) -> {
                        events[roi]++;
                        minAmplitude[0] = Math.min(minAmplitude[0], amplitude);
                        nonFiniteEvent |= !Double.isFinite(amplitude);
                        outOfOrder |= frame <= lastFrame[roi];
                        lastFrame[roi] = frame;
                    };
            final float[] fv = new float[rois];
            final float[] nv = new float[rois];
            final double[] out = new double[rois];
            for (int t = 0; t < frames; t++) {
                f.copyFrame(t, fv);
                if (neuropil != null) {
                    neuropil.copyFrame(t, nv);
                }
                kernel.process(fv, neuropil == null ? null : nv, out, sink);
                for (int r = 0; r < rois; r++) {
                    dff[r][t] = out[r];
                    baseline[r][t] = kernel.baseline(r);
                    x[r][t] = fv[r] - (neuropil == null ? 0 : 0.7 * nv[r]);
                }
            }
            kernel.finish(sink);
        }

        boolean silenced(final int roi) {
            return (kernel.status(roi) & RoiStatus.SILENCED) != 0;
        }
    }

    private static double median(final double[] v) {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void shouldGivePlausibleEventsOnTheZebrafishRecording() throws IOException {
        final CalciumTraces zf =
                CalciumTraceReader.read(
                        Golden.shared("zf_20170215-f3_activity_matrix.csv"),
                        TraceFileOptions.DEFAULTS);
        final double fs = 2.2;
        final Run run = new Run(zf, null, CalciumOptions.builder(fs).inputIsDff(true).build());
        final double seconds = zf.frameCount() / fs;
        final double[] rates = new double[zf.roiCount()];
        for (int r = 0; r < zf.roiCount(); r++) {
            assertEquals(0, run.kernel.status(r), "ROI " + r);
            for (int t = 0; t < zf.frameCount(); t++) {
                assertEquals(zf.value(r, t), run.dff[r][t], 0.0, "dF/F input passes through");
            }
            final double g = run.kernel.g(r);
            assertTrue(g > 0.5 && g < 1, "g " + g);
            assertTrue(run.kernel.noiseSigma(r) > 0.05 && run.kernel.noiseSigma(r) < 2);
            rates[r] = run.events[r] / seconds;
        }
        assertFalse(run.nonFiniteEvent);
        assertFalse(run.outOfOrder);
        assertTrue(run.minAmplitude[0] >= 0.5);
        // tectal neurons: every ROI fires, none faster than 1 Hz, typically once per 10-100 s
        assertTrue(Arrays.stream(rates).min().getAsDouble() > 0.002, Arrays.toString(rates));
        assertTrue(Arrays.stream(rates).max().getAsDouble() < 1.0, Arrays.toString(rates));
        final double median = median(rates);
        assertTrue(median > 0.01 && median < 0.1, "median rate " + median + " Hz");
    }

    @Test
    void shouldMatchTheBruteForceDffAndFlagsOfTheSuite2pArrays() throws IOException {
        final TraceFileOptions layout = TraceFileOptions.DEFAULTS;
        final CalciumTraces f = CalciumTraceReader.read(Golden.shared("suite2p_F.npy"), layout);
        final CalciumTraces neuropil =
                CalciumTraceReader.read(Golden.shared("suite2p_Fneu.npy"), layout);
        final double fs = 30;
        final Run run = new Run(f, neuropil, CalciumOptions.defaults(fs));
        final List<String[]> golden = Golden.csv("suite2p_silenced.csv");
        final NpyArray goldenDff = Golden.npy("suite2p_dff_every50.npy");
        final int kept = goldenDff.dim(1);
        int silenced = 0;
        int allZero = 0;
        int active = 0;
        long eventsTotal = 0;
        for (final String[] row : golden) {
            final int r = Integer.parseInt(row[0]);
            assertEquals(
                    Long.parseLong(row[1]), run.kernel.silencedAt(r), "ROI " + r + " silenced at");
            assertEquals(
                    row[2].equals("1"),
                    (run.kernel.status(r) & RoiStatus.ALL_ZERO) != 0,
                    "ROI " + r);
            for (int k = 0; k < kept; k++) {
                final int t = k == kept - 1 ? f.frameCount() - 1 : 50 * k;
                final double expected = goldenDff.getDouble(r, k);
                if (Double.isNaN(expected)) {
                    assertTrue(Double.isNaN(run.dff[r][t]), "ROI " + r + " frame " + t);
                } else {
                    assertEquals(
                            expected,
                            run.dff[r][t],
                            1e-9 * Math.max(1, Math.abs(expected)),
                            "ROI " + r + " frame " + t);
                }
            }
            if (run.silenced(r)) {
                silenced++;
                allZero += (run.kernel.status(r) & RoiStatus.ALL_ZERO) != 0 ? 1 : 0;
                for (int t = (int) run.kernel.silencedAt(r); t < f.frameCount(); t++) {
                    assertTrue(Double.isNaN(run.dff[r][t]));
                }
                continue;
            }
            active++;
            eventsTotal += run.events[r];
            for (int t = 0; t < f.frameCount(); t++) {
                assertTrue(Double.isFinite(run.dff[r][t]), "ROI " + r + " frame " + t);
            }
            assertTrue(
                    median(run.baseline[r]) < median(run.x[r]),
                    "ROI " + r + ": baseline below the trace's median");
            assertTrue(run.events[r] / (f.frameCount() / fs) < 2, "ROI " + r + " rate");
        }
        assertEquals(219, golden.size());
        assertEquals(47, allZero);
        assertEquals(153, silenced, "47 all-zero ROIs + 106 whose baseline reaches 0");
        assertEquals(66, active);
        assertTrue(eventsTotal > 50, "events " + eventsTotal);
        assertFalse(run.nonFiniteEvent);
        assertFalse(run.outOfOrder);
    }
}

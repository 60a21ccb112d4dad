package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineOasisTest {

    /** Spikes as the sink saw them, with the frame at which each was reported. */
    private static final class Recorder implements SpikeSink {
        final List<long[]> frames = new ArrayList<>();
        final List<Double> amplitudes = new ArrayList<>();
        long now;

        @Override
        public void onSpike(final int roi, final long frame, final double amplitude) {
            frames.add(new long[] {roi, frame, now});
            amplitudes.add(amplitude);
        }
    }

    private static Recorder run(final OnlineOasis oasis, final double[] y) {
        final Recorder rec = new Recorder();
        for (int t = 0; t < y.length; t++) {
            rec.now = t;
            if (Double.isNaN(y[t])) {
                oasis.skip(0, t, rec);
            } else {
                oasis.add(0, t, y[t], rec);
            }
            assertTrue(oasis.livePools(0) <= oasis.lag() + 2, "live pools " + oasis.livePools(0));
        }
        rec.now = Long.MAX_VALUE;
        oasis.flush(0, rec);
        return rec;
    }

    private static void assertExact(final SyntheticCalcium truth, final Recorder rec) {
        final double[] inferred = new double[truth.spikes.length];
        for (int i = 0; i < rec.frames.size(); i++) {
            inferred[(int) rec.frames.get(i)[1]] += rec.amplitudes.get(i);
        }
        double worst = 0;
        for (int t = 0; t < inferred.length; t++) {
            worst = Math.max(worst, Math.abs(inferred[t] - truth.spikes[t]));
        }
        assertEquals(truth.spikeCount(), rec.frames.size());
        assertTrue(worst < 1e-9, "largest spike error " + worst);
    }

    @Test
    void shouldRecoverTheSpikesOfNoiseFreeAr1TracesExactly() {
        for (final int lag : new int[] {0, 1, 10, 100}) {
            for (long seed = 1; seed <= 5; seed++) {
                final SyntheticCalcium truth =
                        SyntheticCalcium.generate(20_000, 0.95, 30, 0.5, 0.6, 2.0, 0, seed);
                final OnlineOasis oasis = new OnlineOasis(1, lag, 0.5, 0);
                oasis.configure(0, 0.95, 0);
                assertExact(truth, run(oasis, truth.trace));
            }
        }
    }

    @Test
    void shouldReportEachSpikeExactlyLagFramesAfterItsFrame() {
        final SyntheticCalcium truth =
                SyntheticCalcium.generate(5000, 0.95, 30, 0.5, 0.6, 2.0, 0, 11);
        final OnlineOasis oasis = new OnlineOasis(1, 10, 0.5, 0);
        oasis.configure(0, 0.95, 0);
        final Recorder rec = run(oasis, truth.trace);
        for (final long[] r : rec.frames) {
            if (r[2] != Long.MAX_VALUE) {
                assertEquals(r[1] + 10, r[2], "spike at frame " + r[1]);
            } else {
                assertTrue(r[1] > 5000 - 1 - 10, "flushed spike at frame " + r[1]);
            }
        }
    }

    @Test
    void shouldStayExactAcrossMissingFramesBetweenSpikes() {
        final SyntheticCalcium truth =
                SyntheticCalcium.generate(10_000, 0.9, 30, 0.5, 0.6, 2.0, 0, 3);
        final double[] y = truth.trace.clone();
        int missing = 0;
        for (int t = 1; t < y.length; t += 7) {
            if (truth.spikes[t] == 0) {
                y[t] = Double.NaN;
                missing++;
            }
        }
        assertTrue(missing > 1000);
        final OnlineOasis oasis = new OnlineOasis(1, 10, 0.5, 0);
        oasis.configure(0, 0.9, 0);
        assertExact(truth, run(oasis, y));
    }

    @Test
    void shouldSubtractTheBaselineBeforeInference() {
        final SyntheticCalcium truth =
                SyntheticCalcium.generate(5000, 0.95, 30, 0.5, 0.6, 2.0, 0, 5);
        final double[] y = truth.trace.clone();
        for (int t = 0; t < y.length; t++) {
            y[t] += 0.4;
        }
        final OnlineOasis oasis = new OnlineOasis(1, 10, 0.5, 0);
        oasis.configure(0, 0.95, 0.4);
        assertExact(truth, run(oasis, y));
    }

    @Test
    void shouldDropPendingSpikesOnReset() {
        final OnlineOasis oasis = new OnlineOasis(1, 10, 0.5, 0);
        oasis.configure(0, 0.95, 0);
        final Recorder rec = new Recorder();
        oasis.add(0, 0, 0, rec);
        oasis.add(0, 1, 2.0, rec);
        oasis.reset(0);
        oasis.flush(0, rec);
        assertEquals(0, rec.frames.size());
    }
}

package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdEventDetectorTest {

    @Test
    void shouldGiveOneEventAtThePeakOfEachExcursionWithAmplitudeAbsZ() {
        // mean 0, std 1: z = x
        float[][] x = {{0, 4, 6, 5, 0, -3.5f, -7, 0, 3.1f}};
        ThresholdEventDetector d =
                ThresholdEventDetector.fixedBaseline(new double[] {0}, new double[] {1}, 3.0);
        EventBuffer events = new EventBuffer();
        d.process(x, 0, x[0].length, events);
        assertEquals(2, events.size());
        d.finish(events);
        assertEquals(3, events.size());
        assertEquals(2, events.time(0));
        assertEquals(6.0, events.amplitude(0), 0.0);
        assertEquals(6, events.time(1));
        assertEquals(7.0, events.amplitude(1), 0.0);
        assertEquals(8, events.time(2));
        assertEquals(3.1, events.amplitude(2), 1e-6);
    }

    @Test
    void shouldSplitAnExcursionThatJumpsFromOneSideToTheOther() {
        float[][] x = {{0, 5, -6, 0}};
        ThresholdEventDetector d =
                ThresholdEventDetector.fixedBaseline(new double[] {0}, new double[] {1}, 3.0);
        EventBuffer events = new EventBuffer();
        d.process(x, 0, 4, events);
        assertEquals(2, events.size());
        assertEquals(1, events.time(0));
        assertEquals(2, events.time(1));
    }

    @Test
    void shouldKeepOneExcursionAcrossChunksAndHoldTheWatermarkAtItsStart() {
        float[][] a = {{0, 4, 5}};
        float[][] b = {{9, 4, 0}};
        ThresholdEventDetector d =
                ThresholdEventDetector.fixedBaseline(new double[] {0}, new double[] {1}, 3.0);
        EventBuffer events = new EventBuffer();
        d.process(a, 0, 3, events);
        assertEquals(1, d.watermark());
        d.process(b, 0, 3, events);
        assertEquals(1, events.size());
        assertEquals(3, events.time(0));
        assertEquals(9.0, events.amplitude(0), 0.0);
        assertEquals(6, d.watermark());
    }

    @Test
    void shouldZScoreAgainstTheWholeSpanWithThePopulationStd() {
        // values 1 and -1 alternate, std 1 (population), plus one sample at 10
        float[] s = new float[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = i % 2 == 0 ? 1 : -1;
        }
        s[500] = 10;
        double mean = 10.0 / 1000 - 1.0 / 1000; // s[500] replaced a +1
        double var = 0;
        for (float v : s) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / s.length);
        ThresholdEventDetector d =
                ThresholdEventDetector.wholeSpan(new float[][] {s}, 0, s.length, 3.0);
        EventBuffer events = new EventBuffer();
        d.process(new float[][] {s}, 0, s.length, events);
        d.finish(events);
        assertEquals(1, events.size());
        assertEquals(500, events.time(0));
        assertEquals((10 - mean) / std, events.amplitude(0), 1e-12);
    }

    @Test
    void shouldFlagAFlatChannelAndGiveItNoEventsAndNoNaN() {
        float[][] x = {new float[200], new float[200]};
        java.util.Arrays.fill(x[0], 7.25f);
        for (int i = 0; i < 200; i++) {
            x[1][i] = (float) Math.sin(i * 0.3);
        }
        x[1][100] = 50;
        ThresholdEventDetector whole = ThresholdEventDetector.wholeSpan(x, 0, 200, 3.0);
        EventBuffer events = new EventBuffer();
        whole.process(x, 0, 200, events);
        whole.finish(events);
        assertTrue(whole.isFlat(0));
        assertFalse(whole.isFlat(1));
        assertEquals(1, whole.flatCount());
        assertEquals(1, events.size());
        assertEquals(1, events.address(0));

        ThresholdEventDetector running = ThresholdEventDetector.runningBaseline(2, 20, 3.0);
        EventBuffer runEvents = new EventBuffer();
        running.process(x, 0, 200, runEvents);
        running.finish(runEvents);
        assertTrue(running.isFlat(0));
        for (int i = 0; i < runEvents.size(); i++) {
            assertEquals(1, runEvents.address(i));
            assertTrue(Double.isFinite(runEvents.amplitude(i)));
        }
    }

    @Test
    void shouldSkipNonFiniteSamplesInTheBaselineAndNeverEmitThem() {
        float[][] x = {{1, -1, Float.NaN, 1, -1, Float.POSITIVE_INFINITY, 1, -1, 8, 1, -1}};
        ThresholdEventDetector d = ThresholdEventDetector.wholeSpan(x, 0, x[0].length, 2.0);
        EventBuffer events = new EventBuffer();
        d.process(x, 0, x[0].length, events);
        d.finish(events);
        assertEquals(1, events.size());
        assertEquals(8, events.time(0));
        assertTrue(Double.isFinite(events.amplitude(0)));
    }

    @Test
    void shouldWaitOneTimeConstantBeforeRunningBaselineEvents() {
        // A spike at sample 5 falls inside the warm-up of tau = 10 samples; one at 50 does not.
        float[][] x = {new float[100]};
        for (int i = 0; i < 100; i++) {
            x[0][i] = i % 2 == 0 ? 1 : -1;
        }
        x[0][5] = 30;
        x[0][50] = 30;
        ThresholdEventDetector d = ThresholdEventDetector.runningBaseline(1, 10, 3.0);
        EventBuffer events = new EventBuffer();
        d.process(x, 0, 100, events);
        d.finish(events);
        assertEquals(1, events.size());
        assertEquals(50, events.time(0));
    }
}

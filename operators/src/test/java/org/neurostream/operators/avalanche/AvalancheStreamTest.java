package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AvalancheStreamTest {

    private static final double FS = 200.0;

    @Test
    void shouldEmitTheSameAvalanchesAsTheOfflineAnalysisWhenFedInChunks() {
        float[][] signal = noise(8, 40_000, 21L);
        AvalancheOptions options =
                AvalancheOptions.builder()
                        .baseline(ZScoreBaseline.RUNNING)
                        .runningSeconds(5)
                        .binWidth(3)
                        .build();
        AvalancheResult offline = AvalancheAnalyzer.analyzeSignal(signal, 0, 40_000, FS, options);

        AvalancheTable streamed = new AvalancheTable();
        AvalancheStream stream = AvalancheStream.forSamples(8, FS, options, streamed);
        float[][] chunk = new float[8][];
        int done = 0;
        int step = 37;
        while (done < 40_000) {
            int n = Math.min(step, 40_000 - done);
            for (int c = 0; c < 8; c++) {
                chunk[c] = java.util.Arrays.copyOfRange(signal[c], done, done + n);
            }
            stream.onSamples(chunk, 0, n);
            done += n;
            step = step == 37 ? 250 : 37;
        }
        stream.finish(40_000);

        AvalancheTable expected = offline.avalanches();
        assertTrue(expected.size() > 100, "avalanches: " + expected.size());
        assertEquals(expected.size(), streamed.size());
        assertArrayEquals(column(expected, 0), column(streamed, 0));
        assertArrayEquals(column(expected, 1), column(streamed, 1));
        assertArrayEquals(column(expected, 2), column(streamed, 2));
        assertEquals(offline.events(), stream.assembler().events());
        assertEquals(offline.droppedAtEnd(), stream.assembler().droppedAtEnd());
        assertEquals(
                offline.summary().regression().m(),
                stream.rollingSummary().regression().m(),
                1e-12);
    }

    @Test
    void shouldSummariseOnlyTheLastNAvalanchesAndTheLastTimeWindow() {
        AvalancheOptions options =
                AvalancheOptions.builder().binWidth(1000).rollingAvalanches(300).build();
        AvalancheTable all = new AvalancheTable();
        AvalancheStream stream = AvalancheStream.forEvents(options, all);
        long[] t = ReferenceProcesses.poissonEventTimes(5000, 1000.0, new SplittableRandom(3L));
        for (long ti : t) {
            stream.advanceTo(ti);
            stream.onEvent(ti, 1.0);
        }
        stream.finish(t[t.length - 1] + 1);
        assertTrue(all.size() > 600);

        AvalancheSummary rolling = stream.rollingSummary();
        assertEquals(300, rolling.avalanches());
        double ratio = 0;
        for (int i = all.size() - 300; i < all.size(); i++) {
            ratio += (double) all.secondBinEvents(i) / all.firstBinEvents(i);
        }
        assertEquals(ratio / 300, rolling.branchingRatio(), 1e-12);

        long from = all.startBin(all.size() - 50) * 1000;
        assertEquals(50, stream.rollingSummarySince(from).avalanches());
    }

    @Test
    void shouldRefuseTheAutomaticWidthAndTheWholeSpanBaselineWhenStreaming() {
        AvalancheOptions auto = AvalancheOptions.builder().baseline(ZScoreBaseline.RUNNING).build();
        assertThrows(
                IllegalArgumentException.class,
                () -> AvalancheStream.forEvents(auto, (s, d, e, a, f, g) -> {}));
        AvalancheOptions whole = AvalancheOptions.builder().binWidth(2).build();
        assertThrows(
                IllegalArgumentException.class,
                () -> AvalancheStream.forSamples(4, FS, whole, (s, d, e, a, f, g) -> {}));
    }

    private static long[] column(AvalancheTable t, int which) {
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = which == 0 ? t.startBin(i) : which == 1 ? t.duration(i) : t.events(i);
        }
        return v;
    }

    private static float[][] noise(int channels, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[channels][samples];
        for (float[] channel : x) {
            for (int i = 0; i < samples; i++) {
                double u = 1.0 - random.nextDouble();
                channel[i] =
                        (float)
                                (Math.sqrt(-2 * Math.log(u))
                                        * Math.cos(2 * Math.PI * random.nextDouble()));
            }
        }
        return x;
    }
}

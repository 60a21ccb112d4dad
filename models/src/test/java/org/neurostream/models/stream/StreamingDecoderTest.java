package org.neurostream.models.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;
import org.neurostream.models.training.TrialEpochs;

class StreamingDecoderTest {
    /** The run's samples, sample-major as frames carry them. */
    private static float[] samples(int[] count) throws IOException {
        try (EdfReader reader = EdfReader.open(SyntheticModels.runs().get(1))) {
            final int n = (int) reader.totalSamplesPerChannel();
            final float[] all = new float[n * reader.channelCount()];
            reader.read(all, n);
            count[0] = n;
            return all;
        }
    }

    private record Window(long seq, long end, double[] p, int label) {}

    private static List<Window> stream(PipelineModel model, float[] all, int n, Random chunks) {
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final DecoderStreamState state = decoder.newState();
        final List<Window> out = new ArrayList<>();
        final int channels = decoder.channels();
        int at = 0;
        while (at < n) {
            final int take = chunks == null ? n : Math.min(n - at, 1 + chunks.nextInt(97));
            decoder.append(
                    state,
                    all,
                    at * channels,
                    take,
                    (seq, end, p, label) -> out.add(new Window(seq, end, p.clone(), label)));
            at += take;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(PipelineKind.class)
    void shouldDecodeTheSameWindowsHoweverTheSamplesAreCut(PipelineKind kind) throws IOException {
        final PipelineModel model = SyntheticModels.model(kind);
        final int[] n = new int[1];
        final float[] all = samples(n);
        final List<Window> whole = stream(model, all, n[0], null);
        final List<Window> pieces = stream(model, all, n[0], new Random(kind.ordinal()));
        // the job's grid: a window at 320 samples, then every 40
        assertEquals((n[0] - 320) / 40 + 1, whole.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(i, whole.get(i).seq());
            assertEquals(320 + 40L * i, whole.get(i).end());
            assertArrayEquals(whole.get(i).p(), pieces.get(i).p(), "window " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineKind.class)
    void shouldScoreTrainingEpochsBitForBitAsTheLiveDecoder(PipelineKind kind) throws IOException {
        final PipelineModel model = SyntheticModels.model(kind);
        final int[] n = new int[1];
        final List<Window> live = stream(model, samples(n), n[0], new Random(7));
        final TrialEpochs.Result trials;
        try (EdfReader reader = EdfReader.open(SyntheticModels.runs().get(1))) {
            trials = TrialEpochs.extract(reader, model.classes(), model.filter(), 0.5, 2.5);
        }
        int compared = 0;
        final double[] p = new double[2];
        for (TrialEpochs.Trial t : trials.trials()) {
            final long end = Math.round((t.onsetSeconds() + 0.5) * 160) + 320;
            if ((end - 320) % 40 != 0) {
                continue;
            }
            model.pipeline().newScorer().probabilities(t.epoch(), p);
            assertArrayEquals(live.get((int) ((end - 320) / 40)).p(), p, "trial at " + end);
            compared++;
        }
        assertTrue(compared >= 3, "only " + compared + " trial epochs end on the grid");
    }

    /**
     * bandpower-lr is left out: the job's Welch kernel it shares runs JTransforms' mixed-radix FFT
     * for its 320-sample segments, which allocates a work array per transform (the job's own
     * band-power path does the same).
     */
    @ParameterizedTest
    @EnumSource(
            value = PipelineKind.class,
            names = {"CSP_LDA", "FBCSP_LDA", "TS_LR", "MDM"})
    void shouldAllocateNothingPerWindowAfterWarmUp(PipelineKind kind) throws IOException {
        final PipelineModel model = SyntheticModels.model(kind);
        final int[] n = new int[1];
        final float[] all = samples(n);
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final DecoderStreamState state = decoder.newState();
        final long[] windows = new long[1];
        final StreamingDecoder.Listener listener = (seq, end, p, label) -> windows[0]++;
        final int channels = decoder.channels();
        final int half = n[0] / 2;
        decoder.append(state, all, 0, half, listener);
        final ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = bean.getCurrentThreadAllocatedBytes();
        final long windowsBefore = windows[0];
        for (int at = half; at < n[0]; at += 16) {
            decoder.append(state, all, at * channels, Math.min(16, n[0] - at), listener);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(windows[0] - windowsBefore > 200);
        assertEquals(
                0, allocated, "bytes allocated over " + (windows[0] - windowsBefore) + " windows");
    }
}

package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.operators.calcium.PolyphaseResampler;

class CalciumResampleFunctionHarnessTest {
    private static final long PERIOD_30HZ = 33_333_333L;

    /** One imaging frame per frame of 3 ROIs at 30 Hz, dF/F, seeded. */
    static List<Harnesses.Timed<FrameRecord>> stream(final String id, final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(id.hashCode());
        for (int i = 0; i < frames; i++) {
            final float[] v = {
                (float) random.nextGaussian(), (float) random.nextGaussian(), (float) (i % 7)
            };
            final FrameRecord f =
                    TestFrames.samples(
                            id,
                            Modality.CALCIUM,
                            3,
                            1,
                            PERIOD_30HZ,
                            i,
                            v,
                            FrameDescriptor.FLAG_DFF);
            in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
        }
        return in;
    }

    /** Streams a/calcium and b/calcium ({@link #stream}), frame by frame in turn. */
    static List<Harnesses.Timed<FrameRecord>> twoStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        final List<Harnesses.Timed<FrameRecord>> a = stream("a/calcium", frames);
        final List<Harnesses.Timed<FrameRecord>> b = stream("b/calcium", frames);
        for (int i = 0; i < frames; i++) {
            in.add(a.get(i));
            in.add(b.get(i));
        }
        return in;
    }

    @Test
    void shouldResampleAsTheKernelDoesOneFramePerOutputOnTheNewGrid() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = stream("s/calcium", 300);
        final float[][] x = new float[3][300];
        final FrameDecoder d = new FrameDecoder();
        for (int i = 0; i < 300; i++) {
            d.wrap(new UnsafeBuffer(in.get(i).value().bytes), 0);
            for (int c = 0; c < 3; c++) {
                x[c][i] = d.sample(0, c);
            }
        }
        final float[][] expected = PolyphaseResampler.resample(x, 1, 3);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FrameRecord> h =
                Harnesses.keyed(new CalciumResampleFunction(10.0), f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            h.processElement(
                    TestFrames.endOfSamples("s/calcium", Modality.CALCIUM, 3, 1, PERIOD_30HZ, 300),
                    10_000);
            final List<FrameRecord> out = new ArrayList<>();
            for (final StreamRecord<? extends FrameRecord> r : h.extractOutputStreamRecords()) {
                out.add(r.getValue());
            }
            // 100 outputs in all, the last 10 x 3 / 3 = 10 need input past the end
            assertEquals(91, out.size(), "90 resampled frames and the end");
            for (int k = 0; k < 90; k++) {
                final FrameDecoder o =
                        new FrameDecoder().wrap(new UnsafeBuffer(out.get(k).bytes), 0);
                assertEquals(k, o.sequence());
                assertEquals(k * 100_000_000L, o.deviceTimeNs());
                assertEquals(100_000_000L, o.periodNs());
                assertEquals(FrameDescriptor.FLAG_DFF, o.flags());
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected[c][k], o.sample(0, c), "output " + k + " ROI " + c);
                }
            }
            final FrameDecoder end =
                    new FrameDecoder().wrap(new UnsafeBuffer(out.get(90).bytes), 0);
            assertTrue(EndOfStream.isMarked(end));
            assertEquals(90, end.sequence());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 150, 333})
    void shouldEmitAfterARestoreWhatAnUninterruptedFunctionEmits(final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        () -> new CalciumResampleFunction(12.5),
                        f -> f.streamId,
                        twoStreams(200),
                        cut);
        assertTrue(after.get(0).size() > 20, "frames after the cut");
    }

    @Test
    void shouldPassStreamsAtTheRateAndOtherModalitiesUnchanged() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FrameRecord> h =
                Harnesses.keyed(new CalciumResampleFunction(30.0), f -> f.streamId)) {
            h.open();
            final FrameRecord calcium = stream("s/calcium", 1).get(0).value();
            final FrameRecord eeg = TestFrames.samples("s/eeg", Modality.EEG, 2, 4, 6_250_000L, 0);
            h.processElement(calcium, 0);
            h.processElement(eeg, 0);
            final List<StreamRecord<? extends FrameRecord>> out =
                    new ArrayList<>(h.extractOutputStreamRecords());
            assertArrayEquals(calcium.bytes, out.get(0).getValue().bytes);
            assertArrayEquals(eeg.bytes, out.get(1).getValue().bytes);
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}

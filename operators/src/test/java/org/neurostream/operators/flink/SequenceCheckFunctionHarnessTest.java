package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;

class SequenceCheckFunctionHarnessTest {
    private static final long PERIOD_NS = 6_250_000L;

    private static FrameRecord frame(final String id, final long seq) {
        return TestFrames.samples(id, Modality.EEG, 2, 4, PERIOD_NS, seq);
    }

    @Test
    void shouldNeitherRepeatNorMissAGapAcrossARestore() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        final long[] seqs = {0, 1, 2, 5, 6, 7, 9, 10, 3, 4, 14};
        for (final long s : seqs) {
            in.add(new Harnesses.Timed<>(frame("g/eeg", s), s));
            in.add(new Harnesses.Timed<>(frame("h/eeg", s * 2), s));
        }
        for (int cut = 1; cut < in.size(); cut += 3) {
            final List<List<String>> after =
                    Harnesses.afterCut(
                            SequenceCheckFunction::new,
                            f -> f.streamId,
                            in,
                            cut,
                            SequenceCheckFunction.GAPS);
            assertEquals(in.size() - cut, after.get(0).size(), "every frame passes");
        }
    }

    @Test
    void shouldPassTheEndOnFreeTheStreamAndStartACountAfterIt() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FrameRecord> h =
                Harnesses.keyed(
                        new SequenceCheckFunction()
                                .withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(1))),
                        f -> f.streamId)) {
            h.open();
            for (int s = 0; s < 5; s++) {
                h.processElement(frame("g/eeg", s), s);
            }
            h.processElement(TestFrames.endOfSamples("g/eeg", Modality.EEG, 2, 4, PERIOD_NS, 5), 5);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(6, h.getOutput().size(), "the end passes on");
            // a new run of the stream starts at 0 again: no rewind, no gap
            h.processElement(frame("g/eeg", 0), 10);
            h.processElement(frame("g/eeg", 1), 11);
            assertEquals(0, Harnesses.sideOutput(h, SequenceCheckFunction.GAPS).size());
            assertEquals(0, Harnesses.counter(h, "sequenceRewinds"));
            assertEquals(1, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            h.processWatermark(new Watermark(5_000));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
        }
    }

    @Test
    void shouldKeepTheExpectedNumberOfEveryStreamInTheSnapshot() throws Exception {
        final OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FrameRecord> h =
                Harnesses.keyed(new SequenceCheckFunction(), f -> f.streamId)) {
            h.open();
            h.processElement(frame("g/eeg", 0), 0);
            h.processElement(frame("h/eeg", 7), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FrameRecord> h =
                Harnesses.keyed(new SequenceCheckFunction(), f -> f.streamId)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(frame("g/eeg", 4), 1);
            h.processElement(frame("h/eeg", 8), 1);
            final List<String> gaps = Harnesses.sideOutput(h, SequenceCheckFunction.GAPS);
            assertEquals(1, gaps.size());
            assertEquals(3, Harnesses.counter(h, "missingFrames"));
        }
    }
}

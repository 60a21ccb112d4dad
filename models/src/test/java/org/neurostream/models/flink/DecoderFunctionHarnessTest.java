package org.neurostream.models.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.models.logistic.DecoderModel;
import org.neurostream.operators.flink.IdleTimeout;

class DecoderFunctionHarnessTest {
    private static final String[] BANDS = {"delta", "theta", "alpha", "beta", "gamma"};

    /** A logistic model of 2 channels x 5 bands with fixed, made-up weights. */
    private static String modelJson() {
        final double[] mean = new double[10];
        final double[] scale = new double[10];
        final double[] weights = new double[10];
        for (int i = 0; i < 10; i++) {
            mean[i] = 0.5;
            scale[i] = 1 + i / 10.0;
            weights[i] = (i % 3 - 1) * 0.7;
        }
        return DecoderModel.logistic(
                        List.of("rest", "imagery"),
                        Map.of("channels", 2, "bands", List.of(BANDS)),
                        mean,
                        scale,
                        weights,
                        0.1,
                        1.0,
                        0.8,
                        0.5,
                        Map.of("source", "test"))
                .toJson();
    }

    private static DecoderFunction function() {
        return new DecoderFunction(modelJson(), "test.json");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord>
            harness(final DecoderFunction f) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(f), r -> r.streamId, Types.STRING);
    }

    /** Band-power records of a stream, numbered from {@code firstSeq}, seeded values. */
    private static List<BandPowerRecord> records(
            final String streamId, final int count, final long firstSeq) {
        final SplittableRandom random = new SplittableRandom(streamId.hashCode());
        final List<BandPowerRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final BandPowerRecord r = new BandPowerRecord();
            r.kind = "bandpower";
            r.streamId = streamId;
            r.seq = firstSeq + i;
            r.startNs = i * 250_000_000L;
            r.endNs = r.startNs + 2_000_000_000L;
            r.channels = 2;
            r.bands = BANDS;
            r.bandPower = new double[10];
            for (int k = 0; k < 10; k++) {
                r.bandPower[k] = Math.pow(10, random.nextDouble() * 2);
            }
            out.add(r);
        }
        return out;
    }

    private static List<String> predictions(
            final KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord>
                    h) {
        final List<String> out = new ArrayList<>();
        for (final Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                final PredictionRecord p = (PredictionRecord) r.getValue();
                out.add(p.streamId + " " + p.seq + " " + p.label + " " + p.probability);
            }
        }
        return out;
    }

    @Test
    void shouldNumberAndPredictAfterARestoreAsWithout() throws Exception {
        final List<BandPowerRecord> in = new ArrayList<>();
        final List<BandPowerRecord> a = records("a/eeg", 30, 0);
        final List<BandPowerRecord> b = records("b/eeg", 30, 0);
        for (int i = 0; i < 30; i++) {
            in.add(a.get(i));
            in.add(b.get(i));
        }
        final List<String> whole;
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord> h =
                harness(function())) {
            h.open();
            for (final BandPowerRecord r : in) {
                h.processElement(r, r.endNs / 1_000_000L);
            }
            whole = predictions(h);
        }
        final OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord> h =
                harness(function())) {
            h.open();
            for (int i = 0; i < 25; i++) {
                h.processElement(in.get(i), in.get(i).endNs / 1_000_000L);
            }
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord> h =
                harness(function())) {
            h.initializeState(snapshot);
            h.open();
            for (int i = 25; i < in.size(); i++) {
                h.processElement(in.get(i), in.get(i).endNs / 1_000_000L);
            }
            assertEquals(whole.subList(25, whole.size()), predictions(h));
        }
    }

    @Test
    void shouldNumberAStreamThatStartsAgainFromZeroAndFreeIdleStreams() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, PredictionRecord> h =
                harness(
                        function()
                                .withIdleTimeout(
                                        IdleTimeout.onDeviceTime(Duration.ofSeconds(30))))) {
            h.open();
            for (final BandPowerRecord r : records("a/eeg", 5, 0)) {
                h.processElement(r, r.endNs / 1_000_000L);
            }
            for (final BandPowerRecord r : records("a/eeg", 3, 0)) {
                h.processElement(r, r.endNs / 1_000_000L);
            }
            final List<String> out = predictions(h);
            assertEquals("a/eeg 4", out.get(4).substring(0, 7));
            assertEquals("a/eeg 0", out.get(5).substring(0, 7), "band power restarted at 0");
            assertEquals("a/eeg 2", out.get(7).substring(0, 7));
            assertEquals(2, h.numKeyedStateEntries(), "the number and the last activity");
            h.processWatermark(new Watermark(40_000));
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}

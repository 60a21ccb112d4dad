package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our outlet and our inlet on loopback: discovery, the feed, every format, markers. */
class LslLoopbackTest {
    static final LslConfig CONFIG = LslTests.loopback();

    @Test
    void shouldResolveAndReadFloatSamplesBitForBit() throws Exception {
        final List<String> problems = new ArrayList<>();
        final StreamInfo info =
                StreamInfo.builder("loop-f32", "EEG", 3, 100, ChannelFormat.FLOAT32, "loop-src")
                        .channel("Cz", "uV", "EEG")
                        .channel("Pz", "uV", "EEG")
                        .channel("Oz", "uV", "EEG")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add)) {
            final List<StreamInfo> found =
                    new LslResolver(CONFIG, problems::add)
                            .resolve(StreamQuery.fromUserPredicate("loop-f32"), 1, 3_000_000_000L);
            assertEquals(1, found.size(), "found " + found);
            assertEquals(outlet.info().uid(), found.get(0).uid());
            try (LslInlet inlet = LslInlet.open(found.get(0), CONFIG, 2.0, true, problems::add)) {
                assertEquals(List.of("Cz", "Pz", "Oz"), inlet.info().channelLabels());
                assertTrue(outlet.waitForConsumers(3_000_000_000L));
                for (int i = 0; i < 50; i++) {
                    outlet.pushSample(new float[] {i, -i, Float.MIN_VALUE * i}, 1000.0 + i);
                }
                final List<float[]> got = new ArrayList<>();
                final List<Double> stamps = new ArrayList<>();
                while (got.size() < 50) {
                    final int n =
                            inlet.pull(
                                    s -> {
                                        final float[] v = new float[3];
                                        s.copyFloats(v, 0);
                                        got.add(v);
                                        stamps.add(s.timestamp());
                                    },
                                    100,
                                    2_000_000_000L);
                    assertTrue(n > 0, "no samples");
                }
                for (int i = 0; i < 50; i++) {
                    assertEquals(1000.0 + i, stamps.get(i));
                    assertArrayEquals(new float[] {i, -i, Float.MIN_VALUE * i}, got.get(i));
                }
                assertFalse(Double.isNaN(inlet.timeCorrection(5_000_000_000L)));
            }
        }
        assertEquals(List.of(), problems);
    }
}

package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our outlet and our inlet on loopback: discovery, the feed in every format, buffering. */
class LslLoopbackTest {
    static final LslConfig CONFIG = LslTests.loopback();
    static final long SECOND = 1_000_000_000L;

    static StreamInfo resolve(final String name, final List<String> problems) throws Exception {
        final List<StreamInfo> found =
                new LslResolver(CONFIG, problems::add)
                        .resolve(StreamQuery.fromUserPredicate(name), 1, 5 * SECOND);
        assertEquals(1, found.size(), "found " + found);
        return found.get(0);
    }

    /** Pulls until {@code n} samples came, each as {@code [timestamp, values as doubles...]}. */
    static List<double[]> pullN(final LslInlet inlet, final int n) {
        final List<double[]> got = new ArrayList<>();
        while (got.size() < n) {
            final int k =
                    inlet.pull(
                            s -> {
                                final double[] v = new double[s.channelCount() + 1];
                                v[0] = s.timestamp();
                                for (int c = 0; c < s.channelCount(); c++) {
                                    v[c + 1] = s.doubleValue(c);
                                }
                                got.add(v);
                            },
                            n - got.size(),
                            5 * SECOND);
            assertTrue(k > 0, "no samples after " + got.size() + ": " + inlet.state());
        }
        return got;
    }

    @Test
    void shouldResolveAndReadFloatSamplesBitForBitWithLabels() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("loop-f32", "EEG", 3, 100, ChannelFormat.FLOAT32, "loop-src")
                        .channel("Cz", "uV", "EEG")
                        .channel("Pz", "uV", "EEG")
                        .channel("Oz", "uV", "EEG")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                LslInlet inlet =
                        LslInlet.open(
                                resolve("loop-f32", problems), CONFIG, 2.0, true, problems::add)) {
            assertEquals(List.of("Cz", "Pz", "Oz"), inlet.info().channelLabels());
            assertEquals(List.of("uV", "uV", "uV"), inlet.info().channelUnits());
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            for (int i = 0; i < 50; i++) {
                outlet.pushSample(new float[] {i, -i, Float.MIN_VALUE * i}, 1000.0 + i);
            }
            final List<float[]> got = new ArrayList<>();
            final List<Double> stamps = new ArrayList<>();
            while (got.size() < 50) {
                assertTrue(
                        inlet.pull(
                                        s -> {
                                            final float[] v = new float[3];
                                            s.copyFloats(v, 0);
                                            got.add(v);
                                            stamps.add(s.timestamp());
                                        },
                                        100,
                                        2 * SECOND)
                                > 0);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(1000.0 + i, stamps.get(i));
                assertArrayEquals(new float[] {i, -i, Float.MIN_VALUE * i}, got.get(i));
            }
            final double correction = inlet.timeCorrection(5 * SECOND);
            assertTrue(Math.abs(correction) < 1e-3, "same machine, same clock: " + correction);
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @EnumSource(ChannelFormat.class)
    void shouldCarryEveryFormatExactly(final ChannelFormat format) throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final String name = "loop-" + format.xmlName();
        final StreamInfo info =
                StreamInfo.builder(name, "Test", 4, 0, format, name + "-src").build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                LslInlet inlet =
                        LslInlet.open(resolve(name, problems), CONFIG, 2.0, true, problems::add)) {
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            final List<String[]> strings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                switch (format) {
                    case STRING -> {
                        final String[] v = {"a" + i, "é,\"" + i, "", "x".repeat(300 + i)};
                        strings.add(v);
                        outlet.pushSample(v, 5.0 + i);
                    }
                    case DOUBLE64 ->
                            outlet.pushSample(
                                    new double[] {Math.PI * i, -1e300, Double.MIN_VALUE, i / 3.0},
                                    5.0 + i);
                    default ->
                            outlet.pushSample(
                                    new long[] {i, -i, extreme(format), -extreme(format)}, 5.0 + i);
                }
            }
            final List<String[]> gotStrings = new ArrayList<>();
            final List<long[]> gotLongs = new ArrayList<>();
            final List<double[]> gotDoubles = new ArrayList<>();
            while (Math.max(gotStrings.size(), Math.max(gotLongs.size(), gotDoubles.size())) < 20) {
                final int n =
                        inlet.pull(
                                s -> {
                                    assertEquals(format, s.format());
                                    final String[] sv = new String[4];
                                    final long[] lv = new long[4];
                                    final double[] dv = new double[5];
                                    dv[4] = s.timestamp();
                                    for (int c = 0; c < 4; c++) {
                                        if (format == ChannelFormat.STRING) {
                                            sv[c] = s.stringValue(c);
                                        } else if (format.isFloatingPoint()) {
                                            dv[c] = s.doubleValue(c);
                                        } else {
                                            lv[c] = s.longValue(c);
                                        }
                                    }
                                    gotStrings.add(sv);
                                    gotLongs.add(lv);
                                    gotDoubles.add(dv);
                                },
                                20,
                                2 * SECOND);
                assertTrue(n > 0, "no samples: " + problems);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(5.0 + i, gotDoubles.get(i)[4]);
                switch (format) {
                    case STRING -> assertArrayEquals(strings.get(i), gotStrings.get(i));
                    case DOUBLE64 ->
                            assertArrayEquals(
                                    new double[] {
                                        Math.PI * i, -1e300, Double.MIN_VALUE, i / 3.0, 5.0 + i
                                    },
                                    gotDoubles.get(i));
                    case FLOAT32 ->
                            assertArrayEquals(
                                    new double[] {
                                        i,
                                        -i,
                                        (float) extreme(format),
                                        -(float) extreme(format),
                                        5.0 + i
                                    },
                                    gotDoubles.get(i));
                    default ->
                            assertArrayEquals(
                                    new long[] {i, -i, extreme(format), -extreme(format)},
                                    gotLongs.get(i));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static long extreme(final ChannelFormat f) {
        return switch (f) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            default -> 1 << 24;
        };
    }

    @Test
    void shouldReturnAsSoonAsASampleIsThere() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("loop-wake", "EEG", 1, 10, ChannelFormat.FLOAT32, "wake")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                LslInlet inlet =
                        LslInlet.open(
                                resolve("loop-wake", problems), CONFIG, 2.0, true, problems::add)) {
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            final Thread pusher =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(200);
                                } catch (final InterruptedException e) {
                                    return;
                                }
                                outlet.pushSample(new float[] {1}, 0);
                            });
            pusher.start();
            final long t0 = System.nanoTime();
            // asked for up to 100 samples with a minute's patience: one sample ends the wait
            assertEquals(1, inlet.pull(s -> {}, 100, 60 * SECOND));
            assertTrue(System.nanoTime() - t0 < 30 * SECOND);
            pusher.join();
        }
    }

    @Test
    void shouldFeedSeveralInletsAndDeduceChunkStamps() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("loop-many", "EEG", 2, 500, ChannelFormat.FLOAT32, "many")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add)) {
            final StreamInfo found = resolve("loop-many", problems);
            try (LslInlet a = LslInlet.open(found, CONFIG, 2.0, true, problems::add);
                    LslInlet b = LslInlet.open(found, CONFIG, 2.0, true, problems::add);
                    LslInlet c = LslInlet.open(found, CONFIG, 2.0, true, problems::add)) {
                final long end = System.nanoTime() + 5 * SECOND;
                while (outlet.consumers() < 3 && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                assertEquals(3, outlet.consumers());
                final float[] chunk = new float[2 * 10];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = i;
                }
                // as liblsl: the stamp is the last sample's; earlier ones are deduced at 1/500 s
                outlet.pushChunk(chunk, 0, 10, 100.0);
                for (final LslInlet in : List.of(a, b, c)) {
                    final List<double[]> got = pullN(in, 10);
                    for (int s = 0; s < 10; s++) {
                        assertEquals(100.0 - (9 - s) / 500.0, got.get(s)[0], 1e-12);
                        assertEquals(2 * s, got.get(s)[1]);
                        assertEquals(2 * s + 1, got.get(s)[2]);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldCountWhatOverflowsTheBufferAndSayWhereItWasLost() throws Exception {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("loop-full", "EEG", 1, 8, ChannelFormat.FLOAT32, "full").build();
        try (LslOutlet outlet = LslOutlet.open(info, CONFIG, problems::add);
                // 8 Hz x 2 s = 16 samples of buffer
                LslInlet inlet =
                        LslInlet.open(
                                resolve("loop-full", problems), CONFIG, 2.0, true, problems::add)) {
            assertEquals(16, inlet.capacity());
            assertTrue(outlet.waitForConsumers(3 * SECOND));
            for (int i = 0; i < 40; i++) {
                outlet.pushSample(new float[] {i}, 1.0 + i);
            }
            final long end = System.nanoTime() + 5 * SECOND;
            while (inlet.receivedSamples() < 40 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(40, inlet.receivedSamples());
            assertEquals(24, inlet.overflowedSamples());
            final List<double[]> first = pullN(inlet, 16);
            assertEquals(15.0, first.get(15)[1]);
            outlet.pushSample(new float[] {40}, 41.0);
            final long[] droppedBefore = {-1};
            final double[] value = {-1};
            while (inlet.pull(
                            s -> {
                                droppedBefore[0] = s.droppedBefore();
                                value[0] = s.floatValue(0);
                            },
                            1,
                            5 * SECOND)
                    == 0) {
                // wait
            }
            assertEquals(40.0, value[0]);
            assertEquals(24, droppedBefore[0]);
        }
    }
}

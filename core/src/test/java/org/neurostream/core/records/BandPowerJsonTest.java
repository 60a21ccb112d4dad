package org.neurostream.core.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link BandPowerJson} writes the bytes {@link RecordJson#newMapper()} writes for the same record:
 * random records of every shape (nulls, empty arrays, non-finite and extreme doubles, -0.0, strings
 * that need escaping, long stream ids), each encoded by both.
 */
class BandPowerJsonTest {
    private static final ObjectMapper MAPPER = RecordJson.newMapper();

    private static final double[] SPECIAL = {
        0.0,
        -0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        1e-300,
        1e300,
        3.0,
        -21.6,
        1.23456789e7,
        1e7,
        9_999_999.999999998,
        0.001,
        0.0009999999999999998,
        1e-4,
        0.1,
        0.3333333333333333,
        Math.PI,
        Math.ulp(1.0),
        0x1p-6,
        0x1p53,
        Long.MAX_VALUE
    };

    private static final String[] STRINGS = {
        null,
        "",
        "bandpower",
        "S001R01/eeg",
        "quote\"d",
        "back\\slash",
        "slash/ok",
        "tab\tnew\nline\r\b\f",
        "\u0000\u0001\u001f",
        "del\u007f",
        "caf\u00e9",
        "\u03b1-band",
        "\u6f22\u5b57",
        "emoji \ud83e\udde0",
        "</script>",
        "x".repeat(5_000)
    };

    @Test
    void shouldWriteTheMappersBytesForEdgeCaseRecords() throws Exception {
        final BandPowerJson json = new BandPowerJson();
        final BandPowerRecord empty = new BandPowerRecord();
        assertSameBytes(json, empty);
        for (final String s : STRINGS) {
            final BandPowerRecord r = filled(new SplittableRandom(1L), 2, 5);
            r.kind = s;
            r.streamId = s;
            r.integration = s;
            r.bands = new String[] {s, "alpha", s};
            assertSameBytes(json, r);
        }
        for (final double v : SPECIAL) {
            final BandPowerRecord r = filled(new SplittableRandom(2L), 1, 3);
            r.bandPower = new double[] {v, -v, v};
            r.averagingSeconds = v;
            r.entropyLogBase = v;
            assertSameBytes(json, r);
        }
        final BandPowerRecord arrays = filled(new SplittableRandom(3L), 0, 0);
        arrays.bandPower = new double[0];
        arrays.differentialEntropy = null;
        arrays.differentialEntropyFloored = null;
        arrays.bands = null;
        assertSameBytes(json, arrays);
        arrays.seq = Long.MIN_VALUE;
        arrays.startNs = Long.MAX_VALUE;
        arrays.channels = Integer.MIN_VALUE;
        arrays.nperseg = Integer.MAX_VALUE;
        assertSameBytes(json, arrays);
    }

    @Test
    void shouldWriteTheMappersBytesForRandomRecords() throws Exception {
        final BandPowerJson json = new BandPowerJson();
        final SplittableRandom random = new SplittableRandom(20L);
        for (int i = 0; i < 3_000; i++) {
            final BandPowerRecord r = filled(random, random.nextInt(0, 70), random.nextInt(1, 6));
            if (i % 7 == 0) {
                r.differentialEntropy = null;
                r.differentialEntropyFloored = null;
            }
            if (i % 11 == 0) {
                r.streamId = STRINGS[random.nextInt(STRINGS.length)];
            }
            assertSameBytes(json, r);
        }
    }

    @Test
    void shouldReuseItsBufferWithoutLeakingAnEarlierRecord() throws Exception {
        final BandPowerJson json = new BandPowerJson();
        final SplittableRandom random = new SplittableRandom(4L);
        final BandPowerRecord large = filled(random, 384, 5);
        final BandPowerRecord small = filled(random, 1, 1);
        assertSameBytes(json, large);
        assertSameBytes(json, small);
        assertSameBytes(json, large);
    }

    private static void assertSameBytes(final BandPowerJson json, final BandPowerRecord r)
            throws Exception {
        final byte[] expected = MAPPER.writeValueAsBytes(r);
        final byte[] actual = json.encode(r);
        assertEquals(
                new String(expected, StandardCharsets.UTF_8),
                new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);
    }

    private static BandPowerRecord filled(
            final SplittableRandom random, final int channels, final int bands) {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = BandPowerRecord.KIND;
        r.streamId = "session-" + random.nextInt(1_000) + "/stream-" + random.nextLong();
        r.seq = random.nextLong();
        r.startNs = random.nextLong();
        r.endNs = random.nextLong(0, Long.MAX_VALUE);
        r.ingestNs = random.nextLong();
        r.channels = channels;
        r.bands = new String[bands];
        for (int b = 0; b < bands; b++) {
            r.bands[b] = "band" + b;
        }
        r.bandPower = values(random, channels * bands);
        r.relativePower = values(random, channels * bands);
        r.integration = random.nextBoolean() ? "rect" : "trapz";
        r.nperseg = random.nextInt();
        r.windowSamples = random.nextInt();
        r.averagingSeconds = value(random);
        r.differentialEntropy = values(random, channels * bands);
        r.differentialEntropyFloored = new boolean[channels * bands];
        for (int i = 0; i < r.differentialEntropyFloored.length; i++) {
            r.differentialEntropyFloored[i] = random.nextInt(10) == 0;
        }
        r.entropyLogBase = value(random);
        r.settling = random.nextBoolean();
        return r;
    }

    private static double[] values(final SplittableRandom random, final int count) {
        return IntStream.range(0, count).mapToDouble(i -> value(random)).toArray();
    }

    /** Any bit pattern, edge cases, and the magnitudes band power, entropy and ratios take. */
    private static double value(final SplittableRandom random) {
        final int shape = random.nextInt(5);
        return shape == 0
                ? SPECIAL[random.nextInt(SPECIAL.length)]
                : shape == 1
                        ? Double.longBitsToDouble(random.nextLong())
                        : shape == 2
                                ? random.nextDouble()
                                : (random.nextDouble() - 0.3)
                                        * Math.pow(10, random.nextInt(-12, 12));
    }
}

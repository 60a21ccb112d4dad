package org.neurostream.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The records' JSON with {@link DoubleJson}'s serializers is byte for byte the JSON Jackson writes
 * with its own, for doubles of every kind (plain, exponent notation, integers, non-finite, null).
 */
class DoubleJsonTest {
    private static final ObjectMapper JACKSONS_OWN =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                    .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);

    private static final double[] SPECIAL = {
        0.0,
        -0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        1e-300,
        3.0,
        1.23456789e7,
        0.001,
        1e-4,
        Double.MAX_VALUE
    };

    @Test
    void shouldWriteTheBytesOfJacksonsOwnDoubleSerializers() throws Exception {
        final ObjectMapper ours = RecordJson.newMapper();
        final SplittableRandom random = new SplittableRandom(5L);
        for (int i = 0; i < 2_000; i++) {
            final BandPowerRecord record = new BandPowerRecord();
            record.kind = BandPowerRecord.KIND;
            record.bandPower = values(random, 64);
            record.relativePower = values(random, 64);
            record.differentialEntropy = i % 3 == 0 ? null : values(random, 5);
            record.averagingSeconds = value(random);
            record.entropyLogBase = SPECIAL[i % SPECIAL.length];
            assertEquals(JACKSONS_OWN.writeValueAsString(record), ours.writeValueAsString(record));
            assertEquals(
                    new String(JACKSONS_OWN.writeValueAsBytes(record), "UTF-8"),
                    new String(ours.writeValueAsBytes(record), "UTF-8"));

            final AvalancheRecord avalanche = new AvalancheRecord();
            avalanche.amplitude = value(random);
            avalanche.alphaSize = i % 2 == 0 ? null : value(random);
            assertEquals(
                    JACKSONS_OWN.writeValueAsString(avalanche), ours.writeValueAsString(avalanche));
        }
    }

    private static double[] values(final SplittableRandom random, final int count) {
        final double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = value(random);
        }
        return values;
    }

    private static double value(final SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return SPECIAL[random.nextInt(SPECIAL.length)];
            case 1:
                return Double.longBitsToDouble(random.nextLong());
            default:
                return (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-5, 9));
        }
    }
}

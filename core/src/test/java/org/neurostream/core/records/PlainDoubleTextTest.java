package org.neurostream.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainDoubleText} must write exactly {@link Double#toString(double)} of the running Java
 * for every value it accepts, and accept most of the values outputs hold. Random values of several
 * shapes (any bit pattern, every binade of the domain, decimal magnitudes, short binary fractions
 * that make the method's ties) and hand-picked edge cases, tens of millions in all.
 */
class PlainDoubleTextTest {
    private static final int RANDOM_VALUES = 16_000_000;

    private final char[] text = new char[PlainDoubleText.MAX_LENGTH + 1];

    @Test
    void shouldWriteDoubleToStringOfManyRandomValues() {
        final SplittableRandom random = new SplittableRandom(20261205L);
        long accepted = 0;
        for (int i = 0; i < RANDOM_VALUES; i++) {
            final double value = randomValue(random, i & 3);
            if (check(random.nextBoolean() ? value : -value)) {
                accepted++;
            }
        }
        if (PlainDoubleText.ENABLED) {
            assertTrue(accepted > RANDOM_VALUES / 2, "accepted only " + accepted);
        }
    }

    @Test
    void shouldWriteDoubleToStringOfTiesAndTheirNeighbours() {
        assumeTrue(PlainDoubleText.ENABLED, "Java 19+ prints doubles by another method");
        final SplittableRandom random = new SplittableRandom(17L);
        long ties = 0;
        for (int i = 0; i < 2_000_000; i++) {
            final int bits = random.nextInt(1, 58);
            final long numerator =
                    random.nextLong(1L << Math.min(52, bits + random.nextInt(0, 24))) | 1L;
            final double value = numerator / Math.scalb(1.0, bits);
            for (final double v : new double[] {value, Math.nextUp(value), Math.nextDown(value)}) {
                check(v);
            }
            if ((i & 3) == 0 && isTie(value)) {
                ties++;
            }
        }
        assertTrue(ties > 3_000, "only " + ties + " ties: the test no longer covers them");
        assertEquals("1.0000076293945312", write(1 + Math.scalb(1.0, -17)));
    }

    @Test
    void shouldWriteDoubleToStringAroundPowersOfTenAndTwoAndTheDomainsBounds() {
        for (int exponent = -8; exponent <= 8; exponent++) {
            checkAround(Math.pow(10, exponent));
            checkAround(Double.parseDouble("1e" + exponent));
        }
        for (int exponent = -10; exponent <= 26; exponent++) {
            checkAround(Math.scalb(1.0, exponent));
            checkAround(Math.scalb(1.5, exponent));
        }
        for (final double v :
                new double[] {
                    0.1,
                    0.2,
                    0.3,
                    0.7,
                    1.1,
                    2.675,
                    9.995,
                    99.99999999999999,
                    0.015625,
                    9999999.5,
                    9999999.999999998,
                    1234567.8901234567,
                    0.09999999999999999,
                    0.03125,
                    0.001,
                    0.0012345,
                    0.009999999999999998,
                    Double.MIN_VALUE,
                    Double.MIN_NORMAL,
                    Double.MAX_VALUE,
                    0.0,
                    -0.0,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY
                }) {
            checkAround(v);
        }
    }

    @Test
    void shouldDeclineIntegersPowersOfTwoAndValuesOutsideThePlainDomain() {
        for (final double v :
                new double[] {
                    3.0, 0.5, 0.25, 1e7 + 0.5, Math.nextDown(1e-3), -0.0009, 0.0, Double.NaN
                }) {
            assertEquals(-1, PlainDoubleText.write(v, text, 0), Double.toString(v));
        }
    }

    private static double randomValue(final SplittableRandom random, final int shape) {
        switch (shape) {
            case 0:
                return Double.longBitsToDouble(random.nextLong());
            case 1:
                return Math.scalb(1.0 + random.nextDouble(), random.nextInt(-11, 25));
            case 2:
                return random.nextDouble() * Math.pow(10, random.nextInt(-3, 8));
            default:
                final int bits = random.nextInt(1, 40);
                return random.nextLong(1L << Math.min(bits + 23, 62)) / Math.scalb(1.0, bits);
        }
    }

    /** Whether the value's exact expansion ends one digit after Double.toString's, with a 5. */
    private static boolean isTie(final double value) {
        final String printed = Double.toString(value);
        final String exact = new BigDecimal(value).toPlainString();
        final int printedDigits = printed.length() - printed.indexOf('.') - 1;
        final int exactDigits = exact.length() - exact.indexOf('.') - 1;
        return exact.indexOf('.') > 0 && exactDigits == printedDigits + 1 && exact.endsWith("5");
    }

    private void checkAround(final double value) {
        double v = value;
        for (int i = 0; i < 50; i++) {
            v = Math.nextDown(v);
        }
        for (int i = 0; i <= 100; i++) {
            check(v);
            check(-v);
            v = Math.nextUp(v);
        }
    }

    /** Asserts the text where the value is accepted; whether it was. */
    private boolean check(final double value) {
        final int length = PlainDoubleText.write(value, text, 1);
        if (length < 0) {
            return false;
        }
        final String expected = Double.toString(value);
        if (length != expected.length() || !expected.equals(new String(text, 1, length))) {
            assertEquals(
                    expected,
                    new String(text, 1, length),
                    "bits " + Long.toHexString(Double.doubleToRawLongBits(value)));
        }
        return true;
    }

    private String write(final double value) {
        final int length = PlainDoubleText.write(value, text, 0);
        return length < 0 ? null : new String(text, 0, length);
    }
}

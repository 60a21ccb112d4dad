package org.neurostream.core.records;

/**
 * Writes a double as the text {@link Double#toString(double)} gives for it, without that method's
 * big-integer arithmetic, for the values outputs mostly hold: finite, not integer-valued, not a
 * power of two, with magnitude in [10^-3, 10^7), which {@code Double.toString} prints in plain (not
 * exponent) notation. {@link #write} declines every other value (returns -1), and the caller falls
 * back to {@code Double.toString}; the text of the values it accepts is the same, byte for byte.
 *
 * <p>The digits are those of free-format digit generation after Steele and White, which is what
 * {@code Double.toString} of Java 17 gives on these values (the tests check it): the exact decimal
 * expansion of the value, digit by digit, stopping at the first digit where the expansion so far,
 * or it with its last digit raised by one, lies strictly within half an ulp of the value; where
 * both do, the nearer one, and on a tie the one with an even last digit. On these values that is
 * exact in 64-bit integers: with {@code d = r / 2^E} for the fraction {@code r} and {@code E <=
 * 62}, the remainder scaled by {@code 2^(E+1)} fits 64 unsigned bits, half an ulp so scaled is
 * {@code 10^p} at the p-th fraction digit, and the method stops by {@code p = 19}; a remainder
 * equal to a bound of the interval would need at least E + 1 >= 30 fraction digits, so strict and
 * loose comparisons agree. Values of at least 1/8 take two digits a step. A last digit that would
 * carry (a 9 raised) is declined. Java 19 and later print the shortest digits instead (a different
 * method), so {@link #ENABLED} is false there and every value falls back.
 *
 * <p>Outputs must stay byte-identical: {@code PlainDoubleTextTest} compares this text with {@code
 * Double.toString} over tens of millions of random values and the edge cases of the method (ties,
 * short binary fractions, neighbours of powers of ten and two, the domain's bounds).
 */
public final class PlainDoubleText {
    /**
     * Whether the running Java prints doubles by the method above (Java 18 and earlier); where it
     * does not, {@link #write} declines every value.
     */
    public static final boolean ENABLED = Runtime.version().feature() <= 18;

    /**
     * The longest text {@link #write} writes: sign, 7 integer digits, point, 19 fraction digits.
     */
    public static final int MAX_LENGTH = 28;

    private static final long SIGNIFICAND_MASK = (1L << 52) - 1;
    private static final int EXPONENT_BIAS = 1075;
    private static final int MAX_SCALE = 62;
    private static final int PAIR_SHIFT = 56;

    private PlainDoubleText() {}

    /**
     * Writes {@code Double.toString(value)} into {@code dst} from {@code offset} (at least {@link
     * #MAX_LENGTH} chars free) when the value is one this class formats.
     *
     * @return the number of chars written, or -1 where the value is outside this class's values
     *     (the caller then uses {@code Double.toString}); nothing is written then that the caller
     *     keeps
     */
    public static int write(final double value, final char[] dst, final int offset) {
        if (!ENABLED) {
            return -1;
        }
        final long bits = Double.doubleToRawLongBits(value);
        final long fraction = bits & SIGNIFICAND_MASK;
        final int biasedExponent = (int) (bits >>> 52) & 0x7ff;
        if (fraction == 0 || biasedExponent == 0 || biasedExponent == 0x7ff) {
            return -1; // zero, subnormal, power of two (uneven neighbours), infinite, NaN
        }
        final int scale = EXPONENT_BIAS - biasedExponent; // value = significand / 2^scale
        final double magnitude = Math.abs(value);
        if (scale < 1 || scale > MAX_SCALE || magnitude >= 1e7 || magnitude < 1e-3) {
            return -1;
        }
        final long significand = fraction | (1L << 52);
        final long unitMask = (1L << scale) - 1;
        final long remainderBits = significand & unitMask;
        if (remainderBits == 0) {
            return -1; // integer-valued
        }
        final long integer = significand >>> scale;

        int at = offset;
        if (value < 0) {
            dst[at++] = '-';
        }
        at = writeInteger(integer, dst, at);
        dst[at++] = '.';

        // the remainder and half an ulp, in units of 2^-(scale+1) of the current digit's place;
        // the unit (up to 2^63), the remainder times 10 (up to 2^67) and half an ulp (10^p for the
        // p-th fraction digit, p <= 19) are unsigned, the product in two words
        final int shift = scale + 1;
        final long one = 1L << shift;
        final long mask = one - 1;
        long b = remainderBits << 1;
        long m = 1;
        if (integer == 0) {
            while (true) { // the leading zeros of a value below 0.1 are not digits of the method
                final long next = b * 10; // < 2^64 unsigned: at most 2 zeros above 10^-3
                if ((next >>> shift) != 0) {
                    break;
                }
                b = next;
                m *= 10;
                dst[at++] = '0';
            }
        }
        if (shift <= PAIR_SHIFT) {
            // two digits a step: b * 100 < 2^63 here, half an ulp below 10 units at each check
            while (true) {
                final long b10 = b * 10;
                final long b100 = b * 100;
                final int first = (int) (b10 >>> shift);
                final long r = b10 & mask;
                m *= 10;
                dst[at++] = (char) ('0' + first);
                if (r < m || m > one - r) {
                    return finish(first, r < m, m > one - r, r, one, dst, at) ? at - offset : -1;
                }
                final int second = (int) (b100 >>> shift) - 10 * first;
                b = b100 & mask;
                m *= 10;
                dst[at++] = (char) ('0' + second);
                if (b < m || m > one - b) {
                    return finish(second, b < m, m > one - b, b, one, dst, at) ? at - offset : -1;
                }
            }
        }
        while (true) {
            final long low64 = b * 10;
            final long high64 = Math.multiplyHigh(b, 10);
            final int digit = (int) ((high64 << (64 - shift)) | (low64 >>> shift));
            b = low64 & mask;
            m *= 10;
            dst[at++] = (char) ('0' + digit);
            final boolean low = Long.compareUnsigned(b, m) < 0;
            final boolean high = Long.compareUnsigned(m, one - b) > 0;
            if (low || high) {
                return finish(digit, low, high, b, one, dst, at) ? at - offset : -1;
            }
        }
    }

    /**
     * Raises the last digit where the method rounds up; false where that would carry (a 9 raised:
     * rare, left to {@code Double.toString}).
     */
    private static boolean finish(
            final int digit,
            final boolean low,
            final boolean high,
            final long b,
            final long one,
            final char[] dst,
            final int at) {
        final boolean up;
        if (low && high) {
            final int half = Long.compareUnsigned(b, one - b); // 2b against the unit
            up = half > 0 || (half == 0 && (digit & 1) != 0);
        } else {
            up = high;
        }
        if (up) {
            if (digit == 9) {
                return false;
            }
            dst[at - 1] = (char) ('0' + digit + 1);
        }
        return true;
    }

    /**
     * Appends {@code Double.toString(value)} to {@code out}, through {@link #write} where it
     * accepts the value; {@code text} is scratch of at least {@link #MAX_LENGTH} chars.
     */
    public static StringBuilder append(
            final StringBuilder out, final double value, final char[] text) {
        final int length = write(value, text, 0);
        return length < 0 ? out.append(value) : out.append(text, 0, length);
    }

    private static int writeInteger(final long integer, final char[] dst, final int offset) {
        int digits = 1;
        for (long power = 10; power <= integer; power *= 10) { // integer < 10^7
            digits++;
        }
        int rest = (int) integer;
        for (int i = offset + digits - 1; i > offset; i--) {
            final int quotient = rest / 10;
            dst[i] = (char) ('0' + rest - 10 * quotient);
            rest = quotient;
        }
        dst[offset] = (char) ('0' + rest);
        return offset + digits;
    }
}

package org.neurostream.ingest.lsl;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The layout of one sample in an LSL stream feed, data protocol 1.10, little-endian:
 *
 * <pre>
 *   tag       : uint8      // 1 = timestamp deduced (previous + 1 / nominal rate), 2 = timestamp follows
 *   timestamp : float64    // LSL seconds, only after tag 2
 *   values    : numeric formats: channel_count values of the format's size
 *               string format: per channel { n: uint8 (1, 2, 4 or 8), length: uint(n) , utf8[length] }
 * </pre>
 *
 * Also the test pattern an outlet sends after its handshake (offsets 4 then 2, timestamp
 * 123456.789) and that an inlet checks, as liblsl makes it.
 */
public final class SampleDescriptor {
    /** The timestamp is the previous one plus 1 / nominal rate (or the previous one). */
    public static final byte TAG_DEDUCED_TIMESTAMP = 1;

    /** A float64 timestamp follows the tag. */
    public static final byte TAG_TRANSMITTED_TIMESTAMP = 2;

    /** The timestamp of test-pattern samples. */
    public static final double TEST_PATTERN_TIMESTAMP = 123456.789;

    /** The offsets of the two test-pattern samples, in the order they are sent. */
    public static final int[] TEST_PATTERN_OFFSETS = {4, 2};

    /** Longest string value accepted from a peer (bytes); longer lengths are garbage. */
    public static final long MAX_STRING_BYTES = 1L << 20;

    private SampleDescriptor() {}

    /** Bytes of a numeric sample on the wire, with or without its timestamp. */
    public static int numericLength(
            final ChannelFormat format, final int channels, final boolean withTimestamp) {
        return 1 + (withTimestamp ? Double.BYTES : 0) + channels * format.bytes();
    }

    /**
     * The value of channel {@code k} of the test pattern with {@code offset}, for numeric formats,
     * as a long (integer formats) or as the bits of a double (floating point: use {@link
     * #testPatternDouble}).
     */
    public static long testPatternLong(final ChannelFormat format, final int k, final int offset) {
        final long val;
        switch (format) {
            case INT32 -> val = (k + (long) offset + 65537) % Integer.MAX_VALUE;
            case INT16 -> val = (k + (long) offset + 257) % Short.MAX_VALUE;
            case INT8 -> val = (k + (long) offset + 1) % Byte.MAX_VALUE;
            case INT64 -> {
                final long v = k + 2147483649L + offset;
                return k % 2 == 1 ? -v : v;
            }
            default -> throw new IllegalArgumentException("not an integer format: " + format);
        }
        return k % 2 == 0 ? val : -val;
    }

    /** The value of channel {@code k} of the test pattern for float32 and double64. */
    public static double testPatternDouble(
            final ChannelFormat format, final int k, final int offset) {
        final long val = k + (long) offset + (format == ChannelFormat.DOUBLE64 ? 16777217 : 0);
        final double v = format == ChannelFormat.FLOAT32 ? (float) val : (double) val;
        return k % 2 == 0 ? v : -v;
    }

    /** The value of channel {@code k} of the string test pattern. */
    public static String testPatternString(final int k) {
        return Integer.toString((k + 10) * (k % 2 == 0 ? 1 : -1));
    }

    /**
     * Writes the test-pattern sample with {@code offset} at {@code buffer[index]}.
     *
     * @return bytes written
     */
    public static int writeTestPattern(
            final MutableDirectBuffer buffer,
            final int index,
            final ChannelFormat format,
            final int channels,
            final int offset) {
        int at = index;
        buffer.putByte(at++, TAG_TRANSMITTED_TIMESTAMP);
        buffer.putDouble(at, TEST_PATTERN_TIMESTAMP, LITTLE_ENDIAN);
        at += Double.BYTES;
        for (int k = 0; k < channels; k++) {
            switch (format) {
                case FLOAT32 -> {
                    buffer.putFloat(
                            at, (float) testPatternDouble(format, k, offset), LITTLE_ENDIAN);
                    at += 4;
                }
                case DOUBLE64 -> {
                    buffer.putDouble(at, testPatternDouble(format, k, offset), LITTLE_ENDIAN);
                    at += 8;
                }
                case INT32 -> {
                    buffer.putInt(at, (int) testPatternLong(format, k, offset), LITTLE_ENDIAN);
                    at += 4;
                }
                case INT16 -> {
                    buffer.putShort(at, (short) testPatternLong(format, k, offset), LITTLE_ENDIAN);
                    at += 2;
                }
                case INT8 -> buffer.putByte(at++, (byte) testPatternLong(format, k, offset));
                case INT64 -> {
                    buffer.putLong(at, testPatternLong(format, k, offset), LITTLE_ENDIAN);
                    at += 8;
                }
                case STRING -> at += writeString(buffer, at, testPatternString(k));
            }
        }
        return at - index;
    }

    /** Bytes of the test-pattern sample with {@code offset}. */
    public static int testPatternLength(
            final ChannelFormat format, final int channels, final int offset) {
        if (format != ChannelFormat.STRING) {
            return numericLength(format, channels, true);
        }
        int n = 1 + Double.BYTES;
        for (int k = 0; k < channels; k++) {
            n += stringLength(testPatternString(k).getBytes(StandardCharsets.UTF_8).length);
        }
        return n;
    }

    /**
     * Whether the numeric sample values at {@code buffer[index]} (after tag and timestamp) equal
     * the test pattern with {@code offset}.
     */
    public static boolean isNumericTestPattern(
            final DirectBuffer buffer,
            final int index,
            final ChannelFormat format,
            final int channels,
            final int offset) {
        int at = index;
        for (int k = 0; k < channels; k++) {
            final boolean same =
                    switch (format) {
                        case FLOAT32 ->
                                Float.floatToRawIntBits(buffer.getFloat(at, LITTLE_ENDIAN))
                                        == Float.floatToRawIntBits(
                                                (float) testPatternDouble(format, k, offset));
                        case DOUBLE64 ->
                                Double.doubleToRawLongBits(buffer.getDouble(at, LITTLE_ENDIAN))
                                        == Double.doubleToRawLongBits(
                                                testPatternDouble(format, k, offset));
                        case INT32 ->
                                buffer.getInt(at, LITTLE_ENDIAN)
                                        == (int) testPatternLong(format, k, offset);
                        case INT16 ->
                                buffer.getShort(at, LITTLE_ENDIAN)
                                        == (short) testPatternLong(format, k, offset);
                        case INT8 ->
                                buffer.getByte(at) == (byte) testPatternLong(format, k, offset);
                        case INT64 ->
                                buffer.getLong(at, LITTLE_ENDIAN)
                                        == testPatternLong(format, k, offset);
                        case STRING ->
                                throw new IllegalArgumentException("strings are not numeric");
                    };
            if (!same) {
                return false;
            }
            at += format.bytes();
        }
        return true;
    }

    /** Bytes a string value of {@code utf8Length} bytes takes on the wire. */
    public static int stringLength(final int utf8Length) {
        return (utf8Length <= 0xFF ? 2 : 5) + utf8Length;
    }

    /**
     * Writes a string value (length prefix and UTF-8) at {@code buffer[index]}.
     *
     * @return bytes written
     */
    public static int writeString(
            final MutableDirectBuffer buffer, final int index, final String value) {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return writeString(buffer, index, utf8);
    }

    /** As {@link #writeString(MutableDirectBuffer, int, String)} with the UTF-8 bytes given. */
    public static int writeString(
            final MutableDirectBuffer buffer, final int index, final byte[] utf8) {
        int at = index;
        if (utf8.length <= 0xFF) {
            buffer.putByte(at++, (byte) 1);
            buffer.putByte(at++, (byte) utf8.length);
        } else {
            buffer.putByte(at++, (byte) 4);
            buffer.putInt(at, utf8.length, LITTLE_ENDIAN);
            at += 4;
        }
        buffer.putBytes(at, utf8);
        return at + utf8.length - index;
    }
}

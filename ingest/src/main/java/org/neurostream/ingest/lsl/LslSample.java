package org.neurostream.ingest.lsl;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One sample handed out by {@link LslInlet#pull}: a view into the inlet's buffer, valid during the
 * call only (the same object is reused for every sample). Values can be read in the stream's own
 * format (exactly as sent) or converted.
 */
public final class LslSample {
    private final ChannelFormat format;
    private final int channels;
    private UnsafeBuffer values;
    private int offset;
    private String[] strings;
    private int stringOffset;
    private double timestamp;
    private long droppedBefore;
    private boolean reconnectedBefore;

    LslSample(final ChannelFormat format, final int channels) {
        this.format = format;
        this.channels = channels;
    }

    void wrap(
            final UnsafeBuffer valueSlab,
            final int valueOffset,
            final String[] stringSlab,
            final int stringIndex,
            final double stamp,
            final long dropped,
            final boolean reconnected) {
        this.values = valueSlab;
        this.offset = valueOffset;
        this.strings = stringSlab;
        this.stringOffset = stringIndex;
        this.timestamp = stamp;
        this.droppedBefore = dropped;
        this.reconnectedBefore = reconnected;
    }

    /** The sender's timestamp (LSL seconds of its clock), as received or deduced. */
    public double timestamp() {
        return timestamp;
    }

    /** Channels of the sample. */
    public int channelCount() {
        return channels;
    }

    /** The stream's value format. */
    public ChannelFormat format() {
        return format;
    }

    /**
     * Samples the inlet's buffer had no room for just before this one (they are lost); 0 normally.
     */
    public long droppedBefore() {
        return droppedBefore;
    }

    /**
     * Whether the connection was lost and re-established just before this sample (the outlet
     * restarted, or the network failed): samples sent in between are lost, their number unknown.
     */
    public boolean reconnectedBefore() {
        return reconnectedBefore;
    }

    /** Channel {@code c} as a double (exact for every numeric format but int64 beyond 2^53). */
    public double doubleValue(final int c) {
        final int at = offset + c * format.bytes();
        return switch (format) {
            case FLOAT32 -> values.getFloat(at, LITTLE_ENDIAN);
            case DOUBLE64 -> values.getDouble(at, LITTLE_ENDIAN);
            case INT32 -> values.getInt(at, LITTLE_ENDIAN);
            case INT16 -> values.getShort(at, LITTLE_ENDIAN);
            case INT8 -> values.getByte(at);
            case INT64 -> values.getLong(at, LITTLE_ENDIAN);
            case STRING -> parse(strings[stringOffset + c]);
        };
    }

    /** Channel {@code c} of a float32 stream, exactly as sent (others converted to float). */
    public float floatValue(final int c) {
        if (format == ChannelFormat.FLOAT32) {
            return values.getFloat(offset + c * 4, LITTLE_ENDIAN);
        }
        return (float) doubleValue(c);
    }

    /** Channel {@code c} of an integer stream, exactly as sent. */
    public long longValue(final int c) {
        final int at = offset + c * format.bytes();
        return switch (format) {
            case INT32 -> values.getInt(at, LITTLE_ENDIAN);
            case INT16 -> values.getShort(at, LITTLE_ENDIAN);
            case INT8 -> values.getByte(at);
            case INT64 -> values.getLong(at, LITTLE_ENDIAN);
            default -> (long) doubleValue(c);
        };
    }

    /** Channel {@code c} of a string stream; numbers formatted for others. */
    public String stringValue(final int c) {
        if (format == ChannelFormat.STRING) {
            return strings[stringOffset + c];
        }
        return switch (format) {
            case FLOAT32 -> Float.toString(floatValue(c));
            case DOUBLE64 -> Double.toString(doubleValue(c));
            default -> Long.toString(longValue(c));
        };
    }

    /**
     * Copies all channels as float32 into {@code dst[dstOffset...]} (float32 streams bit for bit;
     * other formats converted).
     */
    public void copyFloats(final float[] dst, final int dstOffset) {
        if (format == ChannelFormat.FLOAT32) {
            for (int c = 0; c < channels; c++) {
                dst[dstOffset + c] = values.getFloat(offset + (c << 2), LITTLE_ENDIAN);
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            dst[dstOffset + c] = (float) doubleValue(c);
        }
    }

    private static double parse(final String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (final NumberFormatException e) {
            return Double.NaN;
        }
    }
}

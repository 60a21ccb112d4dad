package org.neurostream.ingest.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.neurostream.core.records.MarkerRecord;

/**
 * Binary layout of a marker document in a journal (format version 2), little-endian, after the
 * document's 8-byte arrival stamp:
 *
 * <pre>
 *   0: int32  magic 'N','S','M','K'
 *   4: int16  version (1)
 *   6: uint16 stream id length (UTF-8 bytes)
 *   8: int32  label length (UTF-8 bytes)
 *  12: int32  reserved (0)
 *  16: int64  time_ns      device time of the marker's stream, ns
 *  24: int64  duration_ns  0 for an instant
 *  32: stream id (UTF-8), then label (UTF-8)
 * </pre>
 *
 * The magic tells a marker from a frame (whose magic is 'N','S','F','R').
 */
public final class MarkerDescriptor {
    /** 'N','S','M','K' read as a little-endian int. */
    public static final int MAGIC = 0x4B4D534E;

    public static final short VERSION = 1;
    public static final int HEADER_LENGTH = 32;

    /** Longest label, UTF-8 bytes. */
    public static final int MAX_LABEL_LENGTH = 1 << 20;

    private MarkerDescriptor() {}

    /** Bytes the marker takes. */
    public static int length(final byte[] streamIdUtf8, final byte[] labelUtf8) {
        return HEADER_LENGTH + streamIdUtf8.length + labelUtf8.length;
    }

    /** Writes the marker at {@code buffer[offset]}; returns its length. */
    public static int encode(
            final MutableDirectBuffer buffer,
            final int offset,
            final byte[] streamIdUtf8,
            final byte[] labelUtf8,
            final long timeNs,
            final long durationNs) {
        buffer.putInt(offset, MAGIC, LITTLE_ENDIAN);
        buffer.putShort(offset + 4, VERSION, LITTLE_ENDIAN);
        buffer.putShort(offset + 6, (short) streamIdUtf8.length, LITTLE_ENDIAN);
        buffer.putInt(offset + 8, labelUtf8.length, LITTLE_ENDIAN);
        buffer.putInt(offset + 12, 0, LITTLE_ENDIAN);
        buffer.putLong(offset + 16, timeNs, LITTLE_ENDIAN);
        buffer.putLong(offset + 24, durationNs, LITTLE_ENDIAN);
        buffer.putBytes(offset + HEADER_LENGTH, streamIdUtf8);
        buffer.putBytes(offset + HEADER_LENGTH + streamIdUtf8.length, labelUtf8);
        return length(streamIdUtf8, labelUtf8);
    }

    /** Whether the bytes at {@code offset} start a marker. */
    public static boolean isMarker(final DirectBuffer buffer, final int offset, final int length) {
        return length >= HEADER_LENGTH && buffer.getInt(offset, LITTLE_ENDIAN) == MAGIC;
    }

    /**
     * Reads the marker of {@code length} bytes at {@code offset}.
     *
     * @return the marker, or null when its lengths disagree with {@code length} or its version is
     *     unknown
     */
    public static MarkerRecord decode(
            final DirectBuffer buffer, final int offset, final int length) {
        if (!isMarker(buffer, offset, length)
                || buffer.getShort(offset + 4, LITTLE_ENDIAN) != VERSION) {
            return null;
        }
        final int idLength = buffer.getShort(offset + 6, LITTLE_ENDIAN) & 0xFFFF;
        final int labelLength = buffer.getInt(offset + 8, LITTLE_ENDIAN);
        if (labelLength < 0
                || (long) HEADER_LENGTH + idLength + labelLength != length
                || buffer.getLong(offset + 24, LITTLE_ENDIAN) < 0) {
            return null;
        }
        final byte[] id = new byte[idLength];
        buffer.getBytes(offset + HEADER_LENGTH, id);
        final byte[] label = new byte[labelLength];
        buffer.getBytes(offset + HEADER_LENGTH + idLength, label);
        return new MarkerRecord(
                new String(id, StandardCharsets.UTF_8),
                buffer.getLong(offset + 16, LITTLE_ENDIAN),
                buffer.getLong(offset + 24, LITTLE_ENDIAN),
                new String(label, StandardCharsets.UTF_8));
    }
}

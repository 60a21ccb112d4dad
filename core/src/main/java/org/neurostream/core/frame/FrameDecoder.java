package org.neurostream.core.frame;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.neurostream.core.frame.FrameDescriptor.*;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Flyweight that reads one frame in place. It trusts the bytes: run {@link FrameValidator} first on
 * anything that came from outside the process.
 */
public final class FrameDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int payloadOffset;

    /** Points this decoder at the frame that starts at {@code offset}. */
    public FrameDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.payloadOffset = offset + payloadOffset(streamIdLength(), sessionIdLength());
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int version() {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN);
    }

    public FrameKind kind() {
        return FrameKind.fromCode(buffer.getByte(offset + KIND_OFFSET));
    }

    public Modality modality() {
        return Modality.fromCode(buffer.getByte(offset + MODALITY_OFFSET));
    }

    public int frameLength() {
        return buffer.getInt(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    public int flags() {
        return buffer.getInt(offset + FLAGS_OFFSET, LITTLE_ENDIAN);
    }

    public long sequence() {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    public long deviceTimeNs() {
        return buffer.getLong(offset + DEVICE_TIME_OFFSET, LITTLE_ENDIAN);
    }

    public long periodNs() {
        return buffer.getLong(offset + PERIOD_OFFSET, LITTLE_ENDIAN);
    }

    public long ingestTimeNs() {
        return buffer.getLong(offset + INGEST_TIME_OFFSET, LITTLE_ENDIAN);
    }

    public int channelCount() {
        return buffer.getInt(offset + CHANNEL_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    public int elementCount() {
        return buffer.getInt(offset + ELEMENT_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    public int streamIdLength() {
        return buffer.getShort(offset + STREAM_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public int sessionIdLength() {
        return buffer.getShort(offset + SESSION_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** The stream id; allocates a String, so call it once per frame at most. */
    public String streamId() {
        return buffer.getStringWithoutLengthUtf8(offset + HEADER_LENGTH, streamIdLength());
    }

    /** The session id; allocates a String. */
    public String sessionId() {
        final byte[] bytes = new byte[sessionIdLength()];
        buffer.getBytes(offset + HEADER_LENGTH + streamIdLength(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Absolute index in the buffer where the payload starts. */
    public int payloadIndex() {
        return payloadOffset;
    }

    /** Device time just after the last sample (SAMPLES) in ns. */
    public long endTimeNs() {
        return deviceTimeNs() + periodNs() * elementCount();
    }

    /** Value of channel {@code channel} at sample {@code sample} of a SAMPLES frame. */
    public float sample(final int sample, final int channel) {
        return buffer.getFloat(
                payloadOffset + (sample * channelCount() + channel) * Float.BYTES, LITTLE_ENDIAN);
    }

    /** Copies the sample-major block into {@code dst} at {@code dstOffset}. */
    public void copySamples(final float[] dst, final int dstOffset) {
        final int count = channelCount() * elementCount();
        int at = payloadOffset;
        if (FloatBlocks.NATIVE_IS_FRAME_ORDER) {
            FloatBlocks.get(buffer, at, dst, dstOffset, count);
            return;
        }
        for (int i = 0; i < count; i++, at += Float.BYTES) {
            dst[dstOffset + i] = buffer.getFloat(at, LITTLE_ENDIAN);
        }
    }

    public int eventTimeOffset(final int index) {
        return buffer.getInt(eventAt(index) + EVENT_TIME_OFFSET, LITTLE_ENDIAN);
    }

    public int eventAddress(final int index) {
        return buffer.getInt(eventAt(index) + EVENT_ADDRESS_OFFSET, LITTLE_ENDIAN);
    }

    public short eventY(final int index) {
        return buffer.getShort(eventAt(index) + EVENT_Y_OFFSET, LITTLE_ENDIAN);
    }

    public byte eventPolarity(final int index) {
        return buffer.getByte(eventAt(index) + EVENT_POLARITY_OFFSET);
    }

    public float eventAmplitude(final int index) {
        return buffer.getFloat(eventAt(index) + EVENT_AMPLITUDE_OFFSET, LITTLE_ENDIAN);
    }

    private int eventAt(final int index) {
        return payloadOffset + index * EVENT_LENGTH;
    }
}

package org.neurostream.core.frame;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.neurostream.core.frame.FrameDescriptor.*;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Flyweight that reads one frame ({@link FrameDescriptor}) in place: each accessor reads its field
 * from the buffer when called, nothing is copied or allocated except by {@link #streamId()} and
 * {@link #sessionId()}, so one decoder serves a whole stream. It trusts the bytes: run {@link
 * FrameValidator} first on anything that came from outside the process; on a frame that failed
 * validation the accessors may return anything or throw {@link IndexOutOfBoundsException}. Not
 * thread-safe.
 */
public final class FrameDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int payloadOffset;

    /**
     * Points this decoder at the frame that starts at {@code offset} of {@code buffer}, and reads
     * where its payload starts. The buffer must hold the whole frame.
     *
     * @return this decoder
     */
    public FrameDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.payloadOffset = offset + payloadOffset(streamIdLength(), sessionIdLength());
        return this;
    }

    /** The buffer of the frame last wrapped. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** Where the frame starts in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** The header's format version ({@link FrameDescriptor#VERSION} for a valid frame). */
    public int version() {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN);
    }

    /** SAMPLES or EVENTS; null for a kind code this build does not know. */
    public FrameKind kind() {
        return FrameKind.fromCode(buffer.getByte(offset + KIND_OFFSET));
    }

    /** What the stream records; null for a modality code this build does not know. */
    public Modality modality() {
        return Modality.fromCode(buffer.getByte(offset + MODALITY_OFFSET));
    }

    /** The whole frame's length in bytes, header included, as its length field says. */
    public int frameLength() {
        return buffer.getInt(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * The header's flags int; test bits with {@link FrameDescriptor#FLAG_END_OF_STREAM} and the
     * like, and ignore bits you do not know.
     */
    public int flags() {
        return buffer.getInt(offset + FLAGS_OFFSET, LITTLE_ENDIAN);
    }

    /** True when the producer marked this frame as its stream's last. */
    public boolean isEndOfStream() {
        return (flags() & FLAG_END_OF_STREAM) != 0;
    }

    /** The frame's number in its stream: 0, 1, 2... with no holes from a well-behaved producer. */
    public long sequence() {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    /** Device time of the first sample, or the time origin of the events, ns (event time). */
    public long deviceTimeNs() {
        return buffer.getLong(offset + DEVICE_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /** The sample period (SAMPLES) or the unit of the events' time offsets (EVENTS), ns. */
    public long periodNs() {
        return buffer.getLong(offset + PERIOD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * The ingest stamp: wall-clock ns since the Unix epoch when the bridge handed the frame to
     * Kafka (0 when never sent); latency is measured from it.
     */
    public long ingestTimeNs() {
        return buffer.getLong(offset + INGEST_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /** Channels of a SAMPLES frame (0 or the sensor's for EVENTS). */
    public int channelCount() {
        return buffer.getInt(offset + CHANNEL_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /** Samples per channel (SAMPLES) or number of events (EVENTS). */
    public int elementCount() {
        return buffer.getInt(offset + ELEMENT_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /** Length of the stream id in UTF-8 bytes. */
    public int streamIdLength() {
        return buffer.getShort(offset + STREAM_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** Length of the session id in UTF-8 bytes. */
    public int sessionIdLength() {
        return buffer.getShort(offset + SESSION_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * The stream id, {@code <session>/<stream>} ({@link org.neurostream.core.stream.StreamId});
     * allocates a String, so call it once per frame at most.
     */
    public String streamId() {
        return buffer.getStringWithoutLengthUtf8(offset + HEADER_LENGTH, streamIdLength());
    }

    /** The session id; allocates a String. */
    public String sessionId() {
        final byte[] bytes = new byte[sessionIdLength()];
        buffer.getBytes(offset + HEADER_LENGTH + streamIdLength(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Absolute index in {@link #buffer()} where the payload starts (8-byte aligned from the frame).
     */
    public int payloadIndex() {
        return payloadOffset;
    }

    /**
     * Device time just after the last sample of a SAMPLES frame, ns: {@code deviceTimeNs + periodNs
     * x elementCount}, where the next frame of the stream starts.
     */
    public long endTimeNs() {
        return deviceTimeNs() + periodNs() * elementCount();
    }

    /**
     * Value of channel {@code channel} at sample {@code sample} of a SAMPLES frame, in the stream's
     * physical unit. For whole frames {@link #copySamples} is faster.
     */
    public float sample(final int sample, final int channel) {
        return buffer.getFloat(
                payloadOffset + (sample * channelCount() + channel) * Float.BYTES, LITTLE_ENDIAN);
    }

    /**
     * Copies the {@code channelCount x elementCount} sample-major values of a SAMPLES frame into
     * {@code dst} from {@code dstOffset} (value of channel c at sample s at {@code dstOffset + s *
     * channels + c}).
     *
     * @throws IndexOutOfBoundsException when {@code dst} is too short
     */
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

    /** Time of event {@code index} of an EVENTS frame from {@link #deviceTimeNs()}, in periods. */
    public int eventTimeOffset(final int index) {
        return buffer.getInt(eventAt(index) + EVENT_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /** Address of event {@code index} (x for event cameras, a ROI or unit otherwise). */
    public int eventAddress(final int index) {
        return buffer.getInt(eventAt(index) + EVENT_ADDRESS_OFFSET, LITTLE_ENDIAN);
    }

    /** Row of event {@code index} for event cameras, 0 otherwise. */
    public short eventY(final int index) {
        return buffer.getShort(eventAt(index) + EVENT_Y_OFFSET, LITTLE_ENDIAN);
    }

    /** Polarity of event {@code index}: 1 ON, 0 OFF (0 where there is none). */
    public byte eventPolarity(final int index) {
        return buffer.getByte(eventAt(index) + EVENT_POLARITY_OFFSET);
    }

    /** Amplitude of event {@code index} (such as a calcium event's dF/F; 0 where there is none). */
    public float eventAmplitude(final int index) {
        return buffer.getFloat(eventAt(index) + EVENT_AMPLITUDE_OFFSET, LITTLE_ENDIAN);
    }

    private int eventAt(final int index) {
        return payloadOffset + index * EVENT_LENGTH;
    }
}

package org.neurostream.core.frame;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.neurostream.core.frame.FrameDescriptor.*;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight that writes one frame ({@link FrameDescriptor}) into a buffer. Set the header fields,
 * then {@link #ids} (which places the payload), then the payload, then {@link #finish()}; nothing
 * is allocated, so one encoder serves a whole stream. The buffer must have room for {@link
 * #frameLength} bytes from the offset. Not thread-safe.
 *
 * <pre>{@code
 * int length = encoder.wrap(buffer, 0)
 *     .kind(FrameKind.SAMPLES).modality(Modality.EEG)
 *     .sequence(seq).deviceTimeNs(t0).periodNs(6_250_000L)
 *     .counts(channels, samples).ids(streamIdUtf8, sessionIdUtf8)
 *     .putSamples(block, 0)
 *     .finish();
 * }</pre>
 */
public final class FrameEncoder {
    private MutableDirectBuffer buffer;
    private int offset;
    private int payloadOffset;
    private FrameKind kind;
    private int channels;
    private int elements;

    /**
     * Starts a frame at {@code offset} of {@code buffer}: the header is cleared (flags 0, ingest
     * stamp 0) and the magic and version set.
     *
     * @return this encoder, for chaining
     */
    public FrameEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.payloadOffset = -1;
        this.kind = null;
        this.channels = 0;
        this.elements = 0;
        buffer.setMemory(offset, HEADER_LENGTH, (byte) 0);
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        return this;
    }

    /** Sets the kind, which fixes the payload layout. */
    public FrameEncoder kind(final FrameKind kind) {
        this.kind = kind;
        buffer.putByte(offset + KIND_OFFSET, kind.code());
        return this;
    }

    /** Sets the modality, which picks the raw topic and the operators. */
    public FrameEncoder modality(final Modality modality) {
        buffer.putByte(offset + MODALITY_OFFSET, modality.code());
        return this;
    }

    /**
     * Sets the flags int (0 after {@link #wrap}), such as {@link
     * FrameDescriptor#FLAG_END_OF_STREAM}; bits not defined in {@link FrameDescriptor} must be 0.
     */
    public FrameEncoder flags(final int flags) {
        buffer.putInt(offset + FLAGS_OFFSET, flags, LITTLE_ENDIAN);
        return this;
    }

    /** Sets the frame's number in its stream: 0, 1, 2... without holes. */
    public FrameEncoder sequence(final long sequence) {
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        return this;
    }

    /** Device time of the first sample or of the events' time origin, in ns. */
    public FrameEncoder deviceTimeNs(final long deviceTimeNs) {
        buffer.putLong(offset + DEVICE_TIME_OFFSET, deviceTimeNs, LITTLE_ENDIAN);
        return this;
    }

    /** Sample period for SAMPLES, or the unit of event time offsets for EVENTS, in ns. */
    public FrameEncoder periodNs(final long periodNs) {
        buffer.putLong(offset + PERIOD_OFFSET, periodNs, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Sets the ingest stamp, wall-clock ns since the Unix epoch; the bridge usually stamps the
     * encoded frame just before it sends it ({@link #stampIngestTime}).
     */
    public FrameEncoder ingestTimeNs(final long ingestTimeNs) {
        buffer.putLong(offset + INGEST_TIME_OFFSET, ingestTimeNs, LITTLE_ENDIAN);
        return this;
    }

    /** Channel count and element count (samples per channel, or events). */
    public FrameEncoder counts(final int channels, final int elements) {
        this.channels = channels;
        this.elements = elements;
        buffer.putInt(offset + CHANNEL_COUNT_OFFSET, channels, LITTLE_ENDIAN);
        buffer.putInt(offset + ELEMENT_COUNT_OFFSET, elements, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Writes the UTF-8 stream and session ids and fixes where the payload starts; call it after
     * {@link #counts} and before the payload.
     *
     * @throws IllegalArgumentException when an id is longer than {@link
     *     FrameDescriptor#MAX_ID_LENGTH} bytes
     */
    public FrameEncoder ids(final byte[] streamIdUtf8, final byte[] sessionIdUtf8) {
        if (streamIdUtf8.length > MAX_ID_LENGTH || sessionIdUtf8.length > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("stream or session id longer than " + MAX_ID_LENGTH);
        }
        buffer.putShort(
                offset + STREAM_ID_LENGTH_OFFSET, (short) streamIdUtf8.length, LITTLE_ENDIAN);
        buffer.putShort(
                offset + SESSION_ID_LENGTH_OFFSET, (short) sessionIdUtf8.length, LITTLE_ENDIAN);
        int at = offset + HEADER_LENGTH;
        buffer.putBytes(at, streamIdUtf8);
        at += streamIdUtf8.length;
        buffer.putBytes(at, sessionIdUtf8);
        at += sessionIdUtf8.length;
        payloadOffset = payloadOffset(streamIdUtf8.length, sessionIdUtf8.length);
        buffer.setMemory(at, offset + payloadOffset - at, (byte) 0);
        return this;
    }

    /**
     * Copies {@code channels x elements} sample-major values from {@code samples}, starting at
     * {@code samplesOffset}, into the payload of a SAMPLES frame.
     */
    public FrameEncoder putSamples(final float[] samples, final int samplesOffset) {
        final int count = channels * elements;
        int at = offset + payloadOffset;
        if (FloatBlocks.NATIVE_IS_FRAME_ORDER) {
            FloatBlocks.put(buffer, at, samples, samplesOffset, count);
            return this;
        }
        for (int i = 0; i < count; i++, at += Float.BYTES) {
            buffer.putFloat(at, samples[samplesOffset + i], LITTLE_ENDIAN);
        }
        return this;
    }

    /**
     * Writes event {@code index} (0-based, below the element count) of an EVENTS frame: its time
     * from the device time in periods, address (or x), y, polarity and amplitude.
     */
    public FrameEncoder putEvent(
            final int index,
            final int timeOffset,
            final int address,
            final short y,
            final byte polarity,
            final float amplitude) {
        final int at = offset + payloadOffset + index * EVENT_LENGTH;
        buffer.putInt(at + EVENT_TIME_OFFSET, timeOffset, LITTLE_ENDIAN);
        buffer.putInt(at + EVENT_ADDRESS_OFFSET, address, LITTLE_ENDIAN);
        buffer.putShort(at + EVENT_Y_OFFSET, y, LITTLE_ENDIAN);
        buffer.putByte(at + EVENT_POLARITY_OFFSET, polarity);
        buffer.putByte(at + EVENT_POLARITY_OFFSET + 1, (byte) 0);
        buffer.putFloat(at + EVENT_AMPLITUDE_OFFSET, amplitude, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Writes the frame length field and returns the frame length in bytes.
     *
     * @throws IllegalStateException when the kind or the ids were not set, or the frame would be
     *     longer than an int
     */
    public int finish() {
        if (kind == null || payloadOffset < 0) {
            throw new IllegalStateException("kind and ids must be set before finish()");
        }
        final long length = payloadOffset + payloadLength(kind, channels, elements);
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException("frame too long: " + length + " bytes");
        }
        buffer.putInt(offset + LENGTH_OFFSET, (int) length, LITTLE_ENDIAN);
        return (int) length;
    }

    /**
     * Frame length in bytes for the given kind, counts and id lengths (UTF-8 bytes); size buffers
     * with it.
     *
     * @throws ArithmeticException when it does not fit an int
     */
    public static int frameLength(
            final FrameKind kind,
            final int channels,
            final int elements,
            final int streamIdLength,
            final int sessionIdLength) {
        return Math.toIntExact(
                payloadOffset(streamIdLength, sessionIdLength)
                        + payloadLength(kind, channels, elements));
    }

    /** Sets the ingest stamp of an encoded frame in place, as the bridge does just before send. */
    public static void stampIngestTime(
            final MutableDirectBuffer buffer, final int frameOffset, final long ingestTimeNs) {
        buffer.putLong(frameOffset + INGEST_TIME_OFFSET, ingestTimeNs, LITTLE_ENDIAN);
    }
}

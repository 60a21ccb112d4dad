package org.neurostream.core.frame;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.neurostream.core.frame.FrameDescriptor.*;

import java.io.Serializable;
import org.agrona.DirectBuffer;

/**
 * Checks that bytes from outside the process form a frame this build can read, within configured
 * limits, before any decoder or operator touches them. A failure is a reason, never an exception:
 * the caller routes the record to the dead-letter topic with it and goes on.
 *
 * <p>What it refuses: fewer bytes than a header, a bad magic, a version other than {@link
 * FrameDescriptor#VERSION}, a kind or modality code this build does not know (or a reserved one,
 * {@link Modality#isReserved()}), a length field that is not the record's length, a frame over the
 * byte limit, ids of length 0 (stream) or over {@link FrameDescriptor#MAX_ID_LENGTH}, counts over
 * the limits or that disagree with the length, a negative device time, a non-positive period, and a
 * device time that overflows by the frame's end. Flag bits are not checked. Immutable and
 * thread-safe.
 */
public final class FrameValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default channel limit: ten Neuropixels probes. */
    public static final int DEFAULT_MAX_CHANNELS = 4096;

    /** Default element limit per frame (samples per channel, or events). */
    public static final int DEFAULT_MAX_ELEMENTS = 1 << 20;

    /** Default frame size limit, under Kafka's default 1 MiB message limit times 16. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    private final int maxChannels;
    private final int maxElements;
    private final int maxFrameBytes;

    /**
     * A validator with these limits.
     *
     * @param maxChannels most channels a frame may have
     * @param maxElements most samples per channel, or events, a frame may have
     * @param maxFrameBytes most bytes a frame may have, header included
     */
    public FrameValidator(final int maxChannels, final int maxElements, final int maxFrameBytes) {
        this.maxChannels = maxChannels;
        this.maxElements = maxElements;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A validator with the default limits. */
    public static FrameValidator withDefaultLimits() {
        return new FrameValidator(
                DEFAULT_MAX_CHANNELS, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * Validates the {@code length} bytes at {@code offset}, which must hold exactly one frame.
     *
     * @return null when the frame is valid, else a one-line reason
     */
    public String validate(final DirectBuffer buffer, final int offset, final int length) {
        if (length < HEADER_LENGTH) {
            return "truncated: " + length + " bytes, the header alone needs " + HEADER_LENGTH;
        }
        final int magic = buffer.getInt(offset + MAGIC_OFFSET, LITTLE_ENDIAN);
        if (magic != MAGIC) {
            return String.format("bad magic 0x%08x, expected 0x%08x ('NSFR')", magic, MAGIC);
        }
        final int version = buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN);
        if (version != VERSION) {
            return "unsupported frame version " + version + ", this build reads " + VERSION;
        }
        final byte kindCode = buffer.getByte(offset + KIND_OFFSET);
        final FrameKind kind = FrameKind.fromCode(kindCode);
        if (kind == null) {
            return "unknown frame kind " + kindCode;
        }
        final byte modalityCode = buffer.getByte(offset + MODALITY_OFFSET);
        final Modality modality = Modality.fromCode(modalityCode);
        if (modality == null) {
            return "unknown modality " + modalityCode;
        }
        if (modality.isReserved()) {
            return "modality "
                    + modality
                    + " ("
                    + modalityCode
                    + ") is reserved: this build has no operator for it";
        }
        final int declared = buffer.getInt(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
        if (declared != length) {
            return "length field says " + declared + " bytes but the record has " + length;
        }
        if (length > maxFrameBytes) {
            return "frame of " + length + " bytes is over the limit of " + maxFrameBytes;
        }
        final int streamIdLength =
                buffer.getShort(offset + STREAM_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        final int sessionIdLength =
                buffer.getShort(offset + SESSION_ID_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (streamIdLength == 0
                || streamIdLength > MAX_ID_LENGTH
                || sessionIdLength > MAX_ID_LENGTH) {
            return "stream id length "
                    + streamIdLength
                    + " or session id length "
                    + sessionIdLength
                    + " outside 1.."
                    + MAX_ID_LENGTH;
        }
        final int channels = buffer.getInt(offset + CHANNEL_COUNT_OFFSET, LITTLE_ENDIAN);
        final int elements = buffer.getInt(offset + ELEMENT_COUNT_OFFSET, LITTLE_ENDIAN);
        if (channels < 0
                || channels > maxChannels
                || (kind == FrameKind.SAMPLES && channels == 0)) {
            return "channel count "
                    + channels
                    + " outside "
                    + (kind == FrameKind.SAMPLES ? 1 : 0)
                    + ".."
                    + maxChannels;
        }
        if (elements < 0 || elements > maxElements) {
            return "element count " + elements + " outside 0.." + maxElements;
        }
        final long expected =
                payloadOffset(streamIdLength, sessionIdLength)
                        + payloadLength(kind, channels, elements);
        if (expected != length) {
            return "counts ("
                    + channels
                    + " channels, "
                    + elements
                    + " elements) need "
                    + expected
                    + " bytes but the frame has "
                    + length;
        }
        final long deviceTimeNs = buffer.getLong(offset + DEVICE_TIME_OFFSET, LITTLE_ENDIAN);
        final long periodNs = buffer.getLong(offset + PERIOD_OFFSET, LITTLE_ENDIAN);
        if (deviceTimeNs < 0) {
            return "device time " + deviceTimeNs + " ns is negative";
        }
        if (periodNs <= 0) {
            return (kind == FrameKind.SAMPLES ? "sample period " : "time unit ")
                    + periodNs
                    + " ns is not positive";
        }
        final long span = Math.multiplyHigh(periodNs, elements) == 0 ? periodNs * elements : -1;
        if (span < 0 || deviceTimeNs + span < deviceTimeNs) {
            return "device time "
                    + deviceTimeNs
                    + " ns plus "
                    + elements
                    + " x "
                    + periodNs
                    + " ns overflows";
        }
        return null;
    }
}

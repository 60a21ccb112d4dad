package org.neurostream.core.frame;

/**
 * Binary layout of a frame, version 1. All fields are little-endian. A frame is one Kafka record
 * value on a raw topic (keyed by its stream id) and one journal entry.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       magic 'N','S','F','R'                   |  0
 *  +---------------------------------------------------------------+
 *  |         version               |     kind      |   modality    |  4
 *  +---------------------------------------------------------------+
 *  |                 frame length (bytes, header included)         |  8
 *  +---------------------------------------------------------------+
 *  |            flags: bits 31..2 reserved (0)           |D|E|     | 12
 *  +---------------------------------------------------------------+
 *  |                 sequence number (per stream, gap-free)        | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          device time of the first element (ns, event time)    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |       sample period (SAMPLES) or event time unit (EVENTS), ns | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |         ingest wall-clock stamp (ns since the Unix epoch)     | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          channel count                        | 48
 *  +---------------------------------------------------------------+
 *  |   element count (samples per channel, or number of events)    | 52
 *  +---------------------------------------------------------------+
 *  |      stream id length         |      session id length        | 56
 *  +---------------------------------------------------------------+
 *  |                            reserved                           | 60
 *  +---------------------------------------------------------------+
 *  |   stream id (UTF-8), session id (UTF-8), zero padding to 8    | 64
 *  +---------------------------------------------------------------+
 *  |                        payload ...                            | payloadOffset
 *
 *  E = bit 0 of the flags int, {@link #FLAG_END_OF_STREAM} (value 1)
 *  D = bit 1, {@link #FLAG_DFF} (value 2)
 * </pre>
 *
 * <p>Kind: 1 SAMPLES, 2 EVENTS ({@link FrameKind}). Modality: 1 EEG, 2 CALCIUM, 3 DVS, 4 SPIKES, 5
 * BEHAVIOR ({@link Modality}). Flags: {@link #FLAG_END_OF_STREAM}, {@link #FLAG_DFF}; the other
 * bits are reserved and written as 0.
 *
 * <p>Compatibility: the format stays version 1 while values are added to it. A reader meets a new
 * value as follows ({@link FrameValidator}): a modality or kind it does not know fails validation,
 * so the frame goes to the dead-letter topic with the reason "unknown modality N" and the job goes
 * on (builds before this one refused modality 5 BEHAVIOR as reserved). Flag bits are not validated:
 * a reader ignores the bits it does not know, so a frame with {@link #FLAG_END_OF_STREAM} is an
 * ordinary frame to a reader that does not look for it. A new version number (a layout change)
 * fails validation everywhere.
 *
 * <p>Payload of SAMPLES: float32 values, sample-major ({@code samples x channels}, the value of
 * channel {@code c} at sample {@code s} at index {@code s * channels + c}), in the stream's
 * physical unit. Payload of EVENTS: {@link #EVENT_LENGTH}-byte records:
 *
 * <pre>
 *   0: int32   time offset from the frame's device time, in time units
 *   4: int32   address, or x for event cameras
 *   8: int16   y for event cameras (0 otherwise)
 *  10: int8    polarity (1 ON, 0 OFF)
 *  11: int8    reserved (0)
 *  12: float32 amplitude
 * </pre>
 *
 * <p>Flags: bit 0, {@link #FLAG_END_OF_STREAM}, ends the stream; bit 1, {@link #FLAG_DFF}, says
 * that a CALCIUM stream's samples are dF/F already rather than raw fluorescence; the other bits are
 * 0. A producer ends a stream with an empty frame (element count 0) that carries the flag and
 * otherwise follows the stream's last frame: the same kind, modality, channel count, period and
 * ids, the next sequence number, and as device time the end of the stream (just past its last
 * sample, or its last event's time). An empty marker needs no read-ahead (a producer learns that
 * its source ended only after the last frame went out) and leaves the data frames as they were. A
 * consumer takes a flagged frame that holds data as that data followed by the end.
 */
public final class FrameDescriptor {
    /** 'N','S','F','R' read as a little-endian int. */
    public static final int MAGIC = 0x5246534E;

    /** The version this code writes; it reads exactly this version. */
    public static final short VERSION = 1;

    /**
     * Flag bit 0: the last frame a producer sends for its stream (it may carry no elements). After
     * it, the stream id has no more frames in this session; a consumer may close the stream's state
     * and flush what it holds. Reserved: no producer sets it yet, and no operator reads it; readers
     * ignore flag bits they do not know.
     */
    public static final int FLAG_END_OF_STREAM = 1;

    /**
     * Flag bit 1: the samples of this CALCIUM frame are dF/F (a DfOverF trace, as the {@code
     * calcium} command's {@code --input-is-dff}), not raw fluorescence; set on every frame of such
     * a stream. A reader that does not know it takes the samples as raw fluorescence.
     */
    public static final int FLAG_DFF = 2;

    /** Byte offsets of the header fields from the frame start, as drawn above. */
    public static final int MAGIC_OFFSET = 0;

    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 6;
    public static final int MODALITY_OFFSET = 7;
    public static final int LENGTH_OFFSET = 8;
    public static final int FLAGS_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int DEVICE_TIME_OFFSET = 24;
    public static final int PERIOD_OFFSET = 32;
    public static final int INGEST_TIME_OFFSET = 40;
    public static final int CHANNEL_COUNT_OFFSET = 48;
    public static final int ELEMENT_COUNT_OFFSET = 52;
    public static final int STREAM_ID_LENGTH_OFFSET = 56;
    public static final int SESSION_ID_LENGTH_OFFSET = 58;
    public static final int RESERVED_OFFSET = 60;
    public static final int HEADER_LENGTH = 64;

    /** Length of one event record in an EVENTS payload, and the offsets of its fields. */
    public static final int EVENT_LENGTH = 16;

    public static final int EVENT_TIME_OFFSET = 0;
    public static final int EVENT_ADDRESS_OFFSET = 4;
    public static final int EVENT_Y_OFFSET = 8;
    public static final int EVENT_POLARITY_OFFSET = 10;
    public static final int EVENT_AMPLITUDE_OFFSET = 12;

    /** Longest stream or session id in UTF-8 bytes. */
    public static final int MAX_ID_LENGTH = 1024;

    private FrameDescriptor() {}

    /** Offset of the payload from the frame start, for ids of the given UTF-8 lengths. */
    public static int payloadOffset(final int streamIdLength, final int sessionIdLength) {
        return align8(HEADER_LENGTH + streamIdLength + sessionIdLength);
    }

    /** Payload length in bytes of a frame of the given kind and counts. */
    public static long payloadLength(final FrameKind kind, final int channels, final int elements) {
        switch (kind) {
            case SAMPLES:
                return (long) channels * elements * Float.BYTES;
            case EVENTS:
                return (long) elements * EVENT_LENGTH;
            default:
                throw new IllegalArgumentException("no payload layout for kind " + kind);
        }
    }

    static int align8(final int value) {
        return (value + 7) & ~7;
    }
}

package org.neurostream.core.frame;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The end-of-stream marker ({@link FrameDescriptor#FLAG_END_OF_STREAM}): how to tell it and how to
 * make the one that ends a stream after a given frame. The producers here (the file bridges, the
 * journal replays) send it as an empty frame of the stream, after its last frame; see {@link
 * FrameDescriptor} for the layout.
 */
public final class EndOfStream {
    private EndOfStream() {}

    /** Whether the frame ends its stream. */
    public static boolean isMarked(final FrameDecoder frame) {
        return (frame.flags() & FrameDescriptor.FLAG_END_OF_STREAM) != 0;
    }

    /**
     * Where a stream whose last frame this is ends, device time ns: just past the last sample
     * (SAMPLES), or the time of the latest event (EVENTS; the frame's device time when it holds
     * none).
     */
    public static long endTimeNs(final FrameDecoder frame) {
        if (frame.kind() == FrameKind.SAMPLES) {
            return frame.endTimeNs();
        }
        long latest = 0;
        for (int i = 0; i < frame.elementCount(); i++) {
            latest = Math.max(latest, frame.eventTimeOffset(i));
        }
        return frame.deviceTimeNs() + latest * frame.periodNs();
    }

    /**
     * The marker that ends the stream of {@code last}: an empty frame of the same kind, modality,
     * channel count, period, stream and session, the next sequence number, device time {@link
     * #endTimeNs(FrameDecoder)}, flag {@link FrameDescriptor#FLAG_END_OF_STREAM}.
     */
    public static byte[] after(final FrameDecoder last, final long ingestTimeNs) {
        final int idLength = last.streamIdLength();
        final int sessionLength = last.sessionIdLength();
        final byte[] streamId = new byte[idLength];
        final byte[] sessionId = new byte[sessionLength];
        final int ids = last.offset() + FrameDescriptor.HEADER_LENGTH;
        last.buffer().getBytes(ids, streamId);
        last.buffer().getBytes(ids + idLength, sessionId);
        final int channels = last.channelCount();
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                last.kind(), channels, 0, idLength, sessionLength)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(last.kind())
                .modality(last.modality())
                .flags(FrameDescriptor.FLAG_END_OF_STREAM)
                .sequence(last.sequence() + 1)
                .deviceTimeNs(endTimeNs(last))
                .periodNs(last.periodNs())
                .ingestTimeNs(ingestTimeNs)
                .counts(channels, 0)
                .ids(streamId, sessionId)
                .finish();
        return bytes;
    }
}

package org.neurostream.ingest.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameValidator;

/**
 * The streams of a replayed journal that have not ended yet, and the end-of-stream frames that end
 * them: a replay hands every frame to {@link #onFrame} and, at the journal's end, sends {@link
 * #endMarkers()} after the last frame, so that every stream a journal holds ends when the replay
 * does (journals recorded before the marker existed, or recorded while their producers still ran,
 * hold none). A stream whose own marker is in the journal gets none more. Frames the validator
 * refuses are not tracked (the job dead-letters them). Per frame: one validation, one lookup and a
 * copy of the header and ids (not the payload).
 */
public final class OpenStreams {
    private final FrameValidator validator = FrameValidator.withDefaultLimits();
    private final FrameDecoder decoder = new FrameDecoder();
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[0]);

    /** Per open stream, in order of first frame: the marker that would end it. */
    private final Map<String, byte[]> open = new LinkedHashMap<>();

    /** Notes one frame of the journal, in recorded order. */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length) {
        if (validator.validate(buffer, offset, length) != null) {
            return;
        }
        decoder.wrap(buffer, offset);
        final String streamId = decoder.streamId();
        if (EndOfStream.isMarked(decoder)) {
            open.remove(streamId);
        } else {
            open.put(streamId, EndOfStream.after(decoder, decoder.ingestTimeNs()));
        }
    }

    /**
     * The end-of-stream frames of the streams still open, in order of their first frame (each
     * stamped with its last frame's ingest time), and forgets them.
     */
    public List<byte[]> endMarkers() {
        final List<byte[]> markers = new ArrayList<>(open.values());
        open.clear();
        return markers;
    }

    /** Streams still open. */
    public int count() {
        return open.size();
    }

    /** The stream id of a marker (or any frame), for its record key. */
    public byte[] keyOf(final byte[] frame) {
        header.wrap(frame);
        decoder.wrap(header, 0);
        final byte[] key = new byte[decoder.streamIdLength()];
        header.getBytes(FrameDescriptor.HEADER_LENGTH, key);
        return key;
    }
}

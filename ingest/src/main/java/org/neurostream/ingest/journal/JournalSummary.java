package org.neurostream.ingest.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.neurostream.core.frame.FrameDecoder;

/**
 * One pass over a journal: frames and device-time span per stream, bytes of frames, and whether the
 * journal is whole. For listings; it decodes every frame header.
 */
public final class JournalSummary {
    /** Whether the recorder closed the journal, and whether all of it is there. */
    public enum State {
        /** Closed by its recorder, every frame readable. */
        CLOSED,
        /** Not closed: still being recorded, or the recorder stopped abruptly. */
        OPEN,
        /** Closed by its recorder, but frames are missing at the end. */
        TRUNCATED
    }

    /** One stream as found in the frames. */
    public static final class StreamSummary {
        public final String streamId;
        public long frames;
        public int channels;

        /** Device time of the first sample and just after the last one, ns. */
        public long firstNs = Long.MAX_VALUE;

        public long endNs = Long.MIN_VALUE;

        StreamSummary(final String streamId) {
            this.streamId = streamId;
        }

        /** Device-time span covered, in seconds. */
        public double seconds() {
            return frames == 0 ? 0 : (endNs - firstNs) / 1e9;
        }
    }

    private final SessionMetadata metadata;
    private final long frames;
    private final long frameBytes;
    private final List<StreamSummary> streams;
    private final State state;
    private final String problem;

    private JournalSummary(
            final SessionMetadata metadata,
            final long frames,
            final long frameBytes,
            final List<StreamSummary> streams,
            final State state,
            final String problem) {
        this.metadata = metadata;
        this.frames = frames;
        this.frameBytes = frameBytes;
        this.streams = streams;
        this.state = state;
        this.problem = problem;
    }

    /**
     * Reads the whole journal in {@code dir}.
     *
     * @throws JournalFormatException when it is not a journal, is from a newer version, or holds a
     *     document that is not a frame
     */
    public static JournalSummary scan(final Path dir) throws JournalFormatException {
        final Map<String, StreamSummary> streams = new LinkedHashMap<>();
        final FrameDecoder decoder = new FrameDecoder();
        final long[] bytes = {0};
        final FrameHandler handler =
                (DirectBuffer b, int o, int l, long t) -> {
                    decoder.wrap(b, o);
                    final StreamSummary s =
                            streams.computeIfAbsent(decoder.streamId(), StreamSummary::new);
                    s.frames++;
                    s.channels = decoder.channelCount();
                    s.firstNs = Math.min(s.firstNs, decoder.deviceTimeNs());
                    s.endNs = Math.max(s.endNs, decoder.endTimeNs());
                    bytes[0] += l;
                };
        try (JournalReader r = JournalReader.open(dir)) {
            State state = State.CLOSED;
            String problem = null;
            try {
                r.readAll(handler);
                if (!r.endReached()) {
                    state = State.OPEN;
                }
            } catch (final JournalTruncatedException e) {
                state = State.TRUNCATED;
                problem = e.getMessage();
            }
            return new JournalSummary(
                    JournalReader.readMetadata(dir),
                    r.framesRead(),
                    bytes[0],
                    Collections.unmodifiableList(new ArrayList<>(streams.values())),
                    state,
                    problem);
        }
    }

    /** The metadata as it is after the pass. */
    public SessionMetadata metadata() {
        return metadata;
    }

    /** Frames readable. */
    public long frames() {
        return frames;
    }

    /** Bytes of the readable frames. */
    public long frameBytes() {
        return frameBytes;
    }

    /** Streams in order of their first frame. */
    public List<StreamSummary> streams() {
        return streams;
    }

    public State state() {
        return state;
    }

    /** What is wrong with a truncated journal, naming it; null otherwise. */
    public String problem() {
        return problem;
    }
}

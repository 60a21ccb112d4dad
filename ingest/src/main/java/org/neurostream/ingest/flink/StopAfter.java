package org.neurostream.ingest.flink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.ingest.journal.JournalFormatException;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * Where a journal replay stops to take a savepoint: before the first frame at which every stream of
 * the journal has been read past device time D, that is, has handed out a frame whose device time
 * is at or after D, its end-of-stream frame, or its last frame in the journal (a stream that ends
 * before D counts as read). The streams are those the journal's metadata lists and those its frames
 * show; a bounded replay finds each stream's last frame in a first pass over the journal, one that
 * follows a journal still being recorded knows only the end-of-stream frames. At the journal's last
 * frame every stream counts as read (the end-of-stream frames a replay adds for streams the journal
 * leaves open are not handed out before the stop). The point depends only on the journal, never on
 * timing, so the savepoint covers the same frames however fast the replay runs.
 *
 * <p>The reader that reaches the point hands out nothing more and writes the number of frames it
 * handed out into the signal file, for whoever takes the savepoint and stops the job.
 */
public final class StopAfter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long deviceTimeNs;
    private final String signalFile;

    /**
     * @param deviceTimeNs D, device time in nanoseconds
     * @param signalFile where the reader writes the frames it handed out once it stopped; must not
     *     exist yet
     */
    public StopAfter(final long deviceTimeNs, final Path signalFile) {
        this.deviceTimeNs = deviceTimeNs;
        this.signalFile = signalFile.toAbsolutePath().toString();
    }

    /** D, in device-time nanoseconds. */
    public long deviceTimeNs() {
        return deviceTimeNs;
    }

    /**
     * The frames handed out before the stop, once a reader has stopped; -1 while none has.
     *
     * @throws IOException when the signal file cannot be read
     */
    public long framesDone() throws IOException {
        final Path file = Path.of(signalFile);
        if (!Files.exists(file)) {
            return -1;
        }
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /** Writes the signal: {@code frames} were handed out. Atomic: a reader sees all or nothing. */
    void signal(final long frames) throws IOException {
        final Path file = Path.of(signalFile);
        final Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, Long.toString(frames), StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The streams of one replay of {@code dir} still to be read past D, starting from the journal's
     * list; with {@code lastFrames}, each stream's last frame found in a first pass.
     */
    Tracker tracker(final Path dir, final boolean lastFrames) throws JournalFormatException {
        final Tracker t = new Tracker(JournalReader.readMetadata(dir));
        if (lastFrames) {
            try (JournalReader reader = JournalReader.open(dir)) {
                final long[] index = {0};
                final FrameDecoder decoder = new FrameDecoder();
                final FrameValidator validator = FrameValidator.withDefaultLimits();
                while (reader.poll(
                                (buffer, offset, length, arrivalNs) -> {
                                    if (validator.validate(buffer, offset, length) == null) {
                                        decoder.wrap(buffer, offset);
                                        t.last.put(decoder.streamId(), index[0]);
                                    }
                                    index[0]++;
                                },
                                4096)
                        > 0) {
                    // on to the end
                }
            } catch (final JournalFormatException e) {
                // a truncated journal: the replay meets the same fault at the same frame
            }
        }
        return t;
    }

    /** Follows the frames a cursor hands out and says when every stream is past D. */
    final class Tracker {
        private final FrameValidator validator = FrameValidator.withDefaultLimits();
        private final FrameDecoder decoder = new FrameDecoder();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        private final Set<String> behind = new HashSet<>();
        private final Set<String> past = new HashSet<>();
        private final Map<String, Long> last = new HashMap<>();
        private long index;
        private boolean any;

        private Tracker(final SessionMetadata metadata) {
            for (final SessionMetadata.Stream s : metadata.streams) {
                behind.add(s.streamId);
            }
        }

        /** Notes a frame handed out (frames the job will refuse count for no stream). */
        void handedOut(final byte[] frame) {
            buffer.wrap(frame);
            handedOut(buffer, 0, frame.length);
        }

        /** Notes a frame handed out before a restore, or now. */
        void handedOut(final DirectBuffer frame, final int offset, final int length) {
            any = true;
            final long at = index++;
            if (validator.validate(frame, offset, length) != null) {
                return;
            }
            decoder.wrap(frame, offset);
            final String id = decoder.streamId();
            if (past.contains(id)) {
                return;
            }
            if (EndOfStream.isMarked(decoder)
                    || decoder.deviceTimeNs() >= deviceTimeNs
                    || last.getOrDefault(id, -1L) == at) {
                behind.remove(id);
                past.add(id);
            } else {
                behind.add(id);
            }
        }

        /** Whether every stream seen or listed has been read past D. */
        boolean reached() {
            return any && behind.isEmpty();
        }
    }
}

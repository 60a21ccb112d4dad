package org.neurostream.ingest.bridge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.neurostream.core.frame.Modality;

/**
 * One recording file as one stream of frames, opened by {@link FileStreams#open}: its identity and
 * metadata, and {@link #frames} to stream it, cut and paced as the bridges cut and pace live input,
 * into any {@link FrameSink} (Kafka, a journal, or both). The demo, {@code record} and the tests
 * stream files through it; a new file format is a new kind in {@link FileStreams}.
 */
public abstract class FileStream implements Closeable {
    private final Path file;
    private final String session;
    private final String source;
    private final Modality modality;
    private final String streamName;
    private final String subject;
    private final String recording;
    private volatile LongSupplier sent = () -> 0;

    FileStream(
            final Path file,
            final String session,
            final String source,
            final Modality modality,
            final String name,
            final String subject,
            final String recording) {
        this.file = file;
        this.session = session;
        this.source = source;
        this.modality = modality;
        this.streamName = name;
        this.subject = subject;
        this.recording = recording;
    }

    /** The file, to read; stream metadata names it by {@link #source()}. */
    public final Path file() {
        return file;
    }

    /**
     * The session the stream belongs to: the file's name without its extension, the parts the user
     * marked as identifying replaced by their pseudonyms.
     */
    public final String session() {
        return session;
    }

    /** The file's path as metadata and journals name it: marked parts replaced. */
    public final String source() {
        return source;
    }

    /**
     * Who was recorded, as the file identifies them (EDF/BDF's patient field), a pseudonym unless
     * identifiers are kept; null when the file says nothing.
     */
    public final String subject() {
        return subject;
    }

    /**
     * The file's recording identification (EDF/BDF's recording field), a pseudonym unless
     * identifiers are kept; null when the file says nothing.
     */
    public final String recording() {
        return recording;
    }

    /** {@code <session>/<stream>}, the frames' stream id and Kafka key. */
    public final String streamId() {
        return org.neurostream.core.stream.StreamId.of(session, streamName);
    }

    /** The stream within its session: {@code eeg}, {@code dvs}, {@code calcium}. */
    public final String streamName() {
        return streamName;
    }

    /** The frames' modality; {@link Modality#rawTopic()} is where they go on Kafka. */
    public final Modality modality() {
        return modality;
    }

    /** Samples per second per channel (imaging frames for calcium); 0 for event streams. */
    public abstract double sampleRate();

    /** Channel labels (ROI names for calcium); empty for event streams. */
    public abstract List<String> labels();

    /** Physical unit of the samples, empty when unknown or for events. */
    public String unit() {
        return "";
    }

    /**
     * Streams the whole file into {@code sink} at {@code pacing}, or until the thread is
     * interrupted. Once per stream.
     *
     * @return the frames sent
     * @throws IOException when the file fails (after the frames before the fault went out) or the
     *     sink refused a frame
     */
    public abstract long frames(FrameSink sink, Pacing pacing) throws IOException;

    /** Frames sent so far (readable from other threads, for progress). */
    public final long framesSent() {
        return sent.getAsLong();
    }

    /** Where {@link #framesSent} reads from once {@link #frames} has started. */
    final void counting(final LongSupplier frames) {
        sent = frames;
    }

    /** What the frames hold, for a summary line: "of 64 channels at 160 Hz". */
    public abstract String describe();

    /**
     * Why the file was only partly readable (one line naming the file, the offset and what was
     * read), or null when it was whole.
     */
    public String truncation() {
        return null;
    }

    @Override
    public void close() throws IOException {}
}

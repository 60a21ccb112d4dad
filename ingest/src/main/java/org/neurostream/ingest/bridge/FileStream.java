package org.neurostream.ingest.bridge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.neurostream.core.frame.Modality;

/**
 * One stream of a recording file, opened by {@link FileStreams#open} or {@link
 * FileStreams#openAll}: its identity and metadata, and {@link #stream} to send it, cut and paced as
 * the bridges cut and pace live input, into any {@link FrameSink} (Kafka, a journal, or both). A
 * file holds one stream (EDF, event cameras, calcium traces) or several (an NWB file's series, its
 * units, and its interval tables and annotations as marker streams, {@link #isMarkerStream()},
 * whose markers go to a {@link MarkerSink}). The demo, {@code record} and the tests stream files
 * through it; a new file format is a new kind in {@link FileStreams}.
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

    /** A stream of a file without EDF-style identification fields (an NWB file's). */
    FileStream(
            final Path file,
            final String session,
            final String source,
            final Modality modality,
            final String name) {
        this(file, session, source, modality, name, null, null);
    }

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

    /**
     * The frames' modality; {@link Modality#rawTopic()} is where they go on Kafka. Null for a
     * marker stream.
     */
    public final Modality modality() {
        return modality;
    }

    /** Whether this stream sends markers (trials, stimuli, annotations) rather than frames. */
    public final boolean isMarkerStream() {
        return modality == null;
    }

    /**
     * For a marker stream: the stream on whose device clock its markers' times count (the journal's
     * {@code time_base}); null otherwise.
     */
    public String timeBase() {
        return null;
    }

    /**
     * For a calcium stream whose ROIs have names in the recording (neurons): one per channel, which
     * the job puts into its calcium events; null otherwise.
     */
    public List<String> roiLabels() {
        return null;
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

    /**
     * Streams the whole file as {@link #frames} does, the markers of a marker stream into {@code
     * markers}. Once per stream.
     *
     * @return the frames (or markers) sent
     * @throws IOException when the file fails or a sink refused a frame or marker
     */
    public long stream(final FrameSink sink, final MarkerSink markers, final Pacing pacing)
            throws IOException {
        return frames(sink, pacing);
    }

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
     * The summary line of a command that streamed this file under {@code command}: {@code COMMAND:
     * STREAM: N frames of 64 channels at 160 Hz from FILE}.
     */
    public String summaryLine(final String command) {
        return String.format(
                Locale.ROOT,
                "%s: %s: %d frames %s from %s",
                command,
                streamId(),
                framesSent(),
                describe(),
                file());
    }

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

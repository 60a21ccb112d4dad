package org.neurostream.ingest.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.Pacing;

/**
 * Records file streams into a new journal: the session's metadata (streams, modalities, sample
 * rates, channel labels, files, start time, marker streams) first, then every frame and marker with
 * its arrival time, all streams at once, each on its own thread, cut exactly as the bridges cut
 * them for Kafka. {@link #close()} ends the journal (end marker, final metadata) so that it reads
 * as a whole session.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.create(dir, "S001", streams)) {
 *     recorder.run(new Pacing(1));
 * }
 * }</pre>
 */
public final class Recorder implements Closeable {
    private final JournalWriter writer;
    private final List<FileStream> streams;
    private final long createdNanos = System.nanoTime();

    private Recorder(final JournalWriter writer, final List<FileStream> streams) {
        this.writer = writer;
        this.streams = List.copyOf(streams);
    }

    /**
     * A new journal in {@code dir} for {@code streams}, which the recorder does not close.
     *
     * @throws IOException when the journal cannot be made (a folder that holds one already)
     */
    public static Recorder create(
            final Path dir, final String sessionId, final List<FileStream> streams)
            throws IOException {
        final SessionMetadata metadata = new SessionMetadata();
        metadata.sessionId = sessionId;
        for (final FileStream s : streams) {
            if (!metadata.sourceFiles.contains(s.source())) {
                metadata.sourceFiles.add(s.source());
            }
            if (s.isMarkerStream()) {
                metadata.markerStreams.add(
                        new SessionMetadata.MarkerStream(s.streamId(), s.timeBase(), s.source()));
                continue;
            }
            final SessionMetadata.Stream stream =
                    new SessionMetadata.Stream(
                            s.streamId(),
                            s.modality().name(),
                            s.sampleRate(),
                            s.labels(),
                            s.unit(),
                            s.source());
            stream.subject = s.subject();
            stream.recording = s.recording();
            stream.roiLabels = s.roiLabels();
            metadata.streams.add(stream);
        }
        return new Recorder(JournalWriter.create(dir, metadata), streams);
    }

    /**
     * Streams every file into the journal at {@code pacing}, each on its own thread, and returns
     * when all are done.
     *
     * @throws IOException naming the first stream that failed and why ("recording stopped: ...");
     *     the frames before the fault are in the journal
     * @throws InterruptedException when this thread is interrupted while waiting
     */
    public void run(final Pacing pacing) throws IOException, InterruptedException {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (final FileStream s : streams) {
            final JournalFrameSink sink = new JournalFrameSink(writer);
            final JournalMarkerSink markers = new JournalMarkerSink(writer);
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    s.stream(sink, markers, new Pacing(pacing.speed()));
                                } catch (final IOException | RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "record-" + s.streamId());
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IOException("recording stopped: " + failure.get().getMessage());
        }
    }

    /** What {@link #record} did: the lines to print, and why files ended early (partial input). */
    public record Report(List<String> lines, List<String> truncations) {}

    /**
     * What {@code neurostream record --input} does: {@link #run} at {@code pacing}, with a shutdown
     * hook (Ctrl-C) that closes the journal, so that what was recorded so far reads as a whole,
     * shorter session, and tells {@code onShutdown}; then {@link #close}; returns each stream's
     * summary line, the journal's line ("record: journal DIR: N frames in S s", timed from {@link
     * #create}) and the reasons of the streams that were cut short.
     *
     * @throws IOException as {@link #run} or {@link #close} throws it
     */
    public Report record(final Pacing pacing, final Consumer<String> onShutdown)
            throws IOException, InterruptedException {
        try (this) {
            final Thread hook = addShutdownHook(onShutdown);
            try {
                run(pacing);
            } finally {
                removeShutdownHook(hook);
            }
        }
        final List<String> lines = new ArrayList<>();
        final List<String> truncations = new ArrayList<>();
        for (final FileStream f : streams) {
            lines.add(f.summaryLine("record"));
            if (f.truncation() != null) {
                truncations.add(f.truncation());
            }
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "record: journal %s: %d frames in %.2f s",
                        writer.dir(),
                        writer.frames(),
                        (System.nanoTime() - createdNanos) / 1e9));
        return new Report(lines, truncations);
    }

    private Thread addShutdownHook(final Consumer<String> report) {
        final Thread hook =
                new Thread(
                        () -> {
                            try {
                                writer.close();
                                report.accept(
                                        "stopped; journal "
                                                + writer.dir()
                                                + " closed after "
                                                + writer.frames()
                                                + " frames");
                            } catch (final IOException e) {
                                report.accept("closing the journal: " + e.getMessage());
                            }
                        },
                        "record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeShutdownHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            // already shutting down: the hook closes the journal
        }
    }

    /** Frames journaled so far. */
    public long frames() {
        return writer.frames();
    }

    /** The journal's folder. */
    public Path dir() {
        return writer.dir();
    }

    /** Ends the journal; the streams stay open. */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}

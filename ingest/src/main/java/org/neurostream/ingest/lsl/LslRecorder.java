package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalMarkerSink;
import org.neurostream.ingest.journal.JournalWriter;

/**
 * What {@code neurostream lsl record} does, like LabRecorder but into our journal: an {@link
 * LslSession} whose frames and markers all go into one new journal, whose {@code journal.json}
 * keeps each stream's LSL origin (the LSL time of its device time 0).
 */
public final class LslRecorder {
    /** What to record. */
    public record Options(
            List<StreamQuery> streams,
            List<StreamQuery> markers,
            Path journal,
            String sessionId,
            long durationNs,
            long discoveryTimeoutNs,
            int samplesPerFrame,
            double bufferSeconds) {}

    private LslRecorder() {}

    /**
     * Records until the duration has passed (0: until {@code keepGoing} says stop).
     *
     * @throws LslException when a predicate matches no stream (nothing is recorded then)
     * @throws IOException when the journal cannot be created or written
     */
    public static LslSession.Summary record(
            final LslConfig config,
            final Options options,
            final Consumer<String> problems,
            final BooleanSupplier keepGoing)
            throws IOException, InterruptedException {
        try (LslSession session =
                LslSession.resolve(
                        config,
                        new LslSession.Options(
                                options.streams(),
                                options.markers(),
                                options.sessionId(),
                                options.discoveryTimeoutNs(),
                                options.samplesPerFrame(),
                                options.bufferSeconds(),
                                false),
                        problems)) {
            final JournalWriter writer;
            try {
                writer = JournalWriter.create(options.journal(), session.metadata());
            } catch (final IOException e) {
                throw new LslException(e.getMessage(), e);
            }
            try (writer) {
                final long end =
                        options.durationNs() > 0
                                ? System.nanoTime() + options.durationNs()
                                : Long.MAX_VALUE;
                final JournalFrameSink frames = new JournalFrameSink(writer);
                session.start(
                        (streamId, modality) -> frames,
                        new JournalMarkerSink(writer),
                        () -> updateMetadata(writer, options.journal(), problems),
                        () ->
                                keepGoing.getAsBoolean()
                                        && (end == Long.MAX_VALUE || System.nanoTime() - end < 0));
                session.await();
                synchronized (session.metadata()) {
                    writer.updateMetadata();
                }
            }
            return session.summary();
        }
    }

    private static void updateMetadata(
            final JournalWriter writer, final Path journal, final Consumer<String> problems) {
        try {
            writer.updateMetadata();
        } catch (final IOException e) {
            problems.accept(journal + ": cannot update the metadata: " + e.getMessage());
        }
    }
}

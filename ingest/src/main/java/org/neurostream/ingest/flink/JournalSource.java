package org.neurostream.ingest.flink;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FLIP-27 source over one journal: the frames in the order they were recorded, as the
 * raw records the job reads from Kafka, in one split (one reader subtask reads it all, so the
 * per-stream order is the recorded one whatever the parallelism). Replays at the recorded arrival
 * pace times {@code speed}, or as fast as it can with {@link Double#POSITIVE_INFINITY}; a
 * checkpoint keeps the number of frames emitted.
 */
public final class JournalSource
        implements Source<RawRecord, JournalSplit, Collection<JournalSplit>> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final double speed;

    /** @param speed 1 for the recorded pace, N for N times faster, infinity for no pacing */
    public JournalSource(final java.nio.file.Path dir, final double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, not " + speed);
        }
        this.dir = dir.toAbsolutePath().toString();
        this.speed = speed;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, JournalSplit> createReader(final SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<JournalSplit, Collection<JournalSplit>> createEnumerator(
            final SplitEnumeratorContext<JournalSplit> context) {
        return new IteratorSourceEnumerator<>(context, List.of(new JournalSplit(dir, 0, speed)));
    }

    @Override
    public SplitEnumerator<JournalSplit, Collection<JournalSplit>> restoreEnumerator(
            final SplitEnumeratorContext<JournalSplit> context, final Collection<JournalSplit> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<JournalSplit> getSplitSerializer() {
        return new JournalSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<JournalSplit>> getEnumeratorCheckpointSerializer() {
        return new JournalSplit.CheckpointSerializer();
    }
}

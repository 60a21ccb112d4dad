package org.neurostream.ingest.flink;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source over one journal: the frames in the order they were recorded, as the raw records
 * the job reads from Kafka, in one split (one reader subtask reads it all, so the per-stream order
 * is the recorded one whatever the parallelism). Replays at the recorded arrival pace times {@code
 * speed}, or as fast as it can with {@link Double#POSITIVE_INFINITY}; a checkpoint keeps the number
 * of frames emitted. Bounded: it ends at the last frame there is; following: it tails a journal
 * being recorded and ends at the recorder's end marker. The reader never blocks its task thread
 * while it waits for a frame to be due or to be recorded (see {@link JournalSourceReader}).
 */
public final class JournalSource
        implements Source<RawRecord, JournalSplit, Collection<JournalSplit>> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final double speed;
    private final boolean follow;

    /** A bounded replay; see {@link #JournalSource(java.nio.file.Path, double, boolean)}. */
    public JournalSource(final java.nio.file.Path dir, final double speed) {
        this(dir, speed, false);
    }

    /**
     * @param speed 1 for the recorded pace, N for N times faster, infinity for no pacing
     * @param follow tail a journal still being recorded, until its recorder closes it
     */
    public JournalSource(final java.nio.file.Path dir, final double speed, final boolean follow) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, not " + speed);
        }
        this.dir = dir.toAbsolutePath().toString();
        this.speed = speed;
        this.follow = follow;
    }

    @Override
    public Boundedness getBoundedness() {
        return follow ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, JournalSplit> createReader(final SourceReaderContext context) {
        return new JournalSourceReader(context);
    }

    @Override
    public SplitEnumerator<JournalSplit, Collection<JournalSplit>> createEnumerator(
            final SplitEnumeratorContext<JournalSplit> context) {
        return new JournalSplitEnumerator(
                context, List.of(new JournalSplit(dir, 0, speed, follow)));
    }

    @Override
    public SplitEnumerator<JournalSplit, Collection<JournalSplit>> restoreEnumerator(
            final SplitEnumeratorContext<JournalSplit> context,
            final Collection<JournalSplit> checkpoint) {
        return new JournalSplitEnumerator(context, checkpoint);
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

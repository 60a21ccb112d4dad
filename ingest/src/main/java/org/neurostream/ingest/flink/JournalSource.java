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
 *
 * <p>A restored split keeps only its position: the journal folder, speed and following come from
 * this source, so a replay resumed from a savepoint may run at another speed, or on the journal
 * moved elsewhere. {@link #stoppingAt} makes a source that stops for a savepoint.
 */
public final class JournalSource
        implements Source<RawRecord, JournalSplit, Collection<JournalSplit>> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final double speed;
    private final boolean follow;
    private final StopAfter stop;

    /** A bounded replay; see {@link #JournalSource(java.nio.file.Path, double, boolean)}. */
    public JournalSource(final java.nio.file.Path dir, final double speed) {
        this(dir, speed, false);
    }

    /**
     * @param speed 1 for the recorded pace, N for N times faster, infinity for no pacing
     * @param follow tail a journal still being recorded, until its recorder closes it
     */
    public JournalSource(final java.nio.file.Path dir, final double speed, final boolean follow) {
        this(dir.toAbsolutePath().toString(), speed, follow, null);
    }

    private JournalSource(
            final String dir, final double speed, final boolean follow, final StopAfter stop) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, not " + speed);
        }
        this.dir = dir;
        this.speed = speed;
        this.follow = follow;
        this.stop = stop;
    }

    /**
     * The same source, stopping where {@code stop} says: its reader hands out nothing more from
     * there and signals it, for a savepoint to be taken and the job stopped (a bounded source that
     * reached the point does not end by itself).
     */
    public JournalSource stoppingAt(final StopAfter stop) {
        return new JournalSource(dir, speed, follow, stop);
    }

    @Override
    public Boundedness getBoundedness() {
        return follow ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, JournalSplit> createReader(final SourceReaderContext context) {
        return new JournalSourceReader(context, dir, speed, follow, stop);
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

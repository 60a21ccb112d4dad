package org.neurostream.ingest.flink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the journal splits out one at a time to the reader that asks, and tells a reader there are
 * no more once they are gone; a reader's splits come back when it fails before a checkpoint.
 */
final class JournalSplitEnumerator
        implements SplitEnumerator<JournalSplit, Collection<JournalSplit>> {
    private final SplitEnumeratorContext<JournalSplit> context;
    private final ArrayDeque<JournalSplit> remaining;

    JournalSplitEnumerator(
            final SplitEnumeratorContext<JournalSplit> context,
            final Collection<JournalSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(final int subtask, final String hostname) {
        final JournalSplit next = remaining.poll();
        if (next != null) {
            context.assignSplit(next, subtask);
        } else {
            context.signalNoMoreSplits(subtask);
        }
    }

    @Override
    public void addSplitsBack(final List<JournalSplit> splits, final int subtask) {
        remaining.addAll(splits);
    }

    @Override
    public void addReader(final int subtask) {}

    @Override
    public Collection<JournalSplit> snapshotState(final long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}

package org.neurostream.ingest.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.neurostream.ingest.journal.JournalFormatException;

/**
 * Reads journal splits through a {@link JournalCursor} without blocking the task thread: when the
 * next frame is not due yet (pacing) or not recorded yet (following a live journal), {@link
 * #pollNext} says so and {@link #isAvailable()} completes when it is worth asking again, so
 * checkpoints and cancellation go through meanwhile. A reader that reached its {@link StopAfter}
 * point signals it once and then waits, handing out nothing, until the job is stopped.
 */
final class JournalSourceReader implements SourceReader<RawRecord, JournalSplit> {
    private final SourceReaderContext context;
    private final String dir;
    private final double speed;
    private final boolean follow;
    private final StopAfter stop;
    private final ArrayDeque<JournalSplit> splits = new ArrayDeque<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        final Thread t = new Thread(r, "journal-source-timer");
                        t.setDaemon(true);
                        return t;
                    });
    private JournalSplit split;
    private JournalCursor cursor;
    private boolean noMoreSplits;
    private boolean signalled;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    JournalSourceReader(
            final SourceReaderContext context,
            final String dir,
            final double speed,
            final boolean follow,
            final StopAfter stop) {
        this.context = context;
        this.dir = dir;
        this.speed = speed;
        this.follow = follow;
        this.stop = stop;
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(final ReaderOutput<RawRecord> output) {
        if (cursor == null) {
            split = splits.poll();
            if (split == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : waitForSplits();
            }
            cursor =
                    new JournalCursor(
                            dir, split.framesDone(), split.markersDone(), speed, follow, stop);
        }
        final RawRecord record;
        try {
            record = cursor.poll();
        } catch (final JournalFormatException e) {
            throw new UncheckedIOException(e);
        }
        if (record != null) {
            output.collect(record);
            return InputStatus.MORE_AVAILABLE;
        }
        if (cursor.stopped()) {
            if (!signalled) {
                signalled = true;
                try {
                    stop.signal(cursor.framesDone());
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            // nothing more until the job is stopped with its savepoint
            available = new CompletableFuture<>();
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (cursor.ended()) {
            cursor = null;
            split = null;
            context.sendSplitRequest();
            return splits.isEmpty() && noMoreSplits
                    ? InputStatus.END_OF_INPUT
                    : InputStatus.MORE_AVAILABLE;
        }
        available = new CompletableFuture<>();
        final CompletableFuture<Void> due = available;
        timer.schedule(() -> due.complete(null), cursor.retryInNanos(), TimeUnit.NANOSECONDS);
        return InputStatus.NOTHING_AVAILABLE;
    }

    private InputStatus waitForSplits() {
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<JournalSplit> snapshotState(final long checkpointId) {
        final List<JournalSplit> state = new java.util.ArrayList<>(splits);
        if (cursor != null) {
            state.add(0, split.at(cursor));
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(final List<JournalSplit> added) {
        splits.addAll(added);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (cursor != null) {
            cursor.close();
        }
    }
}

package org.neurostream.sinks.flink;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.sinks.ipc.IpcDescriptor;
import org.neurostream.sinks.ipc.IpcPredictionReader;
import org.neurostream.sinks.ipc.IpcPredictionWriter;

/**
 * A Flink sink that writes predictions into a NeuroStream IPC file for a closed-loop reader (a
 * stimulator) polling it with {@link IpcPredictionReader}.
 *
 * <p><b>Placement.</b> The file is shared memory: the sink must run on the reader's host, and with
 * parallelism 1 ({@code stream.sinkTo(sink).setParallelism(1)}), because the ring has exactly one
 * writer and one reader and one file holds every stream's predictions in order. A writer created in
 * a subtask of a parallel sink fails at start with a message that says so, rather than have two
 * writers corrupt one ring. On a cluster, pin the sink's slot to the stimulator's host (for example
 * a slot sharing group on a TaskManager there).
 *
 * <p><b>Backpressure.</b> None, by design: when the ring is full the prediction is dropped and
 * counted (metric {@code ipcDropped}, the file header's dropped count, and a gap in the record
 * sequence that the reader sees). The job never waits for a slow or absent reader.
 *
 * <p>No checkpointed state: after a restart the writer continues the same file, and predictions
 * replayed from the last checkpoint are written again (at-least-once); a reader that cares can skip
 * records whose interval it has already seen.
 */
public final class IpcPredictionSink implements Sink<PredictionRecord> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int capacity;

    /** Writes to {@code file} with a ring of {@link IpcDescriptor#DEFAULT_CAPACITY} bytes. */
    public IpcPredictionSink(final String file) {
        this(file, IpcDescriptor.DEFAULT_CAPACITY);
    }

    /** Writes to {@code file} with a ring of {@code capacity} bytes (a power of two, >= 1024). */
    public IpcPredictionSink(final String file, final int capacity) {
        IpcDescriptor.checkCapacity(capacity);
        this.file = file;
        this.capacity = capacity;
    }

    @Override
    public SinkWriter<PredictionRecord> createWriter(final WriterInitContext context)
            throws IOException {
        final int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "IPC prediction sink to "
                            + file
                            + " runs with"
                            + " parallelism "
                            + parallelism
                            + "; it needs parallelism 1 (one writer per"
                            + " ring, on the reader's host)");
        }
        final IpcPredictionWriter writer = IpcPredictionWriter.open(Path.of(file), capacity);
        context.metricGroup().gauge("ipcDropped", writer::dropped);
        context.metricGroup().gauge("ipcWritten", writer::written);
        context.metricGroup().gauge("ipcBacklogBytes", writer::backlogBytes);
        return new Writer(writer, context.metricGroup().getNumRecordsSendCounter());
    }

    private static final class Writer implements SinkWriter<PredictionRecord> {
        private final IpcPredictionWriter writer;
        private final Counter sent;

        Writer(final IpcPredictionWriter writer, final Counter sent) {
            this.writer = writer;
            this.sent = sent;
        }

        @Override
        public void write(final PredictionRecord p, final Context context) {
            if (writer.offer(p)) {
                sent.inc();
            }
        }

        /** Nothing to flush: a committed record is already visible to the reader. */
        @Override
        public void flush(final boolean endOfInput) {}

        @Override
        public void close() {
            writer.close();
        }
    }
}

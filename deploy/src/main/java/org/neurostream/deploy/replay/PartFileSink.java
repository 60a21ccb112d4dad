package org.neurostream.deploy.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes each record as one text line into {@code <dir>/<kind>-<subtask>.part}, one file per sink
 * subtask; {@link ReplayOutputs#merge} turns the parts into the final CSV files once the job has
 * ended. For bounded jobs on one machine (the replay), not for a cluster.
 */
final class PartFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String kind;
    private final SerializableFunction<T, String> line;

    PartFileSink(final Path dir, final String kind, final SerializableFunction<T, String> line) {
        this.dir = dir.toAbsolutePath().toString();
        this.kind = kind;
        this.line = line;
    }

    @Override
    public SinkWriter<T> createWriter(final WriterInitContext context) throws IOException {
        final Path file =
                Path.of(dir, kind + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".part");
        final BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new SinkWriter<>() {
            @Override
            public void write(final T element, final Context c) throws IOException {
                final String text = line.apply(element);
                if (text == null) {
                    return; // not a row of this file
                }
                out.write(text);
                out.write('\n');
            }

            @Override
            public void flush(final boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}

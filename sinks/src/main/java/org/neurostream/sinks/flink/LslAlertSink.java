package org.neurostream.sinks.flink;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.sinks.lsl.AlertOutlet;
import org.neurostream.sinks.lsl.SessionTimeBase;

/**
 * A Flink sink that serves alerts as the LSL marker outlet {@link AlertOutlet#NAME}; parallelism 1
 * (one outlet per source id), placed and configured as {@link LslPredictionSink}.
 */
public final class LslAlertSink implements Sink<AlertRecord> {
    private static final long serialVersionUID = 1L;

    private final String sessionFile;

    /**
     * @param sessionFile the session metadata file with the LSL origin of every stream
     */
    public LslAlertSink(final String sessionFile) {
        this.sessionFile = sessionFile;
    }

    @Override
    public SinkWriter<AlertRecord> createWriter(final WriterInitContext context)
            throws IOException {
        final AlertOutlet outlet =
                new AlertOutlet(
                        LslConfig.load(),
                        new SessionTimeBase(Path.of(sessionFile)),
                        LslSinks.problems(LslAlertSink.class));
        return new SinkWriter<>() {
            @Override
            public void write(final AlertRecord a, final Context c) throws IOException {
                outlet.push(a);
            }

            @Override
            public void flush(final boolean endOfInput) {}

            @Override
            public void close() {
                outlet.close();
            }
        };
    }
}

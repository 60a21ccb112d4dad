package org.neurostream.sinks.flink;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.sinks.lsl.PredictionOutlets;
import org.neurostream.sinks.lsl.PushLatencies;
import org.neurostream.sinks.lsl.SessionTimeBase;

/**
 * A Flink sink that serves predictions as LSL outlets ({@link PredictionOutlets}: one per input
 * stream, stamped in LSL time through the session metadata file of the streams read from LSL).
 *
 * <p><b>Placement.</b> Outlets are served from the host the sink runs on, where LSL consumers find
 * them by discovery; it runs with parallelism 1 ({@code stream.sinkTo(sink).setParallelism(1)}),
 * since one process should serve one outlet per source id. The LSL configuration is that of the
 * TaskManager's process ({@link LslConfig#load()}: {@code LSLAPICFG}).
 *
 * <p>No state and no backpressure: an LSL outlet hands each sample to its connected inlets (a slow
 * inlet loses samples, counted by the outlet) and never waits. After a restart, predictions
 * replayed from the last checkpoint are pushed again.
 */
public final class LslPredictionSink implements Sink<PredictionRecord> {
    private static final long serialVersionUID = 1L;

    private final String sessionFile;
    private final String latencies;

    /**
     * @param sessionFile the session metadata file ({@code SessionMetadata}) that holds the LSL
     *     origin of every stream
     * @param latencies the name to record push latencies under ({@link PushLatencies#named}), read
     *     by a process in the same JVM; null: not measured
     */
    public LslPredictionSink(final String sessionFile, final String latencies) {
        this.sessionFile = sessionFile;
        this.latencies = latencies;
    }

    @Override
    public SinkWriter<PredictionRecord> createWriter(final WriterInitContext context)
            throws IOException {
        final PredictionOutlets outlets =
                new PredictionOutlets(
                        LslConfig.load(),
                        new SessionTimeBase(Path.of(sessionFile)),
                        latencies == null ? null : PushLatencies.named(latencies),
                        LslSinks.problems(LslPredictionSink.class));
        context.metricGroup().gauge("lslPushed", outlets::pushed);
        context.metricGroup().gauge("lslUnstamped", outlets::unstamped);
        return new SinkWriter<>() {
            @Override
            public void write(final PredictionRecord p, final Context c) throws IOException {
                outlets.push(p);
            }

            @Override
            public void flush(final boolean endOfInput) {}

            @Override
            public void close() {
                outlets.close();
            }
        };
    }
}

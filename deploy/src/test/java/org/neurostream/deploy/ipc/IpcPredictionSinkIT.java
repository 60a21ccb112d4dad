package org.neurostream.deploy.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.sinks.flink.IpcPredictionSink;
import org.neurostream.sinks.ipc.IpcPredictionDecoder;
import org.neurostream.sinks.ipc.IpcPredictionReader;

/** The Flink sink in a local job: what the job emits is what the reader gets. */
class IpcPredictionSinkIT {
    @TempDir Path dir;

    private static List<PredictionRecord> predictions(final int n) {
        final List<PredictionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final PredictionRecord p = new PredictionRecord();
            p.streamId = "s01/eeg";
            p.startNs = i * 250_000_000L;
            p.endNs = p.startNs + 2_000_000_000L;
            p.ingestNs = 1L + i;
            p.model = "motor";
            p.label = i % 2 == 0 ? "rest" : "imagery";
            p.probability = i / 100.0;
            out.add(p);
        }
        return out;
    }

    @Test
    void shouldDeliverEveryPredictionOfAJobToTheReaderInOrder() throws Exception {
        final Path file = dir.resolve("job.ipc");
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(predictions(100))
                .sinkTo(new IpcPredictionSink(file.toString()))
                .setParallelism(1);
        env.execute("ipc sink test");
        final List<String> got = new ArrayList<>();
        final IpcPredictionDecoder d = new IpcPredictionDecoder();
        try (IpcPredictionReader r = IpcPredictionReader.open(file)) {
            do {
                r.poll(
                        (b, o, l) -> {
                            d.wrap(b, o, l);
                            got.add(
                                    d.sequence()
                                            + " "
                                            + d.startNs()
                                            + " "
                                            + d.label()
                                            + " "
                                            + d.probability());
                        });
            } while (r.backlogBytes() > 0);
            assertEquals(100, r.written());
            assertEquals(0, r.dropped());
        }
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(
                    i
                            + " "
                            + i * 250_000_000L
                            + " "
                            + (i % 2 == 0 ? "rest" : "imagery")
                            + " "
                            + i / 100.0,
                    got.get(i));
        }
    }

    @Test
    void shouldRefuseToRunWithParallelismAboveOne() {
        final Path file = dir.resolve("parallel.ipc");
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromData(predictions(4))
                .rebalance()
                .sinkTo(new IpcPredictionSink(file.toString()))
                .setParallelism(2);
        final Exception e = assertThrows(Exception.class, () -> env.execute("ipc sink parallel"));
        assertTrue(
                ExceptionUtils.findThrowableWithMessage(e, "it needs parallelism 1").isPresent(),
                ExceptionUtils.stringifyException(e));
        assertTrue(!Files.exists(file), "no writer may have created the file");
    }
}

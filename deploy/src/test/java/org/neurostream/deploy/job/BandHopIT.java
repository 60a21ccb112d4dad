package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.deploy.bench.ReplayBenchmark;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.compute.BackendKind;

/**
 * The band-power window options reach the operator: the whole job on a local environment, from a
 * journal of one 8 s stream at 256 Hz, configured by key with {@code neurostream.band-hop=500ms}
 * and {@code neurostream.band-window=1s}, emits its first record once 1 s is in and then one every
 * 0.5 s (128 samples), each spanning 1 s.
 */
class BandHopIT {
    private static final int CHANNELS = 4;
    private static final int FS = 256;
    private static final int SECONDS = 8;

    @TempDir Path tmp;

    @Test
    void shouldEmitBandPowerEveryHopTheOptionsGive() throws Exception {
        final Path journal = tmp.resolve("journal");
        final SessionMetadata session = new SessionMetadata();
        session.sessionId = "hop";
        try (JournalWriter w = JournalWriter.create(journal, session)) {
            final JournalFrameSink sink = new JournalFrameSink(w);
            final SampleFramer framer =
                    new SampleFramer(
                            new ReplayBenchmark.Noise(CHANNELS, FS, SECONDS, 7),
                            Modality.EEG,
                            "hop",
                            "eeg",
                            32);
            final byte[] id = framer.streamId().getBytes(StandardCharsets.UTF_8);
            long ingest = 1;
            byte[] frame;
            while ((frame = framer.next()) != null) {
                sink.accept(id, frame, ingest++);
            }
            final EncodableFrame end = framer.endOfStream(ingest);
            final byte[] last = new byte[end.length()];
            end.encodeTo(new UnsafeBuffer(last), 0);
            sink.accept(id, last, ingest);
        }
        final JobConfig options =
                JobConfig.builder()
                        .computeBackend(BackendKind.CPU)
                        .configure(
                                Map.of(),
                                Map.of(
                                        "neurostream.band-hop", "500ms",
                                        "neurostream.band-window", "1s"))
                        .build();
        final String name = "band-hop-it-" + System.nanoTime();
        final NeuroStreamJob job =
                new NeuroStreamJob(
                        new JournalSource(journal, Double.POSITIVE_INFINITY),
                        JobSinks.builder()
                                .bandPower(new CollectingSink<BandPowerRecord>(name))
                                .build(),
                        options);
        final Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config);
        job.build(env);
        env.execute(name);

        final List<BandPowerRecord> got =
                CollectingSink.<BandPowerRecord>got(name).stream()
                        .sorted(Comparator.comparingLong(r -> r.startNs))
                        .toList();
        assertEquals((SECONDS - 1) * 2 + 1, got.size(), "records");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(500_000_000L * i, got.get(i).startNs - got.get(0).startNs, "start " + i);
            assertEquals(1_000_000_000L, got.get(i).endNs - got.get(i).startNs, "span " + i);
        }
    }
}

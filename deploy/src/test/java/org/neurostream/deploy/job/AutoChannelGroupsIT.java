package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.bench.ReplayBenchmark;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.compute.BackendKind;

/**
 * {@code --channel-group auto} in the whole job on a Flink local environment, from a journal: one
 * wide stream (160 channels, above the automatic threshold of 128) at parallelism 2 gives
 * band-power work to both subtasks of band power (each subtask's numRecordsIn is every frame of the
 * stream: one group of each), and the merged records equal the whole stream's at parallelism 1,
 * field for field (the rule of the other channel-group tests: byte-identical outputs).
 */
class AutoChannelGroupsIT {
    private static final int CHANNELS = 160;
    private static final int FS = 256;
    private static final int SECONDS = 8;
    private static final int SAMPLES_PER_FRAME = 25;
    private static final String ID = "wide/probe";

    @TempDir Path tmp;

    @Test
    void shouldSpreadOneWideStreamOverBothSubtasksAndGiveTheWholeStreamsRecords() throws Exception {
        final List<byte[]> frames = frames();
        final Path journal = tmp.resolve("journal");
        final SessionMetadata session = new SessionMetadata();
        session.sessionId = "wide";
        try (JournalWriter w = JournalWriter.create(journal, session)) {
            final JournalFrameSink sink = new JournalFrameSink(w);
            for (int i = 0; i < frames.size(); i++) {
                sink.accept(ID.getBytes(StandardCharsets.UTF_8), frames.get(i), i + 1);
            }
        }

        final String whole = "auto-groups-it-whole-" + System.nanoTime();
        run(
                journal,
                JobConfig.builder().computeBackend(BackendKind.CPU).parallelism(1).build(),
                whole,
                null);
        final String grouped = "auto-groups-it-grouped-" + System.nanoTime();
        final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        final JobExecutionResult result =
                run(
                        journal,
                        JobConfig.builder()
                                .computeBackend(BackendKind.CPU)
                                .parallelism(2)
                                .channelGroupSize(JobConfig.AUTO_CHANNEL_GROUPS)
                                .build(),
                        grouped,
                        reporter);

        final TreeMap<Integer, Long> framesPerSubtask = new TreeMap<>();
        for (final OperatorMetricGroup g :
                reporter.findOperatorMetricGroups(result.getJobID(), "band power")) {
            framesPerSubtask.merge(
                    Integer.parseInt(g.getAllVariables().get("<subtask_index>")),
                    g.getIOMetricGroup().getNumRecordsInCounter().getCount(),
                    Long::sum);
        }
        assertEquals(
                new TreeMap<>(java.util.Map.of(0, (long) frames.size(), 1, (long) frames.size())),
                framesPerSubtask,
                "frames into band power per subtask");

        final List<BandPowerRecord> expected = CollectingSink.got(whole);
        final List<BandPowerRecord> got = CollectingSink.got(grouped);
        // 8 s: the first record once 2 s are in, then one every 0.25 s (64 samples)
        assertEquals((SECONDS * FS - 2 * FS) / 64 + 1, expected.size());
        final List<String> want = json(expected);
        final List<String> have = json(got);
        assertEquals(want.size(), have.size(), "records");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(
                    want.get(i),
                    have.get(i),
                    "record " + i + ": " + diff(want.get(i), have.get(i)));
        }
        assertTrue(got.stream().allMatch(r -> r.channels == CHANNELS && r.streamId.equals(ID)));
    }

    private static JobExecutionResult run(
            final Path journal,
            final JobConfig options,
            final String sink,
            final InMemoryReporter reporter)
            throws Exception {
        final NeuroStreamJob job =
                new NeuroStreamJob(
                        new JournalSource(journal, Double.POSITIVE_INFINITY),
                        JobSinks.builder()
                                .bandPower(new CollectingSink<BandPowerRecord>(sink))
                                .deadLetters(new CollectingSink<>(sink + "/dead"))
                                .build(),
                        options);
        final Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
        if (reporter != null) {
            reporter.addToConfiguration(config);
        }
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config);
        job.build(env);
        final JobExecutionResult result = env.execute(sink);
        assertEquals(List.of(), CollectingSink.got(sink + "/dead"), "dead letters");
        return result;
    }

    /** Where two records first differ, briefly. */
    private static String diff(final String want, final String have) {
        int at = 0;
        while (at < Math.min(want.length(), have.length()) && want.charAt(at) == have.charAt(at)) {
            at++;
        }
        final int from = Math.max(0, at - 60);
        return "at "
                + at
                + ": expected ..."
                + want.substring(from, Math.min(want.length(), at + 60))
                + "... got ..."
                + have.substring(from, Math.min(have.length(), at + 60));
    }

    /** The records as JSON lines, in interval order. */
    private static List<String> json(final List<BandPowerRecord> records) throws Exception {
        final ObjectMapper mapper = RecordJson.newMapper();
        final List<String> lines = new ArrayList<>();
        for (final BandPowerRecord r :
                records.stream()
                        .sorted(java.util.Comparator.comparingLong(r -> r.startNs))
                        .toList()) {
            lines.add(mapper.writeValueAsString(r));
        }
        return lines;
    }

    /** Seeded noise as the bridge frames it, then its end-of-stream frame. */
    private static List<byte[]> frames() throws Exception {
        final SampleFramer framer =
                new SampleFramer(
                        new ReplayBenchmark.Noise(CHANNELS, FS, SECONDS, 20),
                        Modality.EEG,
                        "wide",
                        "probe",
                        SAMPLES_PER_FRAME);
        final List<byte[]> out = new ArrayList<>();
        byte[] bytes;
        while ((bytes = framer.next()) != null) {
            out.add(bytes);
        }
        final EncodableFrame end = framer.endOfStream(0);
        final byte[] last = new byte[end.length()];
        end.encodeTo(new UnsafeBuffer(last), 0);
        out.add(last);
        assertEquals(ID, framer.streamId());
        return out;
    }
}

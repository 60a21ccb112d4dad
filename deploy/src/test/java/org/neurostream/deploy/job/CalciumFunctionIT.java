package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheStream;
import org.neurostream.operators.calcium.CalciumKernel;
import org.neurostream.operators.calcium.CalciumOptions;
import org.neurostream.operators.flink.CalciumFunction;

/**
 * {@link CalciumFunction} in a Flink MiniCluster on the shipped demo session, framed as the bridge
 * frames it: its events are the offline kernel's and the {@code calcium} command's with the same
 * options, its avalanches are those of {@link AvalancheStream#forEvents} fed the same events, and
 * the events find the session's true spikes.
 */
class CalciumFunctionIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path SESSION = HOME.resolve("replay-data/calcium/synthetic-gcamp.npy");
    private static final Path TRUTH =
            HOME.resolve("replay-data/calcium/synthetic-gcamp-spikes.csv");
    private static final long PERIOD_NS = 33_333_333L;
    private static final long INGEST_BASE = 1_000_000L;

    @TempDir Path work;

    @Test
    void shouldGiveTheOfflineEventsAndTheirAvalanchesPerStream() throws Exception {
        assumeTrue(Files.exists(SESSION), "no demo session at " + SESSION);
        final CalciumTraces traces = CalciumTraceReader.read(SESSION, TraceFileOptions.DEFAULTS);
        final int frames = traces.frameCount();
        final CalciumOptions options = CalciumFunction.jobOptions(30.0);
        final int lag = options.lag();

        // the bridge's frames: one imaging frame per record, and seven (the last one shorter)
        final List<FrameRecord> input = new ArrayList<>();
        frame(traces, "demo", 1, input);
        frame(traces, "chunked", 7, input);
        // the same samples as another modality: not calcium, ignored
        for (final FrameRecord r : new ArrayList<>(input.subList(0, 100))) {
            final byte[] copy = r.bytes.clone();
            copy[FrameDescriptor.MODALITY_OFFSET] = Modality.EEG.code();
            input.add(new FrameRecord(r.streamId.replace("demo", "eeg"), r.deviceTimeNs, copy));
        }
        final List<CalciumEventRecord> gotEvents = new ArrayList<>();
        final List<AvalancheRecord> gotAvalanches = new ArrayList<>();
        // the embedded runtime's MiniCluster outlives the job, so the collect sink's last
        // results are fetched before anything shuts down
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1)) {
            run(runtime.environment(), input, gotEvents, gotAvalanches);
        }
        // offline: the same kernel and avalanche stream, frame by frame, no finish (a stream
        // has no end)
        final List<long[]> expected = new ArrayList<>();
        final List<Double> expectedAmplitude = new ArrayList<>();
        final List<double[]> expectedAvalanches = new ArrayList<>();
        final AvalancheStream stream =
                AvalancheStream.forEvents(
                        AvalancheOptions.builder().binWidth(1).build(),
                        (start, duration, n, amplitude, first, second) ->
                                expectedAvalanches.add(
                                        new double[] {start, duration, n, amplitude}));
        final CalciumKernel kernel = new CalciumKernel(options, traces.roiCount());
        final float[] values = new float[traces.roiCount()];
        for (int t = 0; t < frames; t++) {
            traces.copyFrame(t, values);
            final int now = t;
            kernel.process(
                    values,
                    null,
                    null,
                    (roi, frame, tUs, amplitude) -> {
                        expected.add(new long[] {roi, frame, tUs, now});
                        expectedAmplitude.add(amplitude);
                        stream.onEvent(frame, amplitude);
                    });
            stream.advanceTo(kernel.frames() - lag);
        }
        assertTrue(expected.size() > 600, "offline events " + expected.size());
        assertTrue(
                expectedAvalanches.size() > 20, "offline avalanches " + expectedAvalanches.size());

        for (final String id : new String[] {"demo/calcium", "chunked/calcium"}) {
            final List<CalciumEventRecord> mine =
                    gotEvents.stream().filter(r -> r.streamId.equals(id)).toList();
            assertEquals(expected.size(), mine.size(), id);
            for (int i = 0; i < mine.size(); i++) {
                final CalciumEventRecord r = mine.get(i);
                final long[] x = expected.get(i);
                assertEquals("calcium_event", r.kind);
                assertEquals(x[0], r.address, id + " event " + i);
                assertEquals(x[2], r.tUs, id + " event " + i);
                assertEquals(x[1] * PERIOD_NS, r.timeNs, id + " event " + i);
                assertEquals(expectedAmplitude.get(i), r.amplitude, 0.0, id + " event " + i);
                if (id.startsWith("demo")) {
                    // one imaging frame per record: final at the frame lag frames later, stamped so
                    assertEquals(INGEST_BASE + x[3], r.ingestNs, id + " event " + i);
                    assertEquals(x[1] + lag, x[3]);
                }
            }
            final List<AvalancheRecord> av =
                    gotAvalanches.stream().filter(r -> r.streamId.equals(id)).toList();
            assertEquals(expectedAvalanches.size(), av.size(), id);
            for (int i = 0; i < av.size(); i++) {
                final AvalancheRecord r = av.get(i);
                final double[] x = expectedAvalanches.get(i);
                assertEquals("avalanche", r.kind);
                assertEquals(PERIOD_NS, r.binNs);
                assertEquals((long) x[0] * PERIOD_NS, r.startNs, id + " avalanche " + i);
                assertEquals(
                        ((long) x[0] + (long) x[1]) * PERIOD_NS, r.endNs, id + " avalanche " + i);
                assertEquals((int) x[1], r.durationBins, id + " avalanche " + i);
                assertEquals((long) x[2], r.size, id + " avalanche " + i);
                assertEquals(x[3], r.amplitude, 0.0, id + " avalanche " + i);
            }
        }

        assertEquals(expected.size() * 2L, gotEvents.size(), "events of the EEG frames");
        assertEquals(expectedAvalanches.size() * 2L, gotAvalanches.size());
        final List<CalciumEventRecord> demo =
                gotEvents.stream().filter(r -> r.streamId.equals("demo/calcium")).toList();
        assertEquals(offlineCommandEvents(frames - lag), asLines(demo));
        final double[] pr = precisionRecall(demo, frames - lag);
        assertTrue(pr[0] > 0.9 && pr[1] > 0.9, "precision " + pr[0] + ", recall " + pr[1]);
    }

    /** The function keyed by stream over the frames; both outputs through one collect sink. */
    private static void run(
            final StreamExecutionEnvironment env,
            final List<FrameRecord> input,
            final List<CalciumEventRecord> gotEvents,
            final List<AvalancheRecord> gotAvalanches)
            throws Exception {
        env.setParallelism(1);
        final SingleOutputStreamOperator<CalciumEventRecord> events =
                env.fromData(input)
                        .keyBy(r -> r.streamId)
                        .process(CalciumFunction.withJobDefaults());
        try (CloseableIterator<Out> it =
                events.map(Out::event)
                        .returns(Out.class)
                        .union(
                                events.getSideOutput(CalciumFunction.AVALANCHES)
                                        .map(Out::avalanche)
                                        .returns(Out.class))
                        .collectAsync()) {
            final JobClient job = env.executeAsync("calcium-function-it");
            it.forEachRemaining(
                    o -> {
                        if (o.event != null) {
                            gotEvents.add(o.event);
                        } else {
                            gotAvalanches.add(o.avalanche);
                        }
                    });
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        }
    }

    /** The bridge's frames of the traces as one stream, stamped with their sequence as ingest. */
    private static void frame(
            final CalciumTraces traces,
            final String session,
            final int samplesPerFrame,
            final List<FrameRecord> out)
            throws IOException {
        final SampleFramer framer =
                new SampleFramer(
                        traces.asSource(30.0),
                        Modality.CALCIUM,
                        session,
                        "calcium",
                        samplesPerFrame);
        assertEquals(PERIOD_NS, framer.periodNs());
        long deviceNs = framer.endTimeNs();
        byte[] bytes;
        while ((bytes = framer.next()) != null) {
            final long stamp = INGEST_BASE + framer.frames() - 1;
            FrameEncoder.stampIngestTime(new UnsafeBuffer(bytes), 0, stamp);
            out.add(new FrameRecord(framer.streamId(), deviceNs, bytes));
            deviceNs = framer.endTimeNs();
        }
    }

    /** events.csv of calcium with the job's options, the rows before the frame {@code end}. */
    private Set<String> offlineCommandEvents(final int end) throws IOException {
        return new HashSet<>(OfflineCalcium.events(SESSION, work.resolve("offline"), end));
    }

    private static Set<String> asLines(final List<CalciumEventRecord> events) {
        final Set<String> rows = new HashSet<>();
        for (final CalciumEventRecord r : events) {
            rows.add(r.tUs + "," + r.address + "," + (float) r.amplitude);
        }
        assertEquals(events.size(), rows.size());
        return rows;
    }

    /** Precision and recall against the true spikes before frame {@code end}, within one frame. */
    private static double[] precisionRecall(final List<CalciumEventRecord> events, final int end)
            throws IOException {
        final Set<Long> truth = new HashSet<>();
        final List<String> lines = Files.readAllLines(TRUTH);
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            final long frame = Math.round(Long.parseLong(f[0]) * 30 / 1e6);
            if (frame < end) {
                truth.add(key(Integer.parseInt(f[1]), frame));
            }
        }
        final Set<Long> found = new HashSet<>();
        for (final CalciumEventRecord r : events) {
            found.add(key(r.address, r.timeNs / PERIOD_NS));
        }
        return new double[] {
            matched(found, truth) / (double) found.size(),
            matched(truth, found) / (double) truth.size()
        };
    }

    private static int matched(final Set<Long> a, final Set<Long> b) {
        int n = 0;
        for (final long k : a) {
            n += b.contains(k - 1) || b.contains(k) || b.contains(k + 1) ? 1 : 0;
        }
        return n;
    }

    private static long key(final int roi, final long frame) {
        return roi * 1_000_000L + frame;
    }

    /** Either output of the function, so that one collect sink takes both. */
    public static final class Out {
        public CalciumEventRecord event;
        public AvalancheRecord avalanche;

        public Out() {}

        static Out event(final CalciumEventRecord e) {
            final Out o = new Out();
            o.event = e;
            return o;
        }

        static Out avalanche(final AvalancheRecord a) {
            final Out o = new Out();
            o.avalanche = a;
            return o;
        }
    }
}

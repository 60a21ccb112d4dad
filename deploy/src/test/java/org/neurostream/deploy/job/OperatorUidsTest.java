package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.junit.jupiter.api.Test;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.BandPowerBatchOperator;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.flink.KeyedBatchOperator;
import org.neurostream.operators.flink.MotifBatchOperator;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.sinks.flink.IpcPredictionSink;

/**
 * The job's operator uids, which savepoints are matched by: a refactoring of the job's wiring must
 * keep every one of them, or a job restored from an older savepoint loses that operator's state.
 *
 * <p>One uid was retired on purpose: {@code decoder}, the band-power logistic decoder, gave way to
 * {@code pipeline-decoder} (the pipelines on the EEG frames, with {@code model-source}, the
 * published models). A savepoint of a job from before restores with Flink's {@code
 * --allowNonRestoredState}: the old decoder's state (each stream's next prediction number) is
 * dropped, and each stream's predictions are numbered from 0 again by the new decoder, whose
 * filters start at the stream's next frame.
 */
class OperatorUidsTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @Test
    void shouldKeepTheOperatorUidsOfTheWholeJob() {
        assertEquals(
                List.of(
                        "Sink Committer: alert-sink",
                        "Sink Committer: avalanche-sink",
                        "Sink Committer: calcium-event-sink",
                        "Sink Committer: dead-letter-sink",
                        "Sink Committer: descriptor-sink",
                        "Sink Committer: feature-sink",
                        "Sink Committer: firing-rate-sink",
                        "Sink Committer: gap-sink",
                        "Sink Committer: labelled-window-sink",
                        "Sink Committer: motif-sink",
                        "Sink Committer: prediction-sink",
                        "alert-observe-dead-letters",
                        "alert-observe-features",
                        "alert-observe-latency",
                        "alert-observe-statistics",
                        "alert-sink",
                        "alerts",
                        "avalanche-sink",
                        "avalanches",
                        "band-power",
                        "behavior-frames",
                        "calcium",
                        "calcium-event-sink",
                        "calcium-frames",
                        "calcium-motifs",
                        "calcium-resample",
                        "closed-loop-sink",
                        "dead-letter-sink",
                        "descriptor-sink",
                        "descriptors",
                        "eeg-frames",
                        "event-frames",
                        "event-time",
                        "feature-sink",
                        "firing-rate-sink",
                        "gap-sink",
                        "label-join",
                        "label-join-behavior",
                        "label-join-features",
                        "label-join-markers",
                        "label-join-rates",
                        "labelled-window-sink",
                        "lsl-alert-sink",
                        "lsl-prediction-sink",
                        "markers",
                        "model-source",
                        "motif-sink",
                        "motifs",
                        "pipeline-decoder",
                        "prediction-sink",
                        "raw-source",
                        "sequence-check",
                        "spike-frames",
                        "spikes",
                        "validate"),
                uids(0));
    }

    @Test
    void shouldKeepTheOperatorUidsOfChannelGroups() {
        final List<String> uids = uids(24);
        assertEquals(
                List.of("band-power", "channel-group-merge", "channel-groups"),
                uids.stream()
                        .filter(u -> u.contains("band-power") || u.contains("channel"))
                        .toList());
    }

    @Test
    void shouldGiveAutomaticChannelGroupsTheUidsOfFixedOnesAndNoneAtParallelismOne() {
        assertEquals(
                uids(24),
                uids(config(JobConfig.AUTO_CHANNEL_GROUPS).parallelism(2).build()),
                "auto at parallelism 2");
        assertEquals(
                uids(0),
                uids(config(JobConfig.AUTO_CHANNEL_GROUPS).build()),
                "auto at parallelism 1");
    }

    @Test
    void shouldKeepTheUidOfTheAlertObservationsOfDescriptors() {
        final JobConfig config =
                JobConfig.builder()
                        .alertRules(
                                AlertRules.parse(
                                        "rules:\n  - {name: flat, kind: feature, severity: info,"
                                                + " field: aperiodic_exponent, op: below,"
                                                + " threshold: 1}\n",
                                        "descriptors.yaml"))
                        .build();
        final StreamGraph graph = graph(config);
        final List<String> edges = new ArrayList<>();
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final StreamEdge e : node.getOutEdges()) {
                final String edge =
                        name(graph, e.getSourceId()) + " -> " + name(graph, e.getTargetId());
                if (edge.contains("descriptor")) {
                    edges.add(edge + " " + e.getPartitioner());
                }
            }
        }
        java.util.Collections.sort(edges);
        assertEquals(
                List.of(
                        "alert-observe-descriptors -> alerts HASH",
                        "descriptor-sink -> Sink Committer: descriptor-sink FORWARD",
                        "descriptors -> alert-observe-descriptors FORWARD",
                        "descriptors -> descriptor-sink FORWARD",
                        "eeg-frames -> descriptors FORWARD"),
                edges);
    }

    @Test
    void shouldKeepTheEdgesBetweenTheOperators() {
        final List<String> edges = new ArrayList<>();
        final StreamGraph graph = graph(0);
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final StreamEdge e : node.getOutEdges()) {
                edges.add(
                        name(graph, e.getSourceId())
                                + " -> "
                                + name(graph, e.getTargetId())
                                + " "
                                + e.getPartitioner());
            }
        }
        java.util.Collections.sort(edges);
        assertEquals(EDGES, edges);
    }

    @Test
    void shouldKeepTheUidsOfTheMarkerSinkOfAReplay() {
        final NeuroStreamJob job =
                NeuroStreamJob.onKafka("127.0.0.1:9", JobConfig.builder().build());
        final StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        job.withSinks(
                        JobSinks.builder()
                                .markers(
                                        new org.apache.flink.streaming.api.functions.sink.v2
                                                .DiscardingSink<>())
                                .build())
                .build(env);
        assertEquals(
                List.of("markers -> marker-sink FORWARD", "validate -> markers FORWARD"),
                edges(env.getStreamGraph()).stream().filter(e -> e.contains("marker")).toList());
    }

    @Test
    void shouldKeepTheUidsAndEdgesWhenBandPowerIsBatchedOnOpenCl() {
        for (final int channelGroup : new int[] {0, 24}) {
            final StreamGraph cpu = graph(config(channelGroup).computeBackend(BackendKind.CPU));
            final StreamGraph openCl =
                    graph(config(channelGroup).computeBackend(BackendKind.OPENCL));

            assertEquals(onOpenCl(edges(cpu)), edges(openCl), "channel group " + channelGroup);
            assertEquals(BandPowerFunction.class.getSimpleName(), bandPowerOperator(cpu), "cpu");
            assertEquals(
                    BandPowerBatchOperator.class.getSimpleName(),
                    bandPowerOperator(openCl),
                    "opencl");
        }
    }

    @Test
    void shouldKeepTheUidsAndEdgesWhenMotifsAreBatchedOnOpenCl() throws Exception {
        // the shipped models, both with suppression (on the host with the device's cells)
        final JobConfig.Builder cpu =
                config(0)
                        .motifModelFile(HOME.resolve("replay-data/models/moving-bars.json"))
                        .computeBackend(BackendKind.CPU);
        final StreamGraph onCpu = graph(cpu);
        final StreamGraph onOpenCl = graph(cpu.computeBackend(BackendKind.OPENCL));

        assertEquals(onOpenCl(edges(onCpu)), edges(onOpenCl));
        assertEquals(MotifFunction.class.getSimpleName(), operator(onCpu, "motifs"));
        assertEquals(MotifBatchOperator.class.getSimpleName(), operator(onOpenCl, "motifs"));
        assertEquals(MotifFunction.class.getSimpleName(), operator(onCpu, "calcium-motifs"));
        assertEquals(
                MotifBatchOperator.class.getSimpleName(), operator(onOpenCl, "calcium-motifs"));
    }

    @Test
    void shouldFeedTheDecoderFromBandPowerOnlyWhereItScoresThoseBandPowers() throws Exception {
        assertEquals(
                List.of("band-power -> pipeline-decoder FORWARD"),
                decoderInputs(graph(0)),
                "bandpower-lr with the job's band power");
        assertEquals(
                List.of("eeg-frames -> pipeline-decoder FORWARD"),
                decoderInputs(
                        graph(
                                config(0)
                                        .modelFile(
                                                HOME.resolve(
                                                        "replay-data/models/left-right.json")))),
                "mdm: its predictions never wait for band power");
        assertEquals(
                List.of("eeg-frames -> pipeline-decoder FORWARD"),
                decoderInputs(graph(24)),
                "band power per channel group");
    }

    /** The edges into the decoder, but for the published models. */
    private static List<String> decoderInputs(final StreamGraph graph) {
        return edges(graph).stream()
                .filter(e -> e.contains("-> pipeline-decoder") && !e.startsWith("model-source"))
                .toList();
    }

    /**
     * The edges of the CPU job's graph as OpenCL gives them: batched band power hands no frames to
     * the decoder, which takes them from the sequence check.
     */
    private static List<String> onOpenCl(final List<String> cpuEdges) {
        final List<String> edges = new ArrayList<>();
        for (final String e : cpuEdges) {
            edges.add(
                    e.equals("band-power -> pipeline-decoder FORWARD")
                            ? "eeg-frames -> pipeline-decoder FORWARD"
                            : e);
        }
        java.util.Collections.sort(edges);
        return edges;
    }

    /** The class of the band-power operator, or of its function under a process operator. */
    private static String bandPowerOperator(final StreamGraph graph) {
        return operator(graph, "band-power");
    }

    /** The class of the operator of {@code uid}, or of its function under a process operator. */
    private static String operator(final StreamGraph graph, final String uid) {
        for (final StreamNode node : graph.getStreamNodes()) {
            if (uid.equals(node.getTransformationUID())) {
                final Object operator =
                        ((SimpleOperatorFactory<?>) node.getOperatorFactory()).getOperator();
                return operator instanceof KeyedProcessOperator<?, ?, ?> p
                                && !(operator instanceof KeyedBatchOperator<?, ?>)
                        ? p.getUserFunction().getClass().getSimpleName()
                        : operator.getClass().getSimpleName();
            }
        }
        throw new AssertionError("no operator " + uid);
    }

    private static List<String> edges(final StreamGraph graph) {
        final List<String> edges = new ArrayList<>();
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final StreamEdge e : node.getOutEdges()) {
                edges.add(
                        name(graph, e.getSourceId())
                                + " -> "
                                + name(graph, e.getTargetId())
                                + " "
                                + e.getPartitioner());
            }
        }
        java.util.Collections.sort(edges);
        return edges;
    }

    /** Every edge, source -> target and its partitioner, sorted. */
    private static final List<String> EDGES =
            List.of(
                    "alert-observe-dead-letters -> alerts HASH",
                    "alert-observe-features -> alerts HASH",
                    "alert-observe-latency -> alerts HASH",
                    "alert-observe-statistics -> alerts HASH",
                    "alert-sink -> Sink Committer: alert-sink FORWARD",
                    "alerts -> alert-sink FORWARD",
                    "alerts -> lsl-alert-sink FORWARD",
                    "avalanche-sink -> Sink Committer: avalanche-sink FORWARD",
                    "avalanches -> alert-observe-statistics FORWARD",
                    "avalanches -> alert-observe-statistics FORWARD",
                    "avalanches -> avalanche-sink FORWARD",
                    "avalanches -> avalanche-sink FORWARD",
                    "band-power -> alert-observe-features FORWARD",
                    "band-power -> feature-sink FORWARD",
                    "band-power -> label-join-features FORWARD",
                    "band-power -> pipeline-decoder FORWARD",
                    "behavior-frames -> label-join-behavior FORWARD",
                    "calcium -> alert-observe-statistics FORWARD",
                    "calcium -> avalanche-sink FORWARD",
                    "calcium -> calcium-event-sink FORWARD",
                    "calcium -> calcium-motifs HASH",
                    "calcium-event-sink -> Sink Committer: calcium-event-sink FORWARD",
                    "calcium-frames -> calcium-resample FORWARD",
                    "calcium-motifs -> motif-sink FORWARD",
                    "calcium-resample -> calcium FORWARD",
                    "dead-letter-sink -> Sink Committer: dead-letter-sink FORWARD",
                    "descriptor-sink -> Sink Committer: descriptor-sink FORWARD",
                    "descriptors -> descriptor-sink FORWARD",
                    "eeg-frames -> avalanches FORWARD",
                    "eeg-frames -> band-power FORWARD",
                    "eeg-frames -> descriptors FORWARD",
                    "event-frames -> motifs FORWARD",
                    "event-time -> sequence-check HASH",
                    "feature-sink -> Sink Committer: feature-sink FORWARD",
                    "firing-rate-sink -> Sink Committer: firing-rate-sink FORWARD",
                    "gap-sink -> Sink Committer: gap-sink FORWARD",
                    "label-join -> labelled-window-sink FORWARD",
                    "label-join-behavior -> label-join HASH",
                    "label-join-features -> label-join HASH",
                    "label-join-markers -> label-join HASH",
                    "label-join-rates -> label-join HASH",
                    "labelled-window-sink -> Sink Committer: labelled-window-sink FORWARD",
                    "markers -> label-join-markers FORWARD",
                    "model-source -> pipeline-decoder BROADCAST",
                    "motif-sink -> Sink Committer: motif-sink FORWARD",
                    "motifs -> motif-sink FORWARD",
                    "pipeline-decoder -> alert-observe-dead-letters FORWARD",
                    "pipeline-decoder -> alert-observe-latency FORWARD",
                    "pipeline-decoder -> closed-loop-sink FORWARD",
                    "pipeline-decoder -> dead-letter-sink FORWARD",
                    "pipeline-decoder -> lsl-prediction-sink FORWARD",
                    "pipeline-decoder -> prediction-sink FORWARD",
                    "prediction-sink -> Sink Committer: prediction-sink FORWARD",
                    "raw-source -> validate FORWARD",
                    "sequence-check -> behavior-frames FORWARD",
                    "sequence-check -> calcium-frames FORWARD",
                    "sequence-check -> eeg-frames FORWARD",
                    "sequence-check -> event-frames FORWARD",
                    "sequence-check -> gap-sink FORWARD",
                    "sequence-check -> spike-frames FORWARD",
                    "spike-frames -> spikes FORWARD",
                    "spikes -> alert-observe-statistics FORWARD",
                    "spikes -> avalanche-sink FORWARD",
                    "spikes -> firing-rate-sink FORWARD",
                    "spikes -> label-join-rates FORWARD",
                    "validate -> alert-observe-dead-letters FORWARD",
                    "validate -> dead-letter-sink FORWARD",
                    "validate -> event-time FORWARD",
                    "validate -> markers FORWARD");

    private static String name(final StreamGraph graph, final int id) {
        final StreamNode n = graph.getStreamNode(id);
        return n.getTransformationUID() != null ? n.getTransformationUID() : n.getOperatorName();
    }

    /** The uids of the job with every output, model, kernel and rule set. */
    private static List<String> uids(final int channelGroup) {
        return uids(config(channelGroup).build());
    }

    private static List<String> uids(final JobConfig config) {
        final TreeSet<String> uids = new TreeSet<>();
        for (final StreamNode node : graph(config).getStreamNodes()) {
            if (node.getTransformationUID() != null) {
                uids.add(node.getTransformationUID());
            }
        }
        return List.copyOf(uids);
    }

    private static StreamGraph graph(final int channelGroup) {
        return graph(config(channelGroup));
    }

    private static StreamGraph graph(final JobConfig.Builder config) {
        return graph(config.build());
    }

    /** The job's configuration with every model, kernel and rule set. */
    static JobConfig everything(final int channelGroup) {
        return config(channelGroup).build();
    }

    private static JobConfig.Builder config(final int channelGroup) {
        return JobConfig.builder()
                .modelFile(HOME.resolve("replay-data/models/rest-vs-imagery.json"))
                .motifModelFile(HOME.resolve("replay-data/models/moving-bars.json"))
                .calciumMotifModelFile(HOME.resolve("replay-data/models/calcium-bursts.json"))
                .alertsFile(HOME.resolve("replay-data/alerts/example.yaml"))
                .channelGroupSize(channelGroup)
                .resampleHz(10.0);
    }

    private static StreamGraph graph(final JobConfig config) {
        return graph(config, new StreamExecutionEnvironment());
    }

    /** The job with every output (Kafka, the closed loop, LSL outlets) built on {@code env}. */
    static StreamGraph graph(final JobConfig config, final StreamExecutionEnvironment env) {
        final NeuroStreamJob job = NeuroStreamJob.onKafka("127.0.0.1:9", config);
        job.withSinks(job.sinks().withClosedLoop(new IpcPredictionSink("/tmp/ns-uids.ipc")))
                .withLslOutlets(Path.of("/tmp/ns-uids-session.json"), null)
                .build(env);
        return env.getStreamGraph();
    }
}

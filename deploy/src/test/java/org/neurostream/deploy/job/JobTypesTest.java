package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.operators.flink.ImmutableRecordSerializer;

/**
 * What the job's records cost between operators: no record goes through Kryo (the graph builds with
 * generic types disabled), and frames travel with their own serializer, not Flink's reflective POJO
 * one; records that nobody changes once emitted go on without copies.
 */
class JobTypesTest {

    @Test
    void shouldBuildTheWholeJobWithGenericTypesDisabled() {
        for (final int channelGroup : new int[] {0, 24}) {
            // Flink 2's form of ExecutionConfig.disableGenericTypes()
            final Configuration noKryo = new Configuration();
            noKryo.set(PipelineOptions.GENERIC_TYPES, false);
            final StreamExecutionEnvironment env = new StreamExecutionEnvironment(noKryo);
            final StreamGraph graph =
                    OperatorUidsTest.graph(OperatorUidsTest.everything(channelGroup), env);
            final List<String> kryo = new ArrayList<>();
            for (final StreamNode node : graph.getStreamNodes()) {
                for (final TypeSerializer<?> s : serializers(node)) {
                    if (s instanceof KryoSerializer<?>) {
                        kryo.add(node.getOperatorName());
                    }
                }
            }
            assertEquals(List.of(), kryo);
        }
    }

    @Test
    void shouldCarryFramesWithTheirOwnSerializer() {
        final StreamGraph graph =
                OperatorUidsTest.graph(
                        OperatorUidsTest.everything(24), new StreamExecutionEnvironment());
        int frames = 0;
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final TypeSerializer<?> s : serializers(node)) {
                final Object instance =
                        s instanceof PojoSerializer<?> p ? p.createInstance() : null;
                assertTrue(
                        instance == null || instance.getClass() != FrameRecord.class,
                        node.getOperatorName() + " carries frames as a POJO");
                if (s instanceof org.neurostream.operators.flink.FrameRecordSerializer) {
                    frames++;
                }
            }
        }
        assertTrue(frames > 10, "frames with their own serializer on " + frames + " ends");
    }

    @Test
    void shouldCarryBandPowerRecordsWithTheirOwnSerializer() {
        final StreamGraph graph =
                OperatorUidsTest.graph(
                        OperatorUidsTest.everything(0), new StreamExecutionEnvironment());
        int records = 0;
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final TypeSerializer<?> s : serializers(node)) {
                if (s instanceof org.neurostream.operators.flink.BandPowerRecordSerializer) {
                    records++;
                }
            }
        }
        // band power's output, the feature sink's input and the label join's
        assertTrue(records >= 3, "band-power records with their own serializer on " + records);
    }

    @Test
    void shouldHandOnRecordsThatNobodyChangesWithoutCopies() {
        final Set<Class<?>> immutable =
                Set.of(
                        AvalancheRecord.class,
                        CalciumEventRecord.class,
                        MotifRecord.class,
                        GapRecord.class,
                        FiringRateRecord.class,
                        PredictionRecord.class);
        final StreamGraph graph =
                OperatorUidsTest.graph(
                        OperatorUidsTest.everything(0), new StreamExecutionEnvironment());
        int shared = 0;
        for (final StreamNode node : graph.getStreamNodes()) {
            for (final TypeSerializer<?> s : serializers(node)) {
                final Object instance =
                        s instanceof PojoSerializer<?> p ? p.createInstance() : null;
                assertTrue(
                        instance == null || !immutable.contains(instance.getClass()),
                        node.getOperatorName() + " copies " + instance + " as a POJO");
                if (s instanceof ImmutableRecordSerializer<?>) {
                    shared++;
                }
            }
        }
        // each kind's producer and sink at least, and the alert rules' avalanche input
        assertTrue(shared >= 16, "records handed on without copies on " + shared + " ends");
    }

    /**
     * Channel groups leave the splitter as views of their frame ({@code ChannelGroups.GroupFrame},
     * no bytes of their own) that only the network serializer turns into frames: every edge out of
     * the splitter must be a keyed exchange, never a chained or forward hand-over.
     */
    @Test
    void shouldSendChannelGroupsOnlyThroughAKeyedExchange() {
        final StreamGraph graph =
                OperatorUidsTest.graph(
                        OperatorUidsTest.everything(24), new StreamExecutionEnvironment());
        int edges = 0;
        for (final StreamNode node : graph.getStreamNodes()) {
            if (!"channel groups".equals(node.getOperatorName())) {
                continue;
            }
            for (final StreamEdge e : node.getOutEdges()) {
                assertTrue(
                        e.getPartitioner() instanceof KeyGroupStreamPartitioner<?, ?>,
                        "channel groups go on through " + e.getPartitioner());
                edges++;
            }
        }
        assertTrue(edges > 0, "no edge out of the channel groups");
    }

    private static List<TypeSerializer<?>> serializers(final StreamNode node) {
        final List<TypeSerializer<?>> all = new ArrayList<>();
        for (final TypeSerializer<?> s : node.getTypeSerializersIn()) {
            if (s != null) {
                all.add(s);
            }
        }
        if (node.getTypeSerializerOut() != null) {
            all.add(node.getTypeSerializerOut());
        }
        return all;
    }
}

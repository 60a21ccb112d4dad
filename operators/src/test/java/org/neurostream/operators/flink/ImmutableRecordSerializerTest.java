package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;

class ImmutableRecordSerializerTest {
    private static final ObjectMapper JSON = RecordJson.newMapper();
    private static final Map<Class<?>, ImmutableRecordTypeInfo<?>> TYPES =
            Map.of(
                    AvalancheRecord.class, ImmutableRecordTypeInfo.AVALANCHES,
                    CalciumEventRecord.class, ImmutableRecordTypeInfo.CALCIUM_EVENTS,
                    MotifRecord.class, ImmutableRecordTypeInfo.MOTIFS,
                    GapRecord.class, ImmutableRecordTypeInfo.GAPS,
                    FiringRateRecord.class, ImmutableRecordTypeInfo.FIRING_RATES,
                    PredictionRecord.class, ImmutableRecordTypeInfo.PREDICTIONS);

    @Test
    void shouldWriteTheBytesOfFlinksPojoSerializerAndReadThemBack() throws Exception {
        for (final Object record : records()) {
            final byte[] ours = bytes(serializer(record), record);
            final byte[] pojo = bytes(pojoSerializer(record), record);
            assertArrayEquals(pojo, ours, record.getClass().getSimpleName());

            final Object back = serializer(record).deserialize(new DataInputDeserializer(ours));
            assertNotSame(record, back);
            assertEquals(JSON.writeValueAsString(record), JSON.writeValueAsString(back));
        }
    }

    @Test
    void shouldHandOnTheRecordItselfAsItsCopy() {
        for (final Object record : records()) {
            final TypeSerializer<Object> serializer = serializer(record);
            assertSame(record, serializer.copy(record));
            assertSame(record, serializer.copy(record, serializer.createInstance()));
        }
    }

    @Test
    void shouldReadANewRecordRatherThanFillTheOneToReuse() throws Exception {
        final TypeSerializer<Object> serializer = serializer(avalanche());
        final Object reuse = serializer.createInstance();
        final String untouched = JSON.writeValueAsString(reuse);
        final byte[] bytes = bytes(serializer, avalanche());
        final Object back = serializer.deserialize(reuse, new DataInputDeserializer(bytes));
        assertNotSame(reuse, back);
        assertEquals(JSON.writeValueAsString(avalanche()), JSON.writeValueAsString(back));
        assertEquals(untouched, JSON.writeValueAsString(reuse));
    }

    @Test
    void shouldRestoreAnEqualSerializerFromItsSnapshot() throws Exception {
        final TypeSerializer<MotifRecord> serializer =
                ImmutableRecordTypeInfo.MOTIFS.createSerializer(new SerializerConfigImpl());
        final DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        final TypeSerializerSnapshot<MotifRecord> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertEquals(serializer, read.restoreSerializer());
        assertTrue(
                serializer
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(read)
                        .isCompatibleAsIs());
    }

    @Test
    void shouldBeTheTypeTheRecordsProducersName() {
        assertEquals(
                ImmutableRecordTypeInfo.AVALANCHES, AvalancheFunction.STATISTICS.getTypeInfo());
        assertEquals(ImmutableRecordTypeInfo.AVALANCHES, CalciumFunction.AVALANCHES.getTypeInfo());
        assertEquals(ImmutableRecordTypeInfo.AVALANCHES, SpikeFunction.AVALANCHES.getTypeInfo());
        assertEquals(ImmutableRecordTypeInfo.GAPS, SequenceCheckFunction.GAPS.getTypeInfo());
        assertEquals(
                ImmutableRecordTypeInfo.FIRING_RATES,
                SpikeFunction.withDefaults().getProducedType());
    }

    @Test
    void shouldRejectAClassFlinkCannotTreatAsAPojo() {
        assertThrows(
                IllegalArgumentException.class, () -> ImmutableRecordTypeInfo.pojo(List.class));
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializer(final Object record) {
        final ImmutableRecordTypeInfo<?> info = TYPES.get(record.getClass());
        return (TypeSerializer<Object>) info.createSerializer(new SerializerConfigImpl());
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> pojoSerializer(final Object record) {
        return (TypeSerializer<Object>)
                Types.POJO(record.getClass()).createSerializer(new SerializerConfigImpl());
    }

    private static byte[] bytes(final TypeSerializer<Object> serializer, final Object record)
            throws Exception {
        final DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        return out.getCopyOfBuffer();
    }

    private static List<Object> records() {
        final CalciumEventRecord calcium = new CalciumEventRecord();
        calcium.kind = CalciumEventRecord.KIND;
        calcium.streamId = "mouse1/calcium";
        calcium.address = 417;
        calcium.tUs = 1_234_567;
        calcium.amplitude = 0.731;
        calcium.timeNs = 1_234_567_000L;
        calcium.ingestNs = 99;
        calcium.roiLabel = "roi-417";
        final MotifRecord motif = new MotifRecord();
        motif.kind = MotifRecord.KIND;
        motif.streamId = "cam0/events";
        motif.bin = 12;
        motif.binNs = 1_000_000;
        motif.startNs = 12_000_000;
        motif.endNs = 13_000_000;
        motif.motif = 3;
        motif.potential = 4.5;
        final FiringRateRecord rates = new FiringRateRecord();
        rates.kind = FiringRateRecord.KIND;
        rates.streamId = "probe0/spikes";
        rates.seq = 7;
        rates.units = 3;
        rates.spikes = 6;
        rates.counts = new int[] {1, 0, 5};
        final GapRecord gap = new GapRecord();
        gap.kind = GapRecord.KIND;
        gap.streamId = "sub1/eeg";
        gap.expectedSeq = 10;
        gap.receivedSeq = 14;
        gap.missingFrames = 4;
        final PredictionRecord prediction = new PredictionRecord();
        prediction.streamId = "sub1/eeg";
        prediction.seq = 3;
        prediction.model = "bandpower-lr";
        prediction.label = "left";
        prediction.probability = 0.8;
        prediction.classes = new String[] {"left", "right"};
        prediction.probabilities = new double[] {0.8, 0.2};
        prediction.modelVersion = 2;
        return List.of(
                avalanche(), statistics(), calcium, motif, rates, gap, new GapRecord(), prediction);
    }

    private static AvalancheRecord avalanche() {
        final AvalancheRecord r = new AvalancheRecord();
        r.kind = AvalancheRecord.KIND;
        r.streamId = "sub1/eeg";
        r.startNs = 1_000;
        r.endNs = 5_000;
        r.binNs = 1_000;
        r.durationBins = 4;
        r.size = 17;
        r.amplitude = 2.25;
        return r;
    }

    private static AvalancheRecord statistics() {
        final AvalancheRecord r = avalanche();
        r.kind = AvalancheRecord.STATS_KIND;
        r.avalanches = 120;
        r.alphaSize = 1.5;
        r.branchingRatio = 0.98;
        r.reasons = "alpha_duration: too few avalanches";
        return r;
    }
}

package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.operators.compute.BackendKind;

/**
 * The golden snapshots of the per-stream state in {@code src/test/resources/state}, one per layout
 * version of each serializer (layout 1 of all, layout 2 of the calcium state): for each stateful
 * frame function a whole operator snapshot ({@code <case>-v<layout>.snapshot}, written with {@link
 * OperatorSnapshotUtil}), one stream's state value as its serializer writes it ({@code
 * <case>-v<layout>.state}) and the serializer's snapshot ({@code <case>-v<layout>.serializer}).
 * Later versions must restore them all: the operator goes on and emits, record for record, what an
 * uninterrupted run of the same input emits; an older layout's serializer snapshot is compatible
 * after migration, the current one's as is. Write the files of a new layout version (never over
 * existing files: a case whose current layout has its files is skipped) with {@code mvn -pl
 * operators test -Dtest=GoldenStateSnapshotTest -Dneurostream.golden.write=true}.
 */
class GoldenStateSnapshotTest {
    private static final Path WRITE_TO = Path.of("src/test/resources/state");

    /** The golden cases: the function, its input, where the snapshot was taken. */
    enum Case {
        AVALANCHES(
                "avalanches",
                () -> new AvalancheFunction(3.0, 2.0, 0.025, 2.0),
                AvalancheFunctionHarnessTest.twoStreams(120),
                150,
                "a/eeg",
                AvalancheStateSerializer.INSTANCE,
                AvalancheFunction.STATISTICS),
        CALCIUM(
                "calcium",
                () -> CalciumFunction.withJobDefaults().withEventFrames(true),
                CalciumFunctionHarnessTest.twoSessions(24),
                110,
                "x/calcium",
                CalciumStateSerializer.INSTANCE,
                CalciumFunction.AVALANCHES,
                CalciumFunction.EVENT_FRAMES),
        MOTIFS(
                "motifs",
                () -> MotifFunctionHarnessTest.function(2, BackendKind.CPU),
                MotifFunctionHarnessTest.twoStreams(60),
                77,
                "d/spikes",
                MotifStateSerializer.INSTANCE),
        BAND_POWER(
                "spectral",
                () -> BandPowerFunctionHarnessTest.function(),
                BandPowerFunctionHarnessTest.twoStreams(40),
                47,
                "s/eeg",
                SpectralStateSerializer.INSTANCE),
        SPIKES(
                "spikes",
                SpikeFunctionHarnessTest::function,
                SpikeFunctionHarnessTest.twoStreams(120),
                150,
                "a/units",
                SpikeStateSerializer.INSTANCE,
                SpikeFunction.AVALANCHES),
        CALCIUM_RESAMPLE(
                "calcium-resample",
                () -> new CalciumResampleFunction(12.5),
                CalciumResampleFunctionHarnessTest.twoStreams(200),
                250,
                "a/calcium",
                ResampleStateSerializer.INSTANCE);

        final String state;
        final Supplier<KeyedProcessFunction<String, FrameRecord, ?>> factory;
        final List<Harnesses.Timed<FrameRecord>> input;
        final int cut;
        final String key;
        final KernelStateSerializer<?> serializer;
        final OutputTag<?>[] tags;

        Case(
                final String state,
                final Supplier<KeyedProcessFunction<String, FrameRecord, ?>> factory,
                final List<Harnesses.Timed<FrameRecord>> input,
                final int cut,
                final String key,
                final KernelStateSerializer<?> serializer,
                final OutputTag<?>... tags) {
            this.state = state;
            this.factory = factory;
            this.input = input;
            this.cut = cut;
            this.key = key;
            this.serializer = serializer;
            this.tags = tags;
        }

        /** The file of {@code kind} of the golden snapshot of layout {@code layout}. */
        String file(final String kind, final int layout) {
            return name().toLowerCase().replace('_', '-') + "-v" + layout + "." + kind;
        }

        /** The layout this build writes. */
        int layout() {
            return serializer.version();
        }
    }

    /** Every golden snapshot: per case, each layout from 1 to the one this build writes. */
    static Stream<Arguments> goldens() {
        final List<Arguments> all = new ArrayList<>();
        for (final Case c : Case.values()) {
            for (int layout = 1; layout <= c.layout(); layout++) {
                all.add(Arguments.of(c, layout));
            }
        }
        return all.stream();
    }

    @Test
    @EnabledIfSystemProperty(named = "neurostream.golden.write", matches = "true")
    void writeTheGoldenSnapshot() throws Exception {
        Files.createDirectories(WRITE_TO);
        for (final Case c : Case.values()) {
            if (Files.exists(WRITE_TO.resolve(c.file("snapshot", c.layout())))) {
                continue;
            }
            try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> h = harness(c)) {
                h.open();
                for (int i = 0; i < c.cut; i++) {
                    h.processElement(c.input.get(i).value(), c.input.get(i).timestamp());
                }
                OperatorSnapshotUtil.writeStateHandle(
                        h.snapshot(1, 1),
                        WRITE_TO.resolve(c.file("snapshot", c.layout())).toString());
                Files.write(WRITE_TO.resolve(c.file("state", c.layout())), valueBytes(h, c));
            }
            final DataOutputSerializer out = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(
                    out, c.serializer.snapshotConfiguration());
            Files.write(WRITE_TO.resolve(c.file("serializer", c.layout())), out.getCopyOfBuffer());
        }
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void shouldRestoreTheGoldenSnapshotAndGoOnAsAnUninterruptedRun(final Case c, final int layout)
            throws Exception {
        final List<List<String>> whole;
        final int[] atCut = new int[c.tags.length + 1];
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> h = harness(c)) {
            h.open();
            for (int i = 0; i < c.input.size(); i++) {
                if (i == c.cut) {
                    atCut[0] = Harnesses.output(h).size();
                    for (int t = 0; t < c.tags.length; t++) {
                        atCut[t + 1] = Harnesses.sideOutput(h, c.tags[t]).size();
                    }
                }
                h.processElement(c.input.get(i).value(), c.input.get(i).timestamp());
            }
            whole = outputs(h, c);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> h = harness(c)) {
            h.initializeState(
                    OperatorSnapshotUtil.readStateHandle(
                            Harnesses.resource("state/" + c.file("snapshot", layout))));
            h.open();
            for (int i = c.cut; i < c.input.size(); i++) {
                h.processElement(c.input.get(i).value(), c.input.get(i).timestamp());
            }
            final List<List<String>> resumed = outputs(h, c);
            for (int k = 0; k < resumed.size(); k++) {
                final List<String> all = whole.get(k);
                assertEquals(all.subList(atCut[k], all.size()), resumed.get(k), "output " + k);
            }
            assertTrue(resumed.get(0).size() > 3, "records after the restore");
        }
    }

    /**
     * A golden value of an older layout, read and written again, gives the golden value of the
     * current layout (both were taken at the same point of the same input): the migration loses
     * nothing that the current layout holds.
     */
    @ParameterizedTest
    @MethodSource("goldens")
    void shouldReadTheGoldenStateValueAndWriteItInTheCurrentLayoutByteForByte(
            final Case c, final int layout) throws Exception {
        final byte[] stored =
                Files.readAllBytes(Path.of(Harnesses.resource("state/" + c.file("state", layout))));
        final byte[] golden =
                Files.readAllBytes(
                        Path.of(Harnesses.resource("state/" + c.file("state", c.layout()))));
        final TypeSerializer<Object> serializer = goldenSnapshot(c, layout).restoreSerializer();
        final Object value = serializer.deserialize(new DataInputDeserializer(stored));
        final DataOutputSerializer out = new DataOutputSerializer(golden.length);
        @SuppressWarnings("unchecked")
        final TypeSerializer<Object> current = (TypeSerializer<Object>) c.serializer;
        current.serialize(value, out);
        assertArrayEquals(
                golden,
                out.getCopyOfBuffer(),
                "layout " + layout + " is written as the golden value of layout " + c.layout());
        final DataOutputSerializer copied = new DataOutputSerializer(golden.length);
        current.serialize(current.copy(value), copied);
        assertArrayEquals(golden, copied.getCopyOfBuffer(), "a copy writes the same bytes");
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void shouldFindTheGoldenSerializerSnapshotCompatibleWithTheCurrentSerializer(
            final Case c, final int layout) throws Exception {
        final TypeSerializerSnapshot<Object> old = goldenSnapshot(c, layout);
        @SuppressWarnings("unchecked")
        final TypeSerializerSnapshot<Object> current =
                (TypeSerializerSnapshot<Object>) c.serializer.snapshotConfiguration();
        final TypeSerializerSchemaCompatibility<Object> compatibility =
                current.resolveSchemaCompatibility(old);
        assertTrue(
                layout == c.layout()
                        ? compatibility.isCompatibleAsIs()
                        : compatibility.isCompatibleAfterMigration(),
                c + " layout " + layout + ": " + compatibility);
        assertEquals(layout, ((KernelStateSnapshot<Object>) old).layout());
    }

    @Test
    void shouldRefuseALayoutNewerThanThisBuildNamingTheStateAndTheVersions() throws Exception {
        final byte[] golden =
                Files.readAllBytes(
                        Path.of(Harnesses.resource("state/" + Case.CALCIUM.file("serializer", 1))));
        // the version follows the class name: write 99 in its place
        final DataInputDeserializer in = new DataInputDeserializer(golden);
        final String className = in.readUTF();
        final DataOutputSerializer newer = new DataOutputSerializer(64);
        newer.writeUTF(className);
        newer.writeInt(99);
        final IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                TypeSerializerSnapshot.readVersionedSnapshot(
                                        new DataInputDeserializer(newer.getCopyOfBuffer()),
                                        getClass().getClassLoader()));
        assertTrue(
                e.getMessage()
                        .contains(
                                "the calcium state was written in layout version 99, this build"
                                        + " reads versions 1 to 2"),
                e.getMessage());
    }

    @Test
    void shouldFindAnotherSerializersSnapshotIncompatible() throws Exception {
        final TypeSerializerSnapshot<Object> motif = goldenSnapshot(Case.MOTIFS, 1);
        @SuppressWarnings({"unchecked", "rawtypes"})
        final TypeSerializerSnapshot<Object> avalanche =
                (TypeSerializerSnapshot) AvalancheStateSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(avalanche.resolveSchemaCompatibility(motif).isIncompatible());
    }

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> harness(
            final Case c) throws Exception {
        return Harnesses.keyed(
                (KeyedProcessFunction<String, FrameRecord, Object>) c.factory.get(),
                f -> f.streamId);
    }

    private static List<List<String>> outputs(
            final KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> h, final Case c) {
        final List<List<String>> all = new java.util.ArrayList<>();
        all.add(Harnesses.output(h));
        for (final OutputTag<?> tag : c.tags) {
            all.add(Harnesses.sideOutput(h, tag));
        }
        return all;
    }

    /** The state value of the case's key, as the serializer writes it. */
    @SuppressWarnings("unchecked")
    private static byte[] valueBytes(
            final KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, ?> h, final Case c)
            throws Exception {
        final KeyedStateBackend<String> backend =
                ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(c.key);
        final TypeSerializer<Object> serializer = (TypeSerializer<Object>) c.serializer;
        final ValueState<Object> state =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(c.state, serializer));
        final DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(state.value(), out);
        return out.getCopyOfBuffer();
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializerSnapshot<Object> goldenSnapshot(final Case c, final int layout)
            throws IOException {
        final byte[] bytes =
                Files.readAllBytes(
                        Path.of(Harnesses.resource("state/" + c.file("serializer", layout))));
        return (TypeSerializerSnapshot<Object>)
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(bytes),
                        GoldenStateSnapshotTest.class.getClassLoader());
    }
}

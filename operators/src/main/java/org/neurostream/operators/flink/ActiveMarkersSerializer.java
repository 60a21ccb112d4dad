package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.state.StateIo;

/**
 * Serializer of the label join's markers of one marker stream that may still be active ({@link
 * LabelJoinFunction.Markers}, the values of its marker map state).
 *
 * <p>Layout 1: size (int32), then size onsets and size durations (int64, little-endian, {@link
 * StateIo}), then size labels (each a presence byte and UTF); the spare capacity is not written.
 *
 * <p>Earlier releases kept this state through Flink's POJO serializer; such a checkpoint restores
 * (compatible after migration).
 */
public final class ActiveMarkersSerializer
        extends KernelStateSerializer<LabelJoinFunction.Markers> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final ActiveMarkersSerializer INSTANCE = new ActiveMarkersSerializer(VERSION);

    private static final int MAX_MARKERS = 1 << 24;

    private ActiveMarkersSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final LabelJoinFunction.Markers m, final DataOutputView out)
            throws IOException {
        out.writeInt(m.size);
        StateIo.writeLongs(out, m.onsets, 0, m.size);
        StateIo.writeLongs(out, m.durations, 0, m.size);
        for (int i = 0; i < m.size; i++) {
            StateIo.writeNullableString(out, m.labels[i]);
        }
    }

    @Override
    protected LabelJoinFunction.Markers read(final int layout, final DataInputView in)
            throws IOException {
        final LabelJoinFunction.Markers m = new LabelJoinFunction.Markers();
        m.size = StateIo.readSize(in, MAX_MARKERS, "active markers");
        m.onsets = new long[m.size];
        m.durations = new long[m.size];
        m.labels = new String[m.size];
        StateIo.readLongs(in, m.onsets, 0, m.size);
        StateIo.readLongs(in, m.durations, 0, m.size);
        for (int i = 0; i < m.size; i++) {
            m.labels[i] = StateIo.readNullableString(in);
        }
        return m;
    }

    @Override
    public LabelJoinFunction.Markers copy(final LabelJoinFunction.Markers from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<LabelJoinFunction.Markers> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version; the POJO snapshot of earlier releases migrates. */
    public static final class Snapshot extends KernelStateSnapshot<LabelJoinFunction.Markers> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<LabelJoinFunction.Markers> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new ActiveMarkersSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "label join marker state";
        }

        @Override
        public TypeSerializerSchemaCompatibility<LabelJoinFunction.Markers>
                resolveSchemaCompatibility(
                        final TypeSerializerSnapshot<LabelJoinFunction.Markers> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}

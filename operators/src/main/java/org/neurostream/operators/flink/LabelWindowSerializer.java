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
 * Serializer of the label join's waiting windows ({@link LabelJoinFunction.Input}, the elements of
 * its list state).
 *
 * <p>Layout 1: kind (int32), stream id and text (each a presence byte and UTF), start, end, ingest
 * and period ns (int64), channels (int32), then the values: a presence byte, their count (int32)
 * and the float64 values, little-endian ({@link StateIo}).
 *
 * <p>Earlier releases kept this state through Flink's POJO serializer; such a checkpoint restores
 * (compatible after migration: the POJO serializer reads it, this one writes from then on).
 */
public final class LabelWindowSerializer extends KernelStateSerializer<LabelJoinFunction.Input> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final LabelWindowSerializer INSTANCE = new LabelWindowSerializer(VERSION);

    /** More values than a window's features hold: a bound for reading. */
    static final int MAX_VALUES = 1 << 26;

    private LabelWindowSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final LabelJoinFunction.Input w, final DataOutputView out)
            throws IOException {
        out.writeInt(w.kind);
        StateIo.writeNullableString(out, w.streamId);
        StateIo.writeNullableString(out, w.text);
        out.writeLong(w.startNs);
        out.writeLong(w.endNs);
        out.writeLong(w.ingestNs);
        out.writeLong(w.periodNs);
        out.writeInt(w.channels);
        out.writeBoolean(w.values != null);
        if (w.values != null) {
            out.writeInt(w.values.length);
            StateIo.writeDoubles(out, w.values, 0, w.values.length);
        }
    }

    @Override
    protected LabelJoinFunction.Input read(final int layout, final DataInputView in)
            throws IOException {
        final LabelJoinFunction.Input w = new LabelJoinFunction.Input();
        w.kind = in.readInt();
        w.streamId = StateIo.readNullableString(in);
        w.text = StateIo.readNullableString(in);
        w.startNs = in.readLong();
        w.endNs = in.readLong();
        w.ingestNs = in.readLong();
        w.periodNs = in.readLong();
        w.channels = in.readInt();
        if (in.readBoolean()) {
            w.values = new double[StateIo.readSize(in, MAX_VALUES, "label join window values")];
            StateIo.readDoubles(in, w.values, 0, w.values.length);
        }
        return w;
    }

    @Override
    public LabelJoinFunction.Input copy(final LabelJoinFunction.Input from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<LabelJoinFunction.Input> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version; the POJO snapshot of earlier releases migrates. */
    public static final class Snapshot extends KernelStateSnapshot<LabelJoinFunction.Input> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<LabelJoinFunction.Input> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new LabelWindowSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "label join window";
        }

        @Override
        public TypeSerializerSchemaCompatibility<LabelJoinFunction.Input>
                resolveSchemaCompatibility(
                        final TypeSerializerSnapshot<LabelJoinFunction.Input> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}

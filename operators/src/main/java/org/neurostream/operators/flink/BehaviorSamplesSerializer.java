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
 * Serializer of the label join's recent samples of one behaviour stream ({@link
 * LabelJoinFunction.Samples}, the values of its behaviour map state).
 *
 * <p>Layout 1: channels and size (int32), then size times (int64) and size x channels values
 * (float64), both little-endian ({@link StateIo}); the spare capacity is not written.
 *
 * <p>Earlier releases kept this state through Flink's POJO serializer; such a checkpoint restores
 * (compatible after migration).
 */
public final class BehaviorSamplesSerializer
        extends KernelStateSerializer<LabelJoinFunction.Samples> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final BehaviorSamplesSerializer INSTANCE = new BehaviorSamplesSerializer(VERSION);

    private BehaviorSamplesSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final LabelJoinFunction.Samples s, final DataOutputView out)
            throws IOException {
        out.writeInt(s.channels);
        out.writeInt(s.size);
        StateIo.writeLongs(out, s.times, 0, s.size);
        StateIo.writeDoubles(out, s.values, 0, s.size * s.channels);
    }

    @Override
    protected LabelJoinFunction.Samples read(final int layout, final DataInputView in)
            throws IOException {
        final LabelJoinFunction.Samples s = new LabelJoinFunction.Samples();
        s.channels = StateIo.readSize(in, LabelWindowSerializer.MAX_VALUES, "behaviour channels");
        s.size = StateIo.readSize(in, LabelWindowSerializer.MAX_VALUES, "behaviour samples");
        if ((long) s.size * s.channels > LabelWindowSerializer.MAX_VALUES) {
            throw new org.neurostream.operators.state.StateFormatException(
                    "behaviour state of " + s.size + " samples x " + s.channels + " channels");
        }
        s.times = new long[s.size];
        s.values = new double[s.size * s.channels];
        StateIo.readLongs(in, s.times, 0, s.size);
        StateIo.readDoubles(in, s.values, 0, s.values.length);
        return s;
    }

    @Override
    public LabelJoinFunction.Samples copy(final LabelJoinFunction.Samples from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<LabelJoinFunction.Samples> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version; the POJO snapshot of earlier releases migrates. */
    public static final class Snapshot extends KernelStateSnapshot<LabelJoinFunction.Samples> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<LabelJoinFunction.Samples> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new BehaviorSamplesSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "label join behaviour state";
        }

        @Override
        public TypeSerializerSchemaCompatibility<LabelJoinFunction.Samples>
                resolveSchemaCompatibility(
                        final TypeSerializerSnapshot<LabelJoinFunction.Samples> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}

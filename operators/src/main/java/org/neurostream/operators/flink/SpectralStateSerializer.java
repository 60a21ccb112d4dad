package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * Serializer of {@link SpectralState}, band power's per-stream state.
 *
 * <p>Layout 1: channels (int32), period ns, first sample's device time ns (int64), window, hop,
 * block (int32), samples, next emission, records emitted (int64), then the arrays, each as a length
 * (int32, -1 for none) and its values: the ring (float32), the filter state, the block sums and
 * sums of squares, the averaged PSD (float64). Values big-endian, arrays little-endian ({@link
 * org.neurostream.operators.state.StateIo}). About 4 x channels x window bytes plus the entropy's
 * filter and block sums: 52 KiB for 64 channels at 160 Hz with the default 2 s window.
 *
 * <p>Earlier releases kept this state through Flink's POJO serializer; such a checkpoint restores
 * (compatible after migration: the POJO serializer reads it, this one writes from then on).
 */
public final class SpectralStateSerializer extends KernelStateSerializer<SpectralState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final SpectralStateSerializer INSTANCE = new SpectralStateSerializer(VERSION);

    private SpectralStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final SpectralState s, final DataOutputView out) throws IOException {
        out.writeInt(s.channels);
        out.writeLong(s.periodNs);
        out.writeLong(s.startNs);
        out.writeInt(s.window);
        out.writeInt(s.hop);
        out.writeInt(s.block);
        out.writeLong(s.samples);
        out.writeLong(s.nextEmitAt);
        out.writeLong(s.records);
        writeFloats(out, s.ring);
        StateIo.writeNullableDoubles(out, s.filter);
        StateIo.writeNullableDoubles(out, s.blockSum);
        StateIo.writeNullableDoubles(out, s.blockSumSquares);
        StateIo.writeNullableDoubles(out, s.averagedPsd);
    }

    @Override
    protected SpectralState read(final int layout, final DataInputView in) throws IOException {
        final SpectralState s = new SpectralState();
        s.channels = in.readInt();
        s.periodNs = in.readLong();
        s.startNs = in.readLong();
        s.window = in.readInt();
        s.hop = in.readInt();
        s.block = in.readInt();
        s.samples = in.readLong();
        s.nextEmitAt = in.readLong();
        s.records = in.readLong();
        s.ring = readFloats(in);
        s.filter = readDoubles(in);
        s.blockSum = readDoubles(in);
        s.blockSumSquares = readDoubles(in);
        s.averagedPsd = readDoubles(in);
        return s;
    }

    @Override
    public SpectralState copy(final SpectralState from) {
        final SpectralState s = new SpectralState();
        s.channels = from.channels;
        s.periodNs = from.periodNs;
        s.startNs = from.startNs;
        s.window = from.window;
        s.hop = from.hop;
        s.block = from.block;
        s.samples = from.samples;
        s.nextEmitAt = from.nextEmitAt;
        s.records = from.records;
        s.ring = from.ring == null ? null : from.ring.clone();
        s.filter = from.filter == null ? null : from.filter.clone();
        s.blockSum = from.blockSum == null ? null : from.blockSum.clone();
        s.blockSumSquares = from.blockSumSquares == null ? null : from.blockSumSquares.clone();
        s.averagedPsd = from.averagedPsd == null ? null : from.averagedPsd.clone();
        return s;
    }

    @Override
    public TypeSerializerSnapshot<SpectralState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    private static void writeFloats(final DataOutputView out, final float[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            StateIo.writeFloats(out, a, 0, a.length);
        }
    }

    private static float[] readFloats(final DataInputView in) throws IOException {
        final int n = length(in);
        if (n < 0) {
            return null;
        }
        final float[] a = new float[n];
        StateIo.readFloats(in, a, 0, n);
        return a;
    }

    private static double[] readDoubles(final DataInputView in) throws IOException {
        final int n = length(in);
        if (n < 0) {
            return null;
        }
        final double[] a = new double[n];
        StateIo.readDoubles(in, a, 0, n);
        return a;
    }

    private static int length(final DataInputView in) throws IOException {
        final int n = in.readInt();
        if (n < -1 || n > 1 << 28) {
            throw new StateFormatException("band power state array of length " + n);
        }
        return n;
    }

    /** The layout version; a POJO snapshot of earlier releases migrates. */
    public static final class Snapshot extends KernelStateSnapshot<SpectralState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<SpectralState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new SpectralStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "band power state";
        }

        @Override
        public TypeSerializerSchemaCompatibility<SpectralState> resolveSchemaCompatibility(
                final TypeSerializerSnapshot<SpectralState> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.descriptors.DescriptorState;

/**
 * Checkpoint form of {@link DescriptorState}, version {@value #VERSION}: the state's own format
 * version, then its fields in declaration order, the ring as a length and float32 values (all
 * big-endian, as Flink's data views write them):
 *
 * <pre>
 *   version    : int32    // 1
 *   channels   : int32
 *   periodNs   : int64
 *   startNs    : int64
 *   capacity   : int32
 *   samples    : int64
 *   nextFastAt : int64
 *   nextDfaAt  : int64
 *   ringLength : int32    // channels x capacity
 *   ring       : float32[ringLength]
 * </pre>
 *
 * A record of another version is refused with an IOException rather than misread. Golden bytes of
 * version 1 live in src/test/resources/descriptors.
 */
public final class DescriptorStateSerializer extends TypeSerializerSingleton<DescriptorState> {
    private static final long serialVersionUID = 1L;

    /** The format version written first in every record. */
    public static final int VERSION = 1;

    /** The one instance. */
    public static final DescriptorStateSerializer INSTANCE = new DescriptorStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DescriptorState createInstance() {
        return new DescriptorState();
    }

    @Override
    public DescriptorState copy(final DescriptorState from) {
        return from.copy();
    }

    @Override
    public DescriptorState copy(final DescriptorState from, final DescriptorState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(final DescriptorState s, final DataOutputView out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(s.channels);
        out.writeLong(s.periodNs);
        out.writeLong(s.startNs);
        out.writeInt(s.capacity);
        out.writeLong(s.samples);
        out.writeLong(s.nextFastAt);
        out.writeLong(s.nextDfaAt);
        final float[] ring = s.ring;
        out.writeInt(ring.length);
        for (final float v : ring) {
            out.writeFloat(v);
        }
    }

    @Override
    public DescriptorState deserialize(final DataInputView in) throws IOException {
        final int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(
                    "descriptor state of format version "
                            + version
                            + ", this serializer reads version "
                            + VERSION);
        }
        final DescriptorState s = new DescriptorState();
        s.channels = in.readInt();
        s.periodNs = in.readLong();
        s.startNs = in.readLong();
        s.capacity = in.readInt();
        s.samples = in.readLong();
        s.nextFastAt = in.readLong();
        s.nextDfaAt = in.readLong();
        final int length = in.readInt();
        if (length != s.channels * s.capacity) {
            throw new IOException(
                    "descriptor state ring of "
                            + length
                            + " values, expected channels x capacity = "
                            + s.channels * s.capacity);
        }
        s.ring = new float[length];
        for (int i = 0; i < length; i++) {
            s.ring[i] = in.readFloat();
        }
        return s;
    }

    @Override
    public DescriptorState deserialize(final DescriptorState reuse, final DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(final DataInputView source, final DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DescriptorState> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * The serializer's snapshot: it records the state format version ({@value #VERSION}) and
     * restores only a serializer that reads it; another version is incompatible.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<DescriptorState> {
        private int format = VERSION;

        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(final DataOutputView out) throws IOException {
            out.writeInt(format);
        }

        @Override
        public void readSnapshot(
                final int readVersion, final DataInputView in, final ClassLoader classLoader)
                throws IOException {
            if (readVersion != 1) {
                throw new IOException("unknown descriptor state snapshot version " + readVersion);
            }
            format = in.readInt();
        }

        @Override
        public TypeSerializer<DescriptorState> restoreSerializer() {
            if (format != VERSION) {
                throw new IllegalStateException(
                        "descriptor state of format version "
                                + format
                                + " cannot be read by format version "
                                + VERSION);
            }
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<DescriptorState> resolveSchemaCompatibility(
                final TypeSerializerSnapshot<DescriptorState> oldSnapshot) {
            return oldSnapshot instanceof Snapshot && ((Snapshot) oldSnapshot).format == VERSION
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

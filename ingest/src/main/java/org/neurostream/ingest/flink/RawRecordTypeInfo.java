package org.neurostream.ingest.flink;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The type of raw records from the job's sources: a serializer of their own, not Flink's reflective
 * POJO one, whose copies (Flink's between the source and the chained validation) share the key and
 * value bytes, which nobody changes, instead of copying a whole frame.
 */
public final class RawRecordTypeInfo extends TypeInformation<RawRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final RawRecordTypeInfo INSTANCE = new RawRecordTypeInfo();

    private RawRecordTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<RawRecord> getTypeClass() {
        return RawRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<RawRecord> createSerializer(final SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "RawRecord";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RawRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return RawRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(final Object o) {
        return o instanceof RawRecordTypeInfo;
    }

    /** Topic, partition, offset, key and value, field by field; for the network only. */
    public static final class Serializer extends TypeSerializerSingleton<RawRecord> {
        private static final long serialVersionUID = 1L;

        /** The one instance. */
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public RawRecord createInstance() {
            return new RawRecord();
        }

        @Override
        public RawRecord copy(final RawRecord from) {
            return new RawRecord(from.topic, from.partition, from.offset, from.key, from.value);
        }

        @Override
        public RawRecord copy(final RawRecord from, final RawRecord reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(final RawRecord r, final DataOutputView out) throws IOException {
            out.writeBoolean(r.topic != null);
            if (r.topic != null) {
                out.writeUTF(r.topic);
            }
            out.writeInt(r.partition);
            out.writeLong(r.offset);
            writeBytes(r.key, out);
            writeBytes(r.value, out);
        }

        @Override
        public RawRecord deserialize(final DataInputView in) throws IOException {
            final String topic = in.readBoolean() ? in.readUTF() : null;
            final int partition = in.readInt();
            final long offset = in.readLong();
            return new RawRecord(topic, partition, offset, readBytes(in), readBytes(in));
        }

        @Override
        public RawRecord deserialize(final RawRecord reuse, final DataInputView in)
                throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(final DataInputView source, final DataOutputView target)
                throws IOException {
            serialize(deserialize(source), target);
        }

        @Override
        public TypeSerializerSnapshot<RawRecord> snapshotConfiguration() {
            return new Snapshot();
        }

        private static void writeBytes(final byte[] b, final DataOutputView out)
                throws IOException {
            out.writeInt(b == null ? -1 : b.length);
            if (b != null) {
                out.write(b);
            }
        }

        private static byte[] readBytes(final DataInputView in) throws IOException {
            final int n = in.readInt();
            if (n < 0) {
                return null;
            }
            final byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }
    }

    /** The serializer's snapshot: no configuration to keep. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawRecord> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Records that nobody changes once they are emitted ({@link ImmutableRecordTypeInfo}): the bytes of
 * Flink's POJO serializer of the class, but a copy is the record itself. Flink copies every record
 * that a chained operator hands on (once per consumer: its sink, the alert rules), and the POJO
 * serializer's copy is a reflective field-by-field one; the records of this type are made anew for
 * each emission and only read downstream, so sharing them is safe. For the network only, never for
 * state.
 *
 * @param <T> the record class
 */
public final class ImmutableRecordSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> pojo;

    /** Writes and reads records with {@code pojo}, and copies none. */
    public ImmutableRecordSerializer(final TypeSerializer<T> pojo) {
        this.pojo = pojo;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        final TypeSerializer<T> d = pojo.duplicate();
        return d == pojo ? this : new ImmutableRecordSerializer<>(d);
    }

    @Override
    public T createInstance() {
        return pojo.createInstance();
    }

    @Override
    public T copy(final T from) {
        return from;
    }

    @Override
    public T copy(final T from, final T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return pojo.getLength();
    }

    @Override
    public void serialize(final T record, final DataOutputView out) throws IOException {
        pojo.serialize(record, out);
    }

    @Override
    public T deserialize(final DataInputView in) throws IOException {
        return pojo.deserialize(in);
    }

    /** A new record, never {@code reuse}: a record handed on may still be held downstream. */
    @Override
    public T deserialize(final T reuse, final DataInputView in) throws IOException {
        return pojo.deserialize(in);
    }

    @Override
    public void copy(final DataInputView source, final DataOutputView target) throws IOException {
        pojo.copy(source, target);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof ImmutableRecordSerializer<?> other && other.pojo.equals(pojo);
    }

    @Override
    public int hashCode() {
        return pojo.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The serializer's snapshot: that of its POJO serializer. */
    public static final class Snapshot<T>
            extends CompositeTypeSerializerSnapshot<T, ImmutableRecordSerializer<T>> {

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(final ImmutableRecordSerializer<T> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(
                final ImmutableRecordSerializer<T> outer) {
            return new TypeSerializer<?>[] {outer.pojo};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected ImmutableRecordSerializer<T> createOuterSerializerWithNestedSerializers(
                final TypeSerializer<?>[] nested) {
            return new ImmutableRecordSerializer<>((TypeSerializer<T>) nested[0]);
        }
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The base of the serializers of the per-stream kernel states: one layout version per serializer
 * class, written once in the serializer's snapshot (not per value), so that a state is its kernel's
 * compact form of primitive arrays and nothing else. An instance restored from an older snapshot
 * reads that older layout and writes nothing; the current one writes the current layout. No Kryo
 * and no reflection: each subclass writes its fields and the kernels' {@code writeState}.
 *
 * <p>Values are mutable holders that the functions change in place. {@link #copy(Object)} makes a
 * deep copy: the heap state backend calls it for a value the task touches while an asynchronous
 * checkpoint still writes the value, so it is on the task's path once per stream per checkpoint.
 *
 * @param <T> the state holder
 */
public abstract class KernelStateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final int version;
    private final int current;

    /**
     * @param version the layout this instance reads
     * @param current the layout this build writes
     * @throws IllegalArgumentException when version is outside 1..current
     */
    protected KernelStateSerializer(final int version, final int current) {
        if (version < 1 || version > current) {
            throw new IllegalArgumentException(
                    "layout version " + version + " outside 1.." + current);
        }
        this.version = version;
        this.current = current;
    }

    /** The layout version this instance reads. */
    public final int version() {
        return version;
    }

    /** Writes {@code value} in the current layout. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads a value written in layout {@code layout} (1..current). */
    protected abstract T read(int layout, DataInputView in) throws IOException;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(final T from, final T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(final T value, final DataOutputView out) throws IOException {
        if (version != current) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + " restored for layout "
                            + version
                            + " reads it only; this build writes layout "
                            + current);
        }
        write(value, out);
    }

    @Override
    public final T deserialize(final DataInputView in) throws IOException {
        return read(version, in);
    }

    @Override
    public final T deserialize(final T reuse, final DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(final DataInputView in, final DataOutputView out) throws IOException {
        write(read(version, in), out);
    }

    @Override
    public final boolean equals(final Object o) {
        return o != null
                && o.getClass() == getClass()
                && ((KernelStateSerializer<?>) o).version == version;
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + version;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " (layout " + version + ")";
    }
}

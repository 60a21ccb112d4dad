package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot of a {@link KernelStateSerializer}: its layout version and nothing else (the
 * kernels' parameters travel with each value). Compatibility of a restored state with this build:
 * the same layout, compatible as is; an older layout this build knows, compatible after migration
 * (the restored serializer reads it, the current one writes from then on); a newer layout, or
 * another serializer's snapshot, fails the restore with a message that names the state and the
 * versions.
 *
 * @param <T> the state holder
 */
public abstract class KernelStateSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KernelStateSnapshot.class);

    private final int current;
    private int version;

    /**
     * A snapshot of layout {@code layout} in a build that writes {@code current} (Flink makes an
     * empty one with the subclass's no-argument constructor, then reads the version into it).
     */
    protected KernelStateSnapshot(final int current, final int layout) {
        if (layout < 1 || layout > current) {
            throw new IllegalArgumentException("layout " + layout + " outside 1.." + current);
        }
        this.current = current;
        this.version = layout;
    }

    /** The serializer that reads layout {@code layout}. */
    protected abstract TypeSerializer<T> serializer(int layout);

    /** What the state is, for messages: "avalanche state". */
    protected abstract String stateName();

    /** The layout version this snapshot describes. */
    public final int layout() {
        return version;
    }

    @Override
    public final int getCurrentVersion() {
        return current;
    }

    @Override
    public final void writeSnapshot(final DataOutputView out) {}

    @Override
    public final void readSnapshot(
            final int readVersion, final DataInputView in, final ClassLoader classLoader)
            throws IOException {
        if (readVersion < 1 || readVersion > current) {
            throw new IOException(
                    "the "
                            + stateName()
                            + " was written in layout version "
                            + readVersion
                            + ", this build reads versions 1 to "
                            + current
                            + ": restore it with the NeuroStream version that wrote it, or a later"
                            + " one");
        }
        version = readVersion;
    }

    @Override
    public final TypeSerializer<T> restoreSerializer() {
        return serializer(version);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            final TypeSerializerSnapshot<T> old) {
        if (old == null || old.getClass() != getClass()) {
            LOG.error(
                    "the {} cannot restore a state written by {}: another serializer",
                    stateName(),
                    old == null ? "nothing" : old.getClass().getName());
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        final int was = ((KernelStateSnapshot<T>) old).version;
        if (was == current) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (was >= 1 && was < current) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        LOG.error(
                "the {} was written in layout version {}, this build reads 1 to {}",
                stateName(),
                was,
                current);
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}

package org.neurostream.models.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.models.stream.DecoderStreamState;

/**
 * Keyed state of {@link PipelineDecoderFunction}: one stream's {@link DecoderStreamState}, written
 * field by field (Flink's views are big-endian):
 *
 * <pre>
 *   channels    : int32
 *   outputs     : int32
 *   window      : int32
 *   startNs     : int64
 *   samples     : int64
 *   nextEmitAt  : int64
 *   predictions : int64
 *   filterCount : int32                 // doubles of filter state
 *   filter      : float64[filterCount]
 *   ring        : float64[outputs * channels * min(samples, window)]   // the filled slots only
 * </pre>
 *
 * <p>Format version {@link #VERSION}; the snapshot records it, and a snapshot of another version is
 * refused at restore rather than misread.
 */
public final class DecoderStreamStateSerializer extends TypeSerializer<DecoderStreamState> {
    private static final long serialVersionUID = 1L;

    /** The layout version this serializer writes and reads. */
    public static final int VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<DecoderStreamState> duplicate() {
        return this;
    }

    @Override
    public DecoderStreamState createInstance() {
        return new DecoderStreamState(0, 0, 0, 0);
    }

    @Override
    public DecoderStreamState copy(DecoderStreamState from) {
        return from.copy();
    }

    @Override
    public DecoderStreamState copy(DecoderStreamState from, DecoderStreamState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecoderStreamState s, DataOutputView out) throws IOException {
        out.writeInt(s.channels);
        out.writeInt(s.outputs);
        out.writeInt(s.window);
        out.writeLong(s.startNs);
        out.writeLong(s.samples);
        out.writeLong(s.nextEmitAt);
        out.writeLong(s.predictions);
        out.writeInt(s.filter.length);
        for (double v : s.filter) {
            out.writeDouble(v);
        }
        final int filled = (int) Math.min(s.samples, s.window);
        for (int row = 0; row < s.outputs * s.channels; row++) {
            for (int t = 0; t < filled; t++) {
                out.writeDouble(s.ring[row * s.window + t]);
            }
        }
    }

    @Override
    public DecoderStreamState deserialize(DataInputView in) throws IOException {
        final int channels = in.readInt();
        final int outputs = in.readInt();
        final int window = in.readInt();
        final long startNs = in.readLong();
        final long samples = in.readLong();
        final long nextEmitAt = in.readLong();
        final long predictions = in.readLong();
        final int filterCount = in.readInt();
        if (channels < 0 || outputs < 0 || window < 0 || filterCount < 0 || samples < 0) {
            throw new IOException(
                    "decoder state: negative size (channels "
                            + channels
                            + ", outputs "
                            + outputs
                            + ", window "
                            + window
                            + ", filter "
                            + filterCount
                            + ")");
        }
        final DecoderStreamState s = new DecoderStreamState(channels, outputs, window, filterCount);
        s.startNs = startNs;
        s.samples = samples;
        s.nextEmitAt = nextEmitAt;
        s.predictions = predictions;
        for (int i = 0; i < filterCount; i++) {
            s.filter[i] = in.readDouble();
        }
        final int filled = (int) Math.min(samples, window);
        for (int row = 0; row < outputs * channels; row++) {
            for (int t = 0; t < filled; t++) {
                s.ring[row * window + t] = in.readDouble();
            }
        }
        return s;
    }

    @Override
    public DecoderStreamState deserialize(DecoderStreamState reuse, DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderStreamStateSerializer;
    }

    @Override
    public int hashCode() {
        return DecoderStreamStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<DecoderStreamState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: its layout version, checked when state is restored. */
    public static final class Snapshot implements TypeSerializerSnapshot<DecoderStreamState> {
        private int version = VERSION;

        /** For Flink's reflective restore. */
        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
            // the layout is fixed per version: nothing beyond the version Flink writes
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
                throws IOException {
            if (readVersion < 1 || readVersion > VERSION) {
                throw new IOException(
                        "decoder state written by layout version "
                                + readVersion
                                + "; this build reads 1.."
                                + VERSION);
            }
            this.version = readVersion;
        }

        @Override
        public TypeSerializer<DecoderStreamState> restoreSerializer() {
            return new DecoderStreamStateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<DecoderStreamState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<DecoderStreamState> old) {
            if (old instanceof Snapshot s && s.version == VERSION) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

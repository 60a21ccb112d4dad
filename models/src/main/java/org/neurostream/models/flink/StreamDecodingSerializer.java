package org.neurostream.models.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamDecoding;

/**
 * Keyed state of {@link PipelineDecoderFunction}: one stream's {@link StreamDecoding}, written
 * field by field (Flink's views are big-endian; a text is a presence byte, then modified UTF-8):
 *
 * <pre>
 *   channels     : int32
 *   periodNs     : int64
 *   startNs      : int64
 *   samples      : int64
 *   model        : text?               // NAME@VERSION of the stream's model
 *   active       : state?              // present exactly when model is
 *   pendingModel : text?
 *   pending      : state?
 *   refused      : text?
 *
 *   state = channels    : int32
 *           outputs     : int32
 *           window      : int32
 *           origin      : int64
 *           samples     : int64
 *           nextEmitAt  : int64
 *           predictions : int64
 *           filterCount : int32
 *           filter      : float64[filterCount]
 *           ring        : float64[outputs * channels * window]
 * </pre>
 *
 * <p>Format version {@link #VERSION}; the snapshot records it, and a snapshot of another version is
 * refused at restore rather than misread. (The layout of the function before it ran in the job, a
 * bare {@code DecoderStreamState}, was never in a savepoint: the job ran another decoder then.)
 */
public final class StreamDecodingSerializer extends TypeSerializer<StreamDecoding> {
    private static final long serialVersionUID = 1L;

    /** The layout version this serializer writes and reads. */
    public static final int VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StreamDecoding> duplicate() {
        return this;
    }

    @Override
    public StreamDecoding createInstance() {
        return new StreamDecoding(0, 1, 0);
    }

    @Override
    public StreamDecoding copy(StreamDecoding from) {
        return from.copy();
    }

    @Override
    public StreamDecoding copy(StreamDecoding from, StreamDecoding reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StreamDecoding s, DataOutputView out) throws IOException {
        out.writeInt(s.channels);
        out.writeLong(s.periodNs);
        out.writeLong(s.startNs);
        out.writeLong(s.samples);
        writeText(s.model, out);
        writeState(s.active, out);
        writeText(s.pendingModel, out);
        writeState(s.pending, out);
        writeText(s.refused, out);
    }

    @Override
    public StreamDecoding deserialize(DataInputView in) throws IOException {
        final int channels = in.readInt();
        final long periodNs = in.readLong();
        final long startNs = in.readLong();
        final long samples = in.readLong();
        if (channels < 0 || periodNs <= 0 || samples < 0) {
            throw new IOException(
                    "decoder state: bad stream shape (channels "
                            + channels
                            + ", period "
                            + periodNs
                            + " ns, samples "
                            + samples
                            + ")");
        }
        final StreamDecoding s = new StreamDecoding(channels, periodNs, startNs);
        s.samples = samples;
        s.model = readText(in);
        s.active = readState(in);
        s.pendingModel = readText(in);
        s.pending = readState(in);
        s.refused = readText(in);
        if ((s.model == null) != (s.active == null)
                || (s.pendingModel == null) != (s.pending == null)) {
            throw new IOException("decoder state: a model without its state, or a state without");
        }
        return s;
    }

    private static void writeText(String text, DataOutputView out) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeState(DecoderStreamState s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        out.writeInt(s.channels);
        out.writeInt(s.outputs);
        out.writeInt(s.window);
        out.writeLong(s.origin);
        out.writeLong(s.samples);
        out.writeLong(s.nextEmitAt);
        out.writeLong(s.predictions);
        out.writeInt(s.filter.length);
        for (double v : s.filter) {
            out.writeDouble(v);
        }
        for (double v : s.ring) {
            out.writeDouble(v);
        }
    }

    private static DecoderStreamState readState(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        final int channels = in.readInt();
        final int outputs = in.readInt();
        final int window = in.readInt();
        final long origin = in.readLong();
        final long samples = in.readLong();
        final long nextEmitAt = in.readLong();
        final long predictions = in.readLong();
        final int filterCount = in.readInt();
        if (channels < 0 || outputs < 0 || window < 0 || filterCount < 0 || samples < origin) {
            throw new IOException(
                    "decoder state: bad size (channels "
                            + channels
                            + ", outputs "
                            + outputs
                            + ", window "
                            + window
                            + ", filter "
                            + filterCount
                            + ", samples "
                            + samples
                            + " from "
                            + origin
                            + ")");
        }
        final DecoderStreamState s = new DecoderStreamState(channels, outputs, window, filterCount);
        s.origin = origin;
        s.samples = samples;
        s.nextEmitAt = nextEmitAt;
        s.predictions = predictions;
        for (int i = 0; i < filterCount; i++) {
            s.filter[i] = in.readDouble();
        }
        for (int i = 0; i < s.ring.length; i++) {
            s.ring[i] = in.readDouble();
        }
        return s;
    }

    @Override
    public StreamDecoding deserialize(StreamDecoding reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamDecodingSerializer;
    }

    @Override
    public int hashCode() {
        return StreamDecodingSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<StreamDecoding> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: its layout version, checked when state is restored. */
    public static final class Snapshot implements TypeSerializerSnapshot<StreamDecoding> {
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
        public TypeSerializer<StreamDecoding> restoreSerializer() {
            return new StreamDecodingSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<StreamDecoding> resolveSchemaCompatibility(
                TypeSerializerSnapshot<StreamDecoding> old) {
            if (old instanceof Snapshot s && s.version == VERSION) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

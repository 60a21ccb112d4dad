package org.neurostream.operators.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamIdCache;

/**
 * Frames between the job's operators ({@link FrameRecordTypeInfo}), written field by field without
 * reflection: stream id (UTF-8), device time, modality, the frame bytes as they are. For the
 * network only, never for state.
 *
 * <p>Copies (Flink's between chained operators) share the frame bytes: nobody changes a frame's
 * bytes once the record exists, so a copy of a 461 kB Neuropixels frame costs a small object, not
 * the block. A channel group not yet copied out of its frame ({@link ChannelGroups.GroupFrame}) is
 * written as the group's frame, straight from the whole frame's bytes. Stream ids read back are
 * interned per serializer instance (one per task input): the same stream's frames share one String
 * instead of one each.
 */
public final class FrameRecordSerializer extends TypeSerializer<FrameRecord> {
    private static final long serialVersionUID = 1L;

    private transient StreamIdCache ids;
    private transient byte[] scratch;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FrameRecord> duplicate() {
        return new FrameRecordSerializer();
    }

    @Override
    public FrameRecord createInstance() {
        return new FrameRecord();
    }

    @Override
    public FrameRecord copy(final FrameRecord from) {
        if (from instanceof ChannelGroups.GroupFrame group) {
            return group.toFrame();
        }
        return new FrameRecord(from.streamId, from.deviceTimeNs, from.modality, from.bytes);
    }

    @Override
    public FrameRecord copy(final FrameRecord from, final FrameRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(final FrameRecord r, final DataOutputView out) throws IOException {
        writeString(r.streamId, out);
        out.writeLong(r.deviceTimeNs);
        out.writeByte(r.modality == null ? -1 : r.modality.ordinal());
        if (r instanceof ChannelGroups.GroupFrame group) {
            out.writeInt(group.length());
            group.writeTo(out);
        } else if (r.bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.bytes.length);
            out.write(r.bytes);
        }
    }

    @Override
    public FrameRecord deserialize(final DataInputView in) throws IOException {
        final FrameRecord r = new FrameRecord();
        r.streamId = readStreamId(in);
        r.deviceTimeNs = in.readLong();
        final int modality = in.readByte();
        r.modality = modality < 0 ? null : Modality.values()[modality];
        final int length = in.readInt();
        if (length >= 0) {
            r.bytes = new byte[length];
            in.readFully(r.bytes);
        }
        return r;
    }

    @Override
    public FrameRecord deserialize(final FrameRecord reuse, final DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(final DataInputView source, final DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof FrameRecordSerializer;
    }

    @Override
    public int hashCode() {
        return FrameRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FrameRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeString(final String s, final DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** A stream id, the same String for the same bytes as long as it stays in the small cache. */
    private String readStreamId(final DataInputView in) throws IOException {
        final int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (ids == null) {
            ids = new StreamIdCache();
            scratch = new byte[64];
        }
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        in.readFully(scratch, 0, n);
        return ids.id(scratch, 0, n);
    }

    /** The serializer's snapshot: no configuration to keep. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FrameRecord> {
        public Snapshot() {
            super(FrameRecordSerializer::new);
        }
    }
}

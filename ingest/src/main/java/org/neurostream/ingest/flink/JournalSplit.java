package org.neurostream.ingest.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A whole journal as one split, with how many frames and markers of it were already emitted (the
 * position a checkpoint restores), the replay speed, and whether to follow a journal still being
 * recorded.
 */
public final class JournalSplit implements SourceSplit {
    private final String dir;
    private final long framesDone;
    private final long markersDone;
    private final double speed;
    private final boolean follow;

    public JournalSplit(
            final String dir, final long framesDone, final double speed, final boolean follow) {
        this(dir, framesDone, 0, speed, follow);
    }

    public JournalSplit(
            final String dir,
            final long framesDone,
            final long markersDone,
            final double speed,
            final boolean follow) {
        this.dir = dir;
        this.framesDone = framesDone;
        this.markersDone = markersDone;
        this.speed = speed;
        this.follow = follow;
    }

    public String dir() {
        return dir;
    }

    /** Frames of the journal already emitted before this split starts. */
    public long framesDone() {
        return framesDone;
    }

    /** Markers of the journal already emitted before this split starts. */
    public long markersDone() {
        return markersDone;
    }

    @Override
    public String splitId() {
        return dir;
    }

    /** A cursor over this split's frames, from the first not yet emitted. */
    public JournalCursor cursor() {
        return new JournalCursor(dir, framesDone, markersDone, speed, follow);
    }

    /** This split after {@code cursor} emitted its frames so far: what a checkpoint keeps. */
    public JournalSplit at(final JournalCursor cursor) {
        return new JournalSplit(dir, cursor.framesDone(), cursor.markersDone(), speed, follow);
    }

    /**
     * Serializes a split: folder, frames done, speed, follow, then (version 2) markers done; a
     * version 1 split (written before journals carried markers to the job) has none done.
     */
    public static final class Serializer implements SimpleVersionedSerializer<JournalSplit> {
        /** The version this build writes. */
        static final int VERSION = 2;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(final JournalSplit split) throws IOException {
            final DataOutputSerializer out = new DataOutputSerializer(64);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public JournalSplit deserialize(final int version, final byte[] bytes) throws IOException {
            return read(version, new DataInputDeserializer(bytes));
        }

        static void write(final JournalSplit split, final DataOutputSerializer out)
                throws IOException {
            out.writeUTF(split.dir);
            out.writeLong(split.framesDone);
            out.writeDouble(split.speed);
            out.writeBoolean(split.follow);
            out.writeLong(split.markersDone);
        }

        static JournalSplit read(final int version, final DataInputDeserializer in)
                throws IOException {
            if (version < 1 || version > VERSION) {
                throw new IOException(
                        "journal split of version " + version + "; this build reads 1.." + VERSION);
            }
            final String dir = in.readUTF();
            final long frames = in.readLong();
            final double speed = in.readDouble();
            final boolean follow = in.readBoolean();
            final long markers = version >= 2 ? in.readLong() : 0;
            return new JournalSplit(dir, frames, markers, speed, follow);
        }
    }

    /** Serializes the enumerator's checkpoint: the splits not yet assigned. */
    public static final class CheckpointSerializer
            implements SimpleVersionedSerializer<Collection<JournalSplit>> {
        @Override
        public int getVersion() {
            return Serializer.VERSION;
        }

        @Override
        public byte[] serialize(final Collection<JournalSplit> splits) throws IOException {
            final DataOutputSerializer out = new DataOutputSerializer(64);
            out.writeInt(splits.size());
            for (final JournalSplit s : splits) {
                Serializer.write(s, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public Collection<JournalSplit> deserialize(final int version, final byte[] bytes)
                throws IOException {
            final DataInputDeserializer in = new DataInputDeserializer(bytes);
            final int n = in.readInt();
            final List<JournalSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(Serializer.read(version, in));
            }
            return splits;
        }
    }
}

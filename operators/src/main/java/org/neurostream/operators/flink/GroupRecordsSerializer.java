package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.GenericArraySerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * Serializer of the channel-group merge's state value: the band-power records one interval of a
 * stream has received so far, one slot per channel group (null where a group's record is still to
 * come).
 *
 * <p>Layout 1: the group count (int32), then per group a presence byte and, for a record, its
 * fields in order: kind, stream id, seq, start, end and ingest ns (int64), channels, the band count
 * and names, the band and relative powers (float64, channels x bands, little-endian), the
 * integration, nperseg, window samples, averaging seconds, the entropy's log base, settling, then
 * whether entropy follows and, if so, the entropies and their floored flags. Strings are written as
 * a presence byte and UTF.
 *
 * <p>Earlier releases kept this state through Flink's serializer of the POJO array; such a
 * checkpoint restores (compatible after migration: that serializer reads it, this one writes).
 * Records are never changed once stored, so a copy copies the array, not the records.
 */
public final class GroupRecordsSerializer extends KernelStateSerializer<BandPowerRecord[]> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final GroupRecordsSerializer INSTANCE = new GroupRecordsSerializer(VERSION);

    /** More groups than any stream has: a bound for reading. */
    private static final int MAX_GROUPS = 1 << 16;

    private static final int MAX_VALUES = 1 << 26;

    private GroupRecordsSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final BandPowerRecord[] parts, final DataOutputView out)
            throws IOException {
        out.writeInt(parts.length);
        for (final BandPowerRecord r : parts) {
            out.writeBoolean(r != null);
            if (r != null) {
                writeRecord(r, out);
            }
        }
    }

    private static void writeRecord(final BandPowerRecord r, final DataOutputView out)
            throws IOException {
        writeString(out, r.kind);
        writeString(out, r.streamId);
        out.writeLong(r.seq);
        out.writeLong(r.startNs);
        out.writeLong(r.endNs);
        out.writeLong(r.ingestNs);
        out.writeInt(r.channels);
        out.writeInt(r.bands.length);
        for (final String band : r.bands) {
            writeString(out, band);
        }
        writeDoubles(out, r.bandPower);
        writeDoubles(out, r.relativePower);
        writeString(out, r.integration);
        out.writeInt(r.nperseg);
        out.writeInt(r.windowSamples);
        out.writeDouble(r.averagingSeconds);
        out.writeDouble(r.entropyLogBase);
        out.writeBoolean(r.settling);
        final boolean entropy = r.differentialEntropy != null;
        out.writeBoolean(entropy);
        if (entropy) {
            writeDoubles(out, r.differentialEntropy);
            out.writeInt(r.differentialEntropyFloored.length);
            StateIo.writeBooleans(
                    out, r.differentialEntropyFloored, 0, r.differentialEntropyFloored.length);
        }
    }

    @Override
    protected BandPowerRecord[] read(final int layout, final DataInputView in) throws IOException {
        final BandPowerRecord[] parts =
                new BandPowerRecord[StateIo.readSize(in, MAX_GROUPS, "channel groups")];
        for (int g = 0; g < parts.length; g++) {
            if (in.readBoolean()) {
                parts[g] = readRecord(in);
            }
        }
        return parts;
    }

    private static BandPowerRecord readRecord(final DataInputView in) throws IOException {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = readString(in);
        r.streamId = readString(in);
        r.seq = in.readLong();
        r.startNs = in.readLong();
        r.endNs = in.readLong();
        r.ingestNs = in.readLong();
        r.channels = in.readInt();
        r.bands = new String[StateIo.readSize(in, MAX_GROUPS, "bands")];
        for (int b = 0; b < r.bands.length; b++) {
            r.bands[b] = readString(in);
        }
        r.bandPower = readDoubles(in);
        r.relativePower = readDoubles(in);
        r.integration = readString(in);
        r.nperseg = in.readInt();
        r.windowSamples = in.readInt();
        r.averagingSeconds = in.readDouble();
        r.entropyLogBase = in.readDouble();
        r.settling = in.readBoolean();
        if (in.readBoolean()) {
            r.differentialEntropy = readDoubles(in);
            r.differentialEntropyFloored =
                    new boolean[StateIo.readSize(in, MAX_VALUES, "floored flags")];
            StateIo.readBooleans(
                    in, r.differentialEntropyFloored, 0, r.differentialEntropyFloored.length);
        }
        return r;
    }

    private static void writeString(final DataOutputView out, final String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(final DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDoubles(final DataOutputView out, final double[] a)
            throws IOException {
        out.writeInt(a.length);
        StateIo.writeDoubles(out, a, 0, a.length);
    }

    private static double[] readDoubles(final DataInputView in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || n > MAX_VALUES) {
            throw new StateFormatException("channel-group record of " + n + " values");
        }
        final double[] a = new double[n];
        StateIo.readDoubles(in, a, 0, n);
        return a;
    }

    @Override
    public BandPowerRecord[] copy(final BandPowerRecord[] from) {
        return from.clone();
    }

    @Override
    public TypeSerializerSnapshot<BandPowerRecord[]> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version; the POJO-array snapshot of earlier releases migrates. */
    public static final class Snapshot extends KernelStateSnapshot<BandPowerRecord[]> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<BandPowerRecord[]> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new GroupRecordsSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "channel-group merge state";
        }

        @Override
        public TypeSerializerSchemaCompatibility<BandPowerRecord[]> resolveSchemaCompatibility(
                final TypeSerializerSnapshot<BandPowerRecord[]> old) {
            if (old instanceof GenericArraySerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}

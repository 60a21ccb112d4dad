package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.state.StateIo;

/**
 * Band-power records between the job's operators ({@link BandPowerRecordTypeInfo}), written field
 * by field without reflection, in declaration order: strings as a presence byte and UTF, arrays as
 * a length (-1 for null) and their elements ({@link StateIo}'s encodings). For the network only,
 * never for state.
 *
 * <p>Copies (Flink's between chained operators, one per consumer of a record: its sink, the label
 * join, the alert rules) share the arrays: nobody changes a band-power record's arrays once the
 * record is emitted (each record gets new ones), so a copy costs a small object, not three arrays
 * of channels x bands values and Flink's reflective POJO copy.
 */
public final class BandPowerRecordSerializer extends TypeSerializer<BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<BandPowerRecord> duplicate() {
        return this;
    }

    @Override
    public BandPowerRecord createInstance() {
        return new BandPowerRecord();
    }

    @Override
    public BandPowerRecord copy(final BandPowerRecord from) {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = from.kind;
        r.streamId = from.streamId;
        r.seq = from.seq;
        r.startNs = from.startNs;
        r.endNs = from.endNs;
        r.ingestNs = from.ingestNs;
        r.channels = from.channels;
        r.bands = from.bands;
        r.bandPower = from.bandPower;
        r.relativePower = from.relativePower;
        r.integration = from.integration;
        r.nperseg = from.nperseg;
        r.windowSamples = from.windowSamples;
        r.averagingSeconds = from.averagingSeconds;
        r.differentialEntropy = from.differentialEntropy;
        r.differentialEntropyFloored = from.differentialEntropyFloored;
        r.entropyLogBase = from.entropyLogBase;
        r.settling = from.settling;
        return r;
    }

    @Override
    public BandPowerRecord copy(final BandPowerRecord from, final BandPowerRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(final BandPowerRecord r, final DataOutputView out) throws IOException {
        StateIo.writeNullableString(out, r.kind);
        StateIo.writeNullableString(out, r.streamId);
        out.writeLong(r.seq);
        out.writeLong(r.startNs);
        out.writeLong(r.endNs);
        out.writeLong(r.ingestNs);
        out.writeInt(r.channels);
        if (r.bands == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.bands.length);
            for (final String band : r.bands) {
                StateIo.writeNullableString(out, band);
            }
        }
        StateIo.writeNullableDoubles(out, r.bandPower);
        StateIo.writeNullableDoubles(out, r.relativePower);
        StateIo.writeNullableString(out, r.integration);
        out.writeInt(r.nperseg);
        out.writeInt(r.windowSamples);
        out.writeDouble(r.averagingSeconds);
        StateIo.writeNullableDoubles(out, r.differentialEntropy);
        if (r.differentialEntropyFloored == null) {
            out.writeInt(-1);
        } else {
            final int n = r.differentialEntropyFloored.length;
            out.writeInt(n);
            StateIo.writeBooleans(out, r.differentialEntropyFloored, 0, n);
        }
        out.writeDouble(r.entropyLogBase);
        out.writeBoolean(r.settling);
    }

    @Override
    public BandPowerRecord deserialize(final DataInputView in) throws IOException {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = StateIo.readNullableString(in);
        r.streamId = StateIo.readNullableString(in);
        r.seq = in.readLong();
        r.startNs = in.readLong();
        r.endNs = in.readLong();
        r.ingestNs = in.readLong();
        r.channels = in.readInt();
        final int bands = in.readInt();
        if (bands >= 0) {
            r.bands = new String[bands];
            for (int b = 0; b < bands; b++) {
                r.bands[b] = StateIo.readNullableString(in);
            }
        }
        r.bandPower = readDoubles(in);
        r.relativePower = readDoubles(in);
        r.integration = StateIo.readNullableString(in);
        r.nperseg = in.readInt();
        r.windowSamples = in.readInt();
        r.averagingSeconds = in.readDouble();
        r.differentialEntropy = readDoubles(in);
        final int floored = in.readInt();
        if (floored >= 0) {
            r.differentialEntropyFloored = new boolean[floored];
            StateIo.readBooleans(in, r.differentialEntropyFloored, 0, floored);
        }
        r.entropyLogBase = in.readDouble();
        r.settling = in.readBoolean();
        return r;
    }

    @Override
    public BandPowerRecord deserialize(final BandPowerRecord reuse, final DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(final DataInputView source, final DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BandPowerRecordSerializer;
    }

    @Override
    public int hashCode() {
        return BandPowerRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<BandPowerRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    private static double[] readDoubles(final DataInputView in) throws IOException {
        final int n = in.readInt();
        if (n < 0) {
            return null;
        }
        final double[] values = new double[n];
        StateIo.readDoubles(in, values, 0, n);
        return values;
    }

    /** The serializer's snapshot: no configuration to keep. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BandPowerRecord> {
        public Snapshot() {
            super(BandPowerRecordSerializer::new);
        }
    }
}

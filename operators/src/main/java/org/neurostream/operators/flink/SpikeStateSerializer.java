package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.state.StateFormatException;

/**
 * Serializer of {@link SpikeState}, a spike stream's population vectors and avalanches.
 *
 * <p>Layout 1 (values big-endian, arrays little-endian: {@link
 * org.neurostream.operators.state.StateIo}): units (int32), population bin ns and avalanche bin us
 * (int64), the binner's form ({@link org.neurostream.operators.spikes.PopulationBinner#writeState}:
 * open bin, its spikes, int32 counts per unit) and the avalanche stream's ({@link
 * org.neurostream.operators.avalanche.AvalancheStream#writeState}). About 4 bytes per unit plus a
 * few kilobytes: 4 KiB more for 1000 units.
 */
public final class SpikeStateSerializer extends KernelStateSerializer<SpikeState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final SpikeStateSerializer INSTANCE = new SpikeStateSerializer(VERSION);

    /** The most units a state may hold: the frames' channel limit, with room. */
    static final int MAX_UNITS = 1 << 20;

    private SpikeStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final SpikeState s, final DataOutputView out) throws IOException {
        out.writeInt(s.units);
        out.writeLong(s.binNs);
        out.writeLong(s.avalancheBinUs);
        s.binner.writeState(out);
        s.avalanches.writeState(out);
    }

    @Override
    protected SpikeState read(final int layout, final DataInputView in) throws IOException {
        final int units = in.readInt();
        final long binNs = in.readLong();
        final long avalancheBinUs = in.readLong();
        if (units < 1 || units > MAX_UNITS || binNs < 1 || avalancheBinUs < 1) {
            throw new StateFormatException(
                    "spike state of "
                            + units
                            + " units, bins of "
                            + binNs
                            + " ns, avalanche bins of "
                            + avalancheBinUs
                            + " us");
        }
        final SpikeState s = new SpikeState(units, binNs, avalancheBinUs);
        s.binner.readState(in);
        s.avalanches.readState(in);
        return s;
    }

    @Override
    public SpikeState copy(final SpikeState from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<SpikeState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version of the spike state. */
    public static final class Snapshot extends KernelStateSnapshot<SpikeState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<SpikeState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new SpikeStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "spike state";
        }
    }
}

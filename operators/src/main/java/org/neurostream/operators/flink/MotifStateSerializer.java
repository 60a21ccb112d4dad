package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * Serializer of {@link MotifState}, an event stream's motif detection.
 *
 * <p>Layout 1 (values big-endian, arrays little-endian: {@link
 * org.neurostream.operators.state.StateIo}): the model fingerprint (int64), then the detection's
 * form ({@link MotifStreamState#writeState}: M, D and 2r + 1, whether started, the first and open
 * bins, and either the D x M accumulators and (2r + 1) x M potentials of the CPU detector as
 * float32, or the OpenCL path's tail of events). 2 KiB for the demo's moving-bars kernel (M 4, D
 * 10, r 4); D M 4 bytes in general.
 */
public final class MotifStateSerializer extends KernelStateSerializer<MotifState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final MotifStateSerializer INSTANCE = new MotifStateSerializer(VERSION);

    private MotifStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final MotifState s, final DataOutputView out) throws IOException {
        out.writeLong(s.model);
        s.detection.writeState(out);
    }

    @Override
    protected MotifState read(final int layout, final DataInputView in) throws IOException {
        final long model = in.readLong();
        return new MotifState(model, MotifStreamState.readState(in));
    }

    @Override
    public MotifState copy(final MotifState from) {
        return new MotifState(from.model, from.detection.copy());
    }

    @Override
    public TypeSerializerSnapshot<MotifState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version of the motif state. */
    public static final class Snapshot extends KernelStateSnapshot<MotifState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<MotifState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new MotifStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "motif detection state";
        }
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.calcium.PolyphaseResampler;
import org.neurostream.operators.state.StateFormatException;

/**
 * Serializer of {@link ResampleState}, a calcium stream's resampling.
 *
 * <p>Layout 1 (values big-endian, arrays little-endian: {@link
 * org.neurostream.operators.state.StateIo}): input and output period ns (int64), ROIs and flags
 * (int32), first frame's device time ns (int64), the factors up and down (int32), then the
 * resampler's form ({@link PolyphaseResampler#writeState}: inputs and outputs so far, the input
 * history as float32). 4 bytes per ROI and history sample: 20 KB for 100 ROIs resampled 30 to 2.5
 * Hz (a history of 122 frames).
 */
public final class ResampleStateSerializer extends KernelStateSerializer<ResampleState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final ResampleStateSerializer INSTANCE = new ResampleStateSerializer(VERSION);

    private ResampleStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final ResampleState s, final DataOutputView out) throws IOException {
        out.writeLong(s.inPeriodNs);
        out.writeLong(s.outPeriodNs);
        out.writeInt(s.rois);
        out.writeInt(s.flags);
        out.writeLong(s.startNs);
        out.writeInt(s.resampler.up());
        out.writeInt(s.resampler.down());
        s.resampler.writeState(out);
    }

    @Override
    protected ResampleState read(final int layout, final DataInputView in) throws IOException {
        final long inPeriod = in.readLong();
        final long outPeriod = in.readLong();
        final int rois = in.readInt();
        final int flags = in.readInt();
        final long start = in.readLong();
        final int up = in.readInt();
        final int down = in.readInt();
        if (inPeriod <= 0 || outPeriod <= 0 || rois < 1 || rois > 1 << 24) {
            throw new StateFormatException(
                    "resampling state of "
                            + rois
                            + " ROIs, periods "
                            + inPeriod
                            + " and "
                            + outPeriod);
        }
        final PolyphaseResampler r;
        try {
            r = new PolyphaseResampler(rois, up, down);
        } catch (final IllegalArgumentException e) {
            throw new StateFormatException("resampling state: " + e.getMessage());
        }
        r.readState(in);
        return new ResampleState(inPeriod, outPeriod, rois, flags, start, r);
    }

    @Override
    public ResampleState copy(final ResampleState from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<ResampleState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version of the resampling state. */
    public static final class Snapshot extends KernelStateSnapshot<ResampleState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<ResampleState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new ResampleStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "calcium resampling state";
        }
    }
}

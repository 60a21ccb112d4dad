package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.state.StateFormatException;

/**
 * Serializer of {@link AvalancheState}, a sampled stream's avalanche analysis.
 *
 * <p>Layout 1 (values big-endian, arrays little-endian: {@link
 * org.neurostream.operators.state.StateIo}): the parameters (threshold, running baseline seconds,
 * bin seconds, statistics period seconds: float64), the layout (channels int32, period ns and first
 * sample's device time ns int64), the clock (samples, next statistics at: int64), then the stream's
 * own form ({@link org.neurostream.operators.avalanche.AvalancheStream#writeState}: per-channel
 * running mean, variance and open excursion, pending bins and open avalanche, the branching-ratio
 * sums, the last 1000 avalanches). About 6 KiB for 64 channels before the rolling window fills, 50
 * KiB with it full.
 */
public final class AvalancheStateSerializer extends KernelStateSerializer<AvalancheState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 1;

    /** The serializer of the current layout. */
    public static final AvalancheStateSerializer INSTANCE = new AvalancheStateSerializer(VERSION);

    private AvalancheStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final AvalancheState s, final DataOutputView out) throws IOException {
        out.writeDouble(s.threshold);
        out.writeDouble(s.runningSeconds);
        out.writeDouble(s.binSeconds);
        out.writeDouble(s.statsEverySeconds);
        out.writeInt(s.channels);
        out.writeLong(s.periodNs);
        out.writeLong(s.startNs);
        out.writeLong(s.samples);
        out.writeLong(s.nextStatsAt);
        s.stream.writeState(out);
    }

    @Override
    protected AvalancheState read(final int layout, final DataInputView in) throws IOException {
        final double threshold = in.readDouble();
        final double running = in.readDouble();
        final double bin = in.readDouble();
        final double statsEvery = in.readDouble();
        final int channels = in.readInt();
        final long periodNs = in.readLong();
        final long startNs = in.readLong();
        final AvalancheState s;
        try {
            s =
                    new AvalancheState(
                            threshold, running, bin, statsEvery, channels, periodNs, startNs);
        } catch (final IllegalArgumentException e) {
            throw new StateFormatException("avalanche state parameters: " + e.getMessage());
        }
        s.samples = in.readLong();
        s.nextStatsAt = in.readLong();
        s.stream.readState(in);
        return s;
    }

    @Override
    public AvalancheState copy(final AvalancheState from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<AvalancheState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** The layout version of the avalanche state. */
    public static final class Snapshot extends KernelStateSnapshot<AvalancheState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<AvalancheState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new AvalancheStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "avalanche state";
        }
    }
}

package org.neurostream.operators.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.neurostream.operators.calcium.CalciumOptions;
import org.neurostream.operators.state.StateFormatException;

/**
 * Serializer of {@link CalciumState}, a calcium stream's dF/F, OASIS and event-avalanche state.
 *
 * <p>Layout 2 (values big-endian, arrays little-endian: {@link
 * org.neurostream.operators.state.StateIo}): the options at the stream's rate (fs float64, input is
 * dF/F bool, neuropil coefficient and percentile float64, window int32, tau float64, estimation
 * frames int32, fallback tau float64, lag int32, s_min, L1 penalty, OASIS baseline float64),
 * avalanche bin frames and ROI count (int32), period and first frame's device time ns, event frames
 * emitted (int64), then the kernel's form ({@link
 * org.neurostream.operators.calcium.CalciumKernel#writeState}: per ROI flags, counters and
 * baselines, the baseline windows' values in ring order as float32 when they are exact floats, the
 * live OASIS pools) and the event avalanches' ({@link
 * org.neurostream.operators.avalanche.AvalancheStream#writeState}). About 4 W + 100 bytes per ROI
 * once the windows are full (W = 500: 2.1 MB for 1000 ROIs).
 *
 * <p>Layout 1, which this build reads and migrates: the same, except that each baseline window was
 * written as its two heaps with a uint16 ring slot per value (6 W + 100 bytes per ROI, 3.1 MB for
 * 1000 ROIs). Layout 2 writes a third less; the heaps are rebuilt from the ring on a restore
 * ({@link org.neurostream.operators.calcium.RunningPercentile#readState(java.io.DataInput, int)}).
 *
 * <p>Being written in full at every checkpoint, the form goes to the stream in chunks of 64 KiB,
 * never a stream call per value: the kernel's per-ROI arrays in bulk ({@link
 * org.neurostream.operators.state.StateIo}), the percentile windows narrowed from float64 to
 * float32 in a scratch array and copied in bulk, the OASIS pools gathered in one chunk ({@link
 * org.neurostream.operators.state.ChunkWriter}); whether the windows can be written as float32 is
 * counted as values come and go, not found by a scan. {@link #copy} copies arrays, no encoding.
 */
public final class CalciumStateSerializer extends KernelStateSerializer<CalciumState> {
    private static final long serialVersionUID = 1L;

    /** The layout this build writes. */
    public static final int VERSION = 2;

    /** The serializer of the current layout. */
    public static final CalciumStateSerializer INSTANCE = new CalciumStateSerializer(VERSION);

    private CalciumStateSerializer(final int version) {
        super(version, VERSION);
    }

    @Override
    protected void write(final CalciumState s, final DataOutputView out) throws IOException {
        final CalciumOptions o = s.options;
        out.writeDouble(o.fs());
        out.writeBoolean(o.inputIsDff());
        out.writeDouble(o.neuropilCoefficient());
        out.writeDouble(o.percentile());
        out.writeInt(o.window());
        out.writeDouble(o.tauSeconds());
        out.writeInt(o.estimationFrames());
        out.writeDouble(o.fallbackTauSeconds());
        out.writeInt(o.lag());
        out.writeDouble(o.sMin());
        out.writeDouble(o.l1Penalty());
        out.writeDouble(o.oasisBaseline());
        out.writeInt(s.avalancheBinFrames);
        out.writeInt(s.rois);
        out.writeLong(s.periodNs);
        out.writeLong(s.startNs);
        out.writeLong(s.eventFrames);
        s.kernel.writeState(out);
        s.avalanches.writeState(out);
    }

    @Override
    protected CalciumState read(final int layout, final DataInputView in) throws IOException {
        final CalciumState s;
        try {
            final CalciumOptions o =
                    CalciumOptions.builder(in.readDouble())
                            .inputIsDff(in.readBoolean())
                            .neuropilCoefficient(in.readDouble())
                            .percentile(in.readDouble())
                            .window(in.readInt())
                            .tauSeconds(in.readDouble())
                            .estimationFrames(in.readInt())
                            .fallbackTauSeconds(in.readDouble())
                            .lag(in.readInt())
                            .sMin(in.readDouble())
                            .l1Penalty(in.readDouble())
                            .oasisBaseline(in.readDouble())
                            .build();
            final int binFrames = in.readInt();
            final int rois = in.readInt();
            final long periodNs = in.readLong();
            final long startNs = in.readLong();
            if (binFrames < 1 || rois < 1 || rois > 1 << 24 || periodNs <= 0) {
                throw new StateFormatException(
                        "calcium state of "
                                + rois
                                + " ROIs, period "
                                + periodNs
                                + " ns, avalanche bins of "
                                + binFrames
                                + " frames");
            }
            s = new CalciumState(o, binFrames, rois, periodNs, startNs);
        } catch (final IllegalArgumentException e) {
            throw new StateFormatException("calcium state options: " + e.getMessage());
        }
        s.eventFrames = in.readLong();
        s.kernel.readState(in, layout);
        s.avalanches.readState(in);
        return s;
    }

    @Override
    public CalciumState copy(final CalciumState from) {
        return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<CalciumState> snapshotConfiguration() {
        return new Snapshot(version());
    }

    /** Whether two option sets are the same, field by field (NaN equal to NaN). */
    static boolean sameOptions(final CalciumOptions a, final CalciumOptions b) {
        return Double.compare(a.fs(), b.fs()) == 0
                && a.inputIsDff() == b.inputIsDff()
                && Double.compare(a.neuropilCoefficient(), b.neuropilCoefficient()) == 0
                && Double.compare(a.percentile(), b.percentile()) == 0
                && a.window() == b.window()
                && Double.compare(a.tauSeconds(), b.tauSeconds()) == 0
                && a.estimationFrames() == b.estimationFrames()
                && Double.compare(a.fallbackTauSeconds(), b.fallbackTauSeconds()) == 0
                && a.lag() == b.lag()
                && Double.compare(a.sMin(), b.sMin()) == 0
                && Double.compare(a.l1Penalty(), b.l1Penalty()) == 0
                && Double.compare(a.oasisBaseline(), b.oasisBaseline()) == 0;
    }

    /** The layout version of the calcium state. */
    public static final class Snapshot extends KernelStateSnapshot<CalciumState> {
        public Snapshot() {
            this(VERSION);
        }

        Snapshot(final int layout) {
            super(VERSION, layout);
        }

        @Override
        protected TypeSerializer<CalciumState> serializer(final int layout) {
            return layout == VERSION ? INSTANCE : new CalciumStateSerializer(layout);
        }

        @Override
        protected String stateName() {
            return "calcium state";
        }
    }
}

package org.neurostream.operators.flink;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.neurostream.core.frame.FrameRecord;

/**
 * An EEG frame as {@link BandPowerFunction} passed it on to the decoder ({@link
 * BandPowerFunction#DECODER_FRAMES}), with the band powers of the windows that this frame
 * completed: window w ends after the frame's first {@link #windowEnds()}[w] samples (its last
 * sample is the frame's sample windowEnds[w] - 1) and its band powers, channel major as in the
 * band-power record, are {@code bandPower()[w * values .. (w + 1) * values)} with values = channels
 * x bands. Most frames complete no window: both arrays are then empty. So that the decoder scores a
 * window from the band powers the job already computed instead of computing the same Welch PSD
 * again; the frame itself goes on to the decoder's other models.
 *
 * <p>A tuple, so that it travels between operators with Flink's tuple serializer over {@link
 * FrameRecordTypeInfo} and primitive arrays ({@link #TYPE}), neither Kryo nor POJO reflection.
 */
public final class BandPowerFrame extends Tuple3<FrameRecord, int[], double[]> {
    private static final long serialVersionUID = 1L;

    private static final int[] NO_WINDOWS = new int[0];
    private static final double[] NO_POWERS = new double[0];

    /** The type of the decoder's input edge. */
    public static final TypeInformation<BandPowerFrame> TYPE =
            new TupleTypeInfo<>(
                    BandPowerFrame.class,
                    FrameRecordTypeInfo.INSTANCE,
                    PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO,
                    PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** For Flink's tuple serializer. */
    public BandPowerFrame() {}

    /** {@code frame} with the band powers of the windows it completed (arrays kept, not copied). */
    public BandPowerFrame(
            final FrameRecord frame, final int[] windowEnds, final double[] bandPower) {
        super(frame, windowEnds, bandPower);
    }

    /** {@code frame}, which completed no window. */
    public static BandPowerFrame of(final FrameRecord frame) {
        return new BandPowerFrame(frame, NO_WINDOWS, NO_POWERS);
    }

    /** The frame, as band power received it. */
    public FrameRecord frame() {
        return f0;
    }

    /** The frame's samples up to the end of each window it completed, in order. */
    public int[] windowEnds() {
        return f1;
    }

    /** The windows' band powers, one channels x bands block per window. */
    public double[] bandPower() {
        return f2;
    }
}

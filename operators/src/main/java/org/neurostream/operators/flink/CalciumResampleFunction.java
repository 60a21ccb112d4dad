package org.neurostream.operators.flink;

import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;

/**
 * Resamples every calcium stream to one rate before the calcium operator ({@code --resample} of a
 * replay), so that recordings of different imaging rates enter the job alike: the anti-aliased
 * polyphase filter of {@code scipy.signal.resample_poly} ({@link
 * org.neurostream.operators.calcium.PolyphaseResampler}), streaming. Each output imaging frame is
 * one SAMPLES frame: device time = the stream's first frame + k x the output period, sequence k,
 * the input's flags (dF/F stays dF/F). Outputs lag their input by 10 max(up, down) / up input
 * frames; the last outputs of a stream are never made (they would need input past its end). A
 * stream already at the rate passes unchanged, and so do frames of other modalities.
 *
 * <p>State: each stream's resampler is keyed state ({@link ResampleState}, serialized by {@link
 * ResampleStateSerializer}); a change of ROIs, period or flags restarts it. An end-of-stream frame
 * frees it and is passed on as the resampled stream's end (the next sequence and device time); so
 * the {@link IdleTimeout} of {@link #withIdleTimeout} frees a stream that stopped.
 */
public final class CalciumResampleFunction
        extends KeyedKernelFunction<ResampleState, FrameRecord, CalciumResampleFunction>
        implements ResultTypeQueryable<FrameRecord> {
    private static final long serialVersionUID = 1L;

    private final double rateHz;
    private final long periodNs;

    /**
     * @param rateHz the rate every calcium stream leaves at
     * @throws IllegalArgumentException when the rate is not positive
     */
    public CalciumResampleFunction(final double rateHz) {
        if (!(rateHz > 0) || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("resampling needs a rate > 0 Hz, got " + rateHz);
        }
        this.rateHz = rateHz;
        this.periodNs = Math.round(1e9 / rateHz);
    }

    /** The output rate. */
    public double rateHz() {
        return rateHz;
    }

    @Override
    public TypeInformation<FrameRecord> getProducedType() {
        return FrameRecordTypeInfo.INSTANCE;
    }

    @Override
    protected ValueStateDescriptor<ResampleState> stateDescriptor() {
        return new ValueStateDescriptor<>("calcium-resample", ResampleStateSerializer.INSTANCE);
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<FrameRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.SAMPLES
                || decoder.modality() != Modality.CALCIUM
                || decoder.periodNs() == periodNs) {
            out.collect(frame);
            return false;
        }
        ResampleState s = state().value();
        if (decoder.elementCount() > 0) {
            if (s == null
                    || !s.fits(
                            decoder.periodNs(),
                            periodNs,
                            decoder.channelCount(),
                            decoder.flags())) {
                s =
                        new ResampleState(
                                decoder.periodNs(),
                                rateHz,
                                decoder.channelCount(),
                                decoder.flags(),
                                decoder.deviceTimeNs());
            }
            s.append(decoder, frame.streamId, out::collect);
            state().update(s);
        }
        if (EndOfStream.isMarked(decoder)) {
            out.collect(s != null ? s.endOfStream(frame.streamId, decoder.ingestTimeNs()) : frame);
        }
        return true;
    }
}

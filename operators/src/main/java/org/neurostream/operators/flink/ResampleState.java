package org.neurostream.operators.flink;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;
import org.neurostream.operators.calcium.PolyphaseResampler;

/**
 * One calcium stream in {@link CalciumResampleFunction}'s keyed state: its input period, ROIs and
 * flags, the device time of its first imaging frame, and the {@link PolyphaseResampler} that turns
 * its imaging frames into frames at the target rate. Serialized by {@link ResampleStateSerializer}.
 */
public final class ResampleState {
    final long inPeriodNs;
    final long outPeriodNs;
    final int rois;
    final int flags;
    final long startNs;
    final PolyphaseResampler resampler;

    private final float[] in;
    private final float[] out;
    private final FrameEncoder encoder = new FrameEncoder();

    /**
     * A fresh stream.
     *
     * @param inPeriodNs its imaging frame period
     * @param outHz the target rate
     * @param rois its ROIs
     * @param flags its frames' flags (kept on the output, such as {@link FrameDescriptor#FLAG_DFF})
     * @param startNs device time of its first imaging frame, that of the first output too
     */
    public ResampleState(
            final long inPeriodNs,
            final double outHz,
            final int rois,
            final int flags,
            final long startNs) {
        this(
                inPeriodNs,
                Math.round(1e9 / outHz),
                rois,
                flags,
                startNs,
                PolyphaseResampler.ofRates(rois, CalciumFunction.frameRate(inPeriodNs), outHz));
    }

    ResampleState(
            final long inPeriodNs,
            final long outPeriodNs,
            final int rois,
            final int flags,
            final long startNs,
            final PolyphaseResampler resampler) {
        this.inPeriodNs = inPeriodNs;
        this.outPeriodNs = outPeriodNs;
        this.rois = rois;
        this.flags = flags & ~FrameDescriptor.FLAG_END_OF_STREAM;
        this.startNs = startNs;
        this.resampler = resampler;
        this.in = new float[rois];
        this.out = new float[resampler.maxOutputsPerInput() * rois];
    }

    /** A deep copy. */
    ResampleState copy() {
        return new ResampleState(inPeriodNs, outPeriodNs, rois, flags, startNs, resampler.copy());
    }

    /** Whether this state belongs to a stream of this layout resampled to this period. */
    boolean fits(final long inPeriodNs, final long outPeriodNs, final int rois, final int flags) {
        return this.inPeriodNs == inPeriodNs
                && this.outPeriodNs == outPeriodNs
                && this.rois == rois
                && this.flags == (flags & ~FrameDescriptor.FLAG_END_OF_STREAM);
    }

    /** Resamples the imaging frames of one frame; each output imaging frame is one frame. */
    void append(final FrameDecoder frame, final String streamId, final Consumer<FrameRecord> sink) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = StreamId.session(streamId).getBytes(StandardCharsets.UTF_8);
        for (int s = 0; s < frame.elementCount(); s++) {
            for (int r = 0; r < rois; r++) {
                in[r] = frame.sample(s, r);
            }
            final long first = resampler.outputs();
            final int n = resampler.push(in, 0, out, 0);
            for (int k = 0; k < n; k++) {
                sink.accept(
                        encode(
                                id,
                                session,
                                first + k,
                                1,
                                0,
                                out,
                                k * rois,
                                frame.ingestTimeNs(),
                                streamId));
            }
        }
    }

    /** The frame that ends the output stream: no sample, the next sequence and device time. */
    FrameRecord endOfStream(final String streamId, final long ingestNs) {
        return encode(
                streamId.getBytes(StandardCharsets.UTF_8),
                StreamId.session(streamId).getBytes(StandardCharsets.UTF_8),
                resampler.outputs(),
                0,
                FrameDescriptor.FLAG_END_OF_STREAM,
                out,
                0,
                ingestNs,
                streamId);
    }

    private FrameRecord encode(
            final byte[] id,
            final byte[] session,
            final long index,
            final int samples,
            final int extraFlags,
            final float[] values,
            final int offset,
            final long ingestNs,
            final String streamId) {
        final long device = startNs + index * outPeriodNs;
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, rois, samples, id.length, session.length)];
        encoder.wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.CALCIUM)
                .flags(flags | extraFlags)
                .sequence(index)
                .deviceTimeNs(device)
                .periodNs(outPeriodNs)
                .ingestTimeNs(ingestNs)
                .counts(rois, samples)
                .ids(id, session);
        if (samples > 0) {
            encoder.putSamples(values, offset);
        }
        encoder.finish();
        return new FrameRecord(streamId, device, Modality.CALCIUM, bytes);
    }
}

package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * Streaming band power and band differential entropy per stream (keyed by stream id): every hop,
 * the Welch estimate over the last window of all channels at once, through the same compute
 * backends as the offline command (the {@link WelchKernel} on the CPU, or OpenCL), and the entropy
 * of the continuously band-passed channels over the same window; {@link SpectralAnalysis} does the
 * work. Emission points are counted in samples from the stream's first sample, so the output
 * depends only on the frames, never on arrival timing or watermarks. Frame sequence numbers are
 * checked once, before the modality operators, by {@link SequenceCheckFunction}: a gap does not
 * restart the analysis, its samples simply never arrive.
 *
 * <p>State: {@link SpectralState} per stream, keyed state serialized by {@link
 * SpectralStateSerializer}. An end-of-stream frame frees it and emits nothing (a window not yet due
 * is not emitted); so does the {@link IdleTimeout} of {@link #withIdleTimeout}. A stream that
 * starts again under the same id after its end numbers its records from 0 again.
 *
 * <p>For the decoder ({@link #withDecoderFrames}): every frame, whatever its kind, also goes to
 * {@link #DECODER_FRAMES} with the band powers of the windows it completed ({@link
 * BandPowerFrame}), before the records go on, so that the decoder scores those windows without
 * computing their Welch PSD again and without waiting for the records' sinks.
 *
 * <p>Its records travel as {@link BandPowerRecordTypeInfo} (no POJO reflection; copies to chained
 * consumers share the records' arrays).
 */
public final class BandPowerFunction extends AbstractBandPowerFunction<BandPowerFunction>
        implements ResultTypeQueryable<BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * Every frame with the band powers of the windows it completed ({@link #withDecoderFrames}).
     */
    public static final OutputTag<BandPowerFrame> DECODER_FRAMES =
            new OutputTag<>("decoder-frames", BandPowerFrame.TYPE);

    private boolean decoderFrames;
    private transient List<BandPowerRecord> emitted;

    /** The stream's samples before the current frame and its start, for {@link #emitted}'s ends. */
    private transient long samplesBefore;

    private transient long startNs;

    private transient long periodNs;

    private transient Collector<BandPowerRecord> collecting;

    public BandPowerFunction(final BandPowerOptions options) {
        this(options, BackendKind.AUTO);
    }

    /** Band power on the compute backend {@code backend} (auto: an OpenCL GPU if any, else CPU). */
    public BandPowerFunction(final BandPowerOptions options, final BackendKind backend) {
        super(options, backend);
    }

    /**
     * Also passes every frame on to {@link #DECODER_FRAMES}, with the band powers of the windows it
     * completed; call before the job runs.
     */
    public BandPowerFunction withDecoderFrames() {
        this.decoderFrames = true;
        return this;
    }

    @Override
    public TypeInformation<BandPowerRecord> getProducedType() {
        return BandPowerRecordTypeInfo.INSTANCE;
    }

    @Override
    protected SpectralAnalysis analysis(final int channels, final long periodNs) {
        return new SpectralAnalysis(options(), channels, periodNs, backend());
    }

    @Override
    protected void openBandPower(final OpenContext context) {
        emitted = new ArrayList<>(1);
        collecting =
                new Collector<>() {
                    @Override
                    public void collect(final BandPowerRecord record) {
                        emitted.add(record);
                    }

                    @Override
                    public void close() {}
                };
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<BandPowerRecord> out)
            throws Exception {
        if (!decoderFrames) {
            return analyse(frame, decoder, out);
        }
        final boolean taken = analyse(frame, decoder, collecting);
        ctx.output(DECODER_FRAMES, decoderFrame(frame));
        for (int i = 0; i < emitted.size(); i++) {
            out.collect(emitted.get(i));
        }
        emitted.clear();
        return taken;
    }

    /** {@code frame} with the band powers of the records it completed ({@link #emitted}). */
    private BandPowerFrame decoderFrame(final FrameRecord frame) {
        if (emitted.isEmpty()) {
            return BandPowerFrame.of(frame);
        }
        final int windows = emitted.size();
        final int values = emitted.get(0).bandPower.length;
        final int[] ends = new int[windows];
        final double[] powers = new double[windows * values];
        for (int w = 0; w < windows; w++) {
            final BandPowerRecord r = emitted.get(w);
            // a record ends at startNs + samples x period, samples counted from the stream's first
            ends[w] = (int) ((r.endNs - startNs) / periodNs - samplesBefore);
            System.arraycopy(r.bandPower, 0, powers, w * values, values);
        }
        return new BandPowerFrame(frame, ends, powers);
    }

    @Override
    protected void resumed(final SpectralState s) {
        samplesBefore = s.samples;
        startNs = s.startNs;
        periodNs = s.periodNs;
    }
}

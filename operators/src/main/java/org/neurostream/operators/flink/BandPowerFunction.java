package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.ingest.flink.FrameRecord;
import org.neurostream.ingest.frame.FrameDecoder;
import org.neurostream.ingest.frame.FrameKind;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.features.FeatureRecord;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * Streaming band power per stream (keyed by stream id): every hop, the Welch estimate over the
 * last window of all channels at once, through the same backends as the offline command ({@link
 * BandPowerBackends}: the WelchKernel on the CPU, or OpenCL). Emission points are counted in
 * samples from the stream's first sample, so the output depends only on the frames, never on
 * arrival timing or watermarks.
 */
public final class BandPowerFunction extends KeyedProcessFunction<String, FrameRecord, FeatureRecord> {
    private static final long serialVersionUID = 1L;

    private final BandPowerOptions options;
    private final BackendKind backend;
    private transient ValueState<SpectralState> state;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Map<String, Analysis> analyses;
    private transient Counter sequenceGaps;
    private transient Counter skippedFrames;

    public BandPowerFunction(final BandPowerOptions options) {
        this(options, BackendKind.AUTO);
    }

    /** Band power on the compute backend {@code backend} (auto: an OpenCL GPU if any, else CPU). */
    public BandPowerFunction(final BandPowerOptions options, final BackendKind backend) {
        this.options = options;
        this.backend = backend;
    }

    @Override
    public void open(final OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("spectral", SpectralState.class));
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        analyses = new HashMap<>();
        sequenceGaps = getRuntimeContext().getMetricGroup().counter("sequenceGaps");
        skippedFrames = getRuntimeContext().getMetricGroup().counter("bandPowerSkippedFrames");
    }

    @Override
    public void close() {
        if (analyses != null) {
            analyses.values().forEach(a -> a.kernel.close());
        }
    }

    @Override
    public void processElement(final FrameRecord frame, final Context ctx, final Collector<FeatureRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES) {
            skippedFrames.inc();
            return;
        }
        SpectralState s = state.value();
        if (s == null || s.channels != decoder.channelCount() || s.periodNs != decoder.periodNs()) {
            // a new stream, or one that changed its layout: start over rather than mix layouts
            s = newState(decoder);
        }
        if (decoder.sequence() != s.nextSequence) {
            sequenceGaps.inc();
        }
        s.nextSequence = decoder.sequence() + 1;
        final Analysis analysis = analysis(s);
        final int channels = s.channels;
        final int window = s.window;
        final float[] ring = s.ring;
        final int n = decoder.elementCount();
        for (int i = 0; i < n; i++) {
            final int slot = (int) (s.samples % window);
            for (int c = 0; c < channels; c++) {
                ring[c * window + slot] = decoder.sample(i, c);
            }
            s.samples++;
            if (s.samples == s.nextEmitAt) {
                out.collect(analysis.emit(s, frame.streamId, decoder.ingestTimeNs()));
                s.nextEmitAt += s.hop;
            }
        }
        state.update(s);
    }

    private SpectralState newState(final FrameDecoder d) {
        final SpectralState s = new SpectralState();
        final double fs = 1e9 / d.periodNs();
        s.channels = d.channelCount();
        s.periodNs = d.periodNs();
        s.startNs = d.deviceTimeNs();
        s.window = options.windowSamples(fs);
        s.hop = options.hopSamples(fs);
        s.ring = new float[s.channels * s.window];
        s.nextEmitAt = s.window;
        s.nextSequence = d.sequence();
        return s;
    }

    private Analysis analysis(final SpectralState s) {
        return analyses.computeIfAbsent(s.channels + "/" + s.periodNs + "/" + s.window,
                k -> new Analysis(options, backend, s.channels, 1e9 / s.periodNs, s.window));
    }

    /** Kernel and scratch for one stream layout, shared by the streams of that layout. */
    private static final class Analysis {
        private final BandPowerBackend kernel;
        private final WelchConfig config;
        private final String[] bandNames;
        private final float[][] scratch;
        private final int channels;
        private final int bands;

        Analysis(final BandPowerOptions options, final BackendKind kind, final int channels, final double fs,
                final int window) {
            this.config = options.welchConfig(fs);
            this.kernel = BandPowerBackends.create(config, kind);
            this.channels = channels;
            this.bands = config.bands().size();
            this.bandNames = config.bands().stream().map(Band::name).toArray(String[]::new);
            this.scratch = new float[channels][window];
        }

        FeatureRecord emit(final SpectralState s, final String streamId, final long ingestNs) {
            final int window = s.window;
            final int oldest = (int) (s.samples % window);
            for (int c = 0; c < channels; c++) {
                // unroll the ring into time order: [oldest .. end) then [0 .. oldest)
                System.arraycopy(s.ring, c * window + oldest, scratch[c], 0, window - oldest);
                System.arraycopy(s.ring, c * window, scratch[c], window - oldest, oldest);
            }
            final FeatureRecord r = new FeatureRecord();
            r.kind = "bandpower";
            r.streamId = streamId;
            r.endNs = s.startNs + s.samples * s.periodNs;
            r.startNs = r.endNs - window * s.periodNs;
            r.ingestNs = ingestNs;
            r.channels = channels;
            r.bands = bandNames;
            r.bandPower = new double[channels * bands];
            r.relativePower = new double[channels * bands];
            kernel.bandPowers(scratch, 0, window, r.bandPower, r.relativePower);
            r.integration = config.integration().name().toLowerCase(java.util.Locale.ROOT);
            r.nperseg = config.nperseg();
            r.windowSamples = window;
            return r;
        }
    }
}

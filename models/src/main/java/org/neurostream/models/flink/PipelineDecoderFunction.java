package org.neurostream.models.flink;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;

/**
 * Decodes EEG frames with a {@link PipelineModel}, keyed by stream id: the {@link StreamingDecoder}
 * kernel runs the model's causal filters from each stream's first sample and scores a window on the
 * job's grid (the model's window once that many samples are in, then every hop), so its predictions
 * are those of {@code evaluate-decoder}'s window scoring on the same samples. Everything a stream
 * has (filter states, the window ring, counters, the next {@link Prediction#seq}) lives in keyed
 * state ({@link DecoderStreamStateSerializer}), so a restore from a checkpoint goes on exactly as
 * an uninterrupted run.
 *
 * <p>A prediction's interval is its window in device time; its {@code probability} is that of the
 * model's class 1 for two classes, of the predicted class for more. Frames that are not samples, or
 * whose channel count or sample period the model was not trained on, are counted ({@code
 * decoderFrameMismatches}) and skipped without touching the stream's state. Not wired into the job
 * yet.
 */
public final class PipelineDecoderFunction
        extends KeyedProcessFunction<String, FrameRecord, PredictionRecord> {
    private static final long serialVersionUID = 1L;

    private final String modelJson;
    private final String modelName;
    private transient PipelineModel model;
    private transient StreamingDecoder decoder;
    private transient ValueState<DecoderStreamState> state;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder frames;
    private transient float[] samples;
    private transient Counter mismatches;
    private transient Emitter emitter;

    /**
     * @param modelJson the model file's content
     * @param modelSource where it came from, for error messages (its file name)
     */
    public PipelineDecoderFunction(final String modelJson, final String modelSource) {
        this.modelJson = modelJson;
        this.modelName = modelSource;
    }

    @Override
    public void open(final OpenContext context) throws Exception {
        model = PipelineModel.fromJson(modelJson, Path.of(modelName));
        decoder = new StreamingDecoder(model);
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "decoder-stream", new DecoderStreamStateSerializer()));
        buffer = new UnsafeBuffer(new byte[0]);
        frames = new FrameDecoder();
        samples = new float[0];
        mismatches = getRuntimeContext().getMetricGroup().counter("decoderFrameMismatches");
        emitter = new Emitter(model);
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<PredictionRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        frames.wrap(buffer, 0);
        if (frames.kind() != FrameKind.SAMPLES
                || frames.channelCount() != decoder.channels()
                || !samePeriod(frames.periodNs())) {
            mismatches.inc();
            return;
        }
        DecoderStreamState s = state.value();
        if (s == null) {
            s = decoder.newState();
            s.startNs = frames.deviceTimeNs();
        }
        final int values = frames.channelCount() * frames.elementCount();
        if (samples.length < values) {
            samples = new float[values];
        }
        frames.copySamples(samples, 0);
        emitter.bind(frame.streamId, s.startNs, frames.periodNs(), frames.ingestTimeNs(), out);
        decoder.append(s, samples, 0, frames.elementCount(), emitter);
        state.update(s);
    }

    private boolean samePeriod(final long periodNs) {
        final double fs = 1e9 / periodNs;
        return Math.abs(fs - model.sampleRateHz()) <= 1e-6 * model.sampleRateHz();
    }

    /** Turns the kernel's windows into predictions for the current frame's stream. */
    private static final class Emitter implements StreamingDecoder.Listener {
        private final String name;
        private final String[] labels;
        private final int window;
        private String streamId;
        private long startNs;
        private long periodNs;
        private long ingestNs;
        private Collector<PredictionRecord> out;

        Emitter(final PipelineModel model) {
            this.name = model.name();
            this.labels = model.classes().stream().map(c -> c.name()).toArray(String[]::new);
            this.window = model.windowSamples();
        }

        void bind(
                final String streamId,
                final long startNs,
                final long periodNs,
                final long ingestNs,
                final Collector<PredictionRecord> out) {
            this.streamId = streamId;
            this.startNs = startNs;
            this.periodNs = periodNs;
            this.ingestNs = ingestNs;
            this.out = out;
        }

        @Override
        public void onWindow(
                final long seq, final long endSample, final double[] p, final int label) {
            final PredictionRecord prediction = new PredictionRecord();
            prediction.streamId = streamId;
            prediction.seq = seq;
            prediction.endNs = startNs + endSample * periodNs;
            prediction.startNs = prediction.endNs - window * periodNs;
            prediction.ingestNs = ingestNs;
            prediction.model = name;
            prediction.label = labels[label];
            prediction.probability = p.length == 2 ? p[1] : p[label];
            prediction.classes = labels;
            prediction.probabilities = p.clone();
            out.collect(prediction);
        }
    }
}

package org.neurostream.models.flink;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.stream.ModelHandover;
import org.neurostream.models.stream.StreamDecoding;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.flink.ImmutableRecordTypeInfo;
import org.neurostream.operators.flink.StreamExpiry;

/**
 * The job's decoder over inputs of type {@code I} that carry EEG frames ({@link
 * PipelineDecoderFunction}: the frames; {@link BandPowerDecoderFunction}: the frames with the band
 * powers the job computed): decodes EEG frames, keyed by stream id, with the model the job started
 * with (version 0) and then with each model published on {@code neuro.models}, which arrives on the
 * broadcast input ({@link PublishedModel}). Per stream the {@link StreamingDecoder} kernel runs the
 * model's causal filters from the stream's first sample and scores a window on the job's grid (the
 * model's window once that many samples are in, then every hop), so its predictions are those of
 * {@code evaluate-decoder}'s window scoring on the same samples; {@link ModelHandover} moves every
 * stream to a newly published model at a window of the grid, losing and repeating none.
 *
 * <p>State: each stream's {@link StreamDecoding} (filter states, window rings, counters, the next
 * {@code seq}, the stream's model) in keyed state ({@link StreamDecodingSerializer}); the models
 * accepted so far and which one is current in broadcast state ({@link #MODELS}, {@link #CURRENT}),
 * so a restore goes on with the same model on every stream, exactly as an uninterrupted run.
 * End-of-stream frames and the idle timeout free a stream's state.
 *
 * <p>Bad models never fail the job: a published model that does not load (an unknown kind or
 * version, a corrupt ONNX graph, a key that is not the file's name) leaves every stream with its
 * model; one whose channel count or sample rate does not fit a stream leaves that stream with its
 * model. Each refusal is one {@link DeadLetterRecord} on {@link #DEAD_LETTERS} naming the model
 * ({@code key}: its name, {@code origin}: its record) and the reason, once per model (per stream
 * for a misfit); the model's bytes stay on {@code neuro.models}, so the payload is empty.
 *
 * <p>A prediction's interval is its window in device time; its {@code probability} is that of the
 * model's class 1 for two classes, of the predicted class for more; it names its model and version.
 * Frames that are not samples, or whose channel count or sample period differ from the stream's
 * first frame, are counted ({@code decoderFrameMismatches}) and skipped.
 */
public abstract class DecoderFunction<I>
        extends KeyedBroadcastProcessFunction<String, I, PublishedModel, PredictionRecord>
        implements ResultTypeQueryable<PredictionRecord> {
    private static final long serialVersionUID = 1L;

    /** Dead letters of refused models. */
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("decoder-dead-letters", TypeInformation.of(DeadLetterRecord.class));

    /** Broadcast state: every published model accepted so far, by {@code NAME@VERSION}. */
    public static final MapStateDescriptor<String, PublishedModel> MODELS =
            new MapStateDescriptor<>(
                    "published-models", Types.STRING, TypeInformation.of(PublishedModel.class));

    /** Broadcast state: the current model's {@code NAME@VERSION} under the key "current". */
    public static final MapStateDescriptor<String, String> CURRENT =
            new MapStateDescriptor<>("current-model", Types.STRING, Types.STRING);

    private static final String CURRENT_KEY = "current";

    private final String modelJson;
    private final String modelSource;
    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient Map<String, Loaded> loaded;
    private transient String startModel;
    private transient ReadOnlyBroadcastState<String, PublishedModel> published;
    private transient ModelHandover.Models models;
    private transient ValueState<StreamDecoding> state;
    private transient StreamExpiry expiry;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder frames;
    private transient float[] samples;
    private transient Counter mismatches;
    private transient Counter refusals;
    private transient Emitter emitter;

    /** A decoded model: the kernel and how predictions name its classes. */
    private record Loaded(String name, long version, StreamingDecoder decoder, String[] labels) {}

    /**
     * @param modelJson the start model's file content (version 0); null: no model until one is
     *     published
     * @param modelSource where it came from (its file name): a model file of the earlier format is
     *     named by it
     */
    protected DecoderFunction(final String modelJson, final String modelSource) {
        this.modelJson = modelJson;
        this.modelSource = modelSource;
    }

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    protected final void idleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
    }

    /** The frame {@code input} carries. */
    protected abstract FrameRecord frameOf(I input);

    /**
     * Band powers that {@code input} carries for windows of stream state {@code s}, or null.
     *
     * @param s the stream's state, {@code s.channels} and {@code s.periodNs} its layout
     */
    protected abstract ModelHandover.WindowBandPowers bandPowersOf(I input, StreamDecoding s);

    @Override
    public final void open(final OpenContext context) throws Exception {
        loaded = new HashMap<>();
        if (modelJson != null) {
            final Loaded start = load(modelJson, Path.of(modelSource), 0);
            startModel = PublishedModel.id(start.name(), 0);
            loaded.put(startModel, start);
        }
        models = this::decoder;
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "decoder-stream", new StreamDecodingSerializer()));
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), state);
        buffer = new UnsafeBuffer(new byte[0]);
        frames = new FrameDecoder();
        samples = new float[0];
        mismatches = getRuntimeContext().getMetricGroup().counter("decoderFrameMismatches");
        refusals = getRuntimeContext().getMetricGroup().counter("decoderModelsRefused");
        emitter = new Emitter();
    }

    @Override
    public final void processBroadcastElement(
            final PublishedModel model, final Context ctx, final Collector<PredictionRecord> out)
            throws Exception {
        final String id = model.id();
        final Loaded decoded;
        try {
            if (model.version < 1) {
                throw new IllegalArgumentException(
                        "version " + model.version + "; published versions start at 1");
            }
            decoded = load(model.json, Path.of(model.name), model.version);
            if (!decoded.name().equals(model.name)) {
                throw new IllegalArgumentException(
                        "the file stores the name '" + decoded.name() + "', its key is the name");
            }
        } catch (final Exception e) {
            refusals.inc();
            // every subtask reads every model: one of them reports it
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                ctx.output(
                        DEAD_LETTERS,
                        new DeadLetterRecord(
                                model.origin,
                                model.name,
                                "model "
                                        + id
                                        + " refused, every stream keeps its model: "
                                        + oneLine(e),
                                null));
            }
            return;
        }
        loaded.put(id, decoded);
        final BroadcastState<String, PublishedModel> all = ctx.getBroadcastState(MODELS);
        all.put(id, model);
        ctx.getBroadcastState(CURRENT).put(CURRENT_KEY, id);
    }

    @Override
    public final void processElement(
            final I input, final ReadOnlyContext ctx, final Collector<PredictionRecord> out)
            throws Exception {
        final FrameRecord frame = frameOf(input);
        buffer.wrap(frame.bytes);
        frames.wrap(buffer, 0);
        if (frames.kind() != FrameKind.SAMPLES) {
            mismatches.inc();
            return;
        }
        StreamDecoding s = state.value();
        if (s == null) {
            s = new StreamDecoding(frames.channelCount(), frames.periodNs(), frames.deviceTimeNs());
        } else if (frames.channelCount() != s.channels || frames.periodNs() != s.periodNs) {
            mismatches.inc();
            expiry.afterFrame(frames, ctx.timerService());
            return;
        }
        published = ctx.getBroadcastState(MODELS);
        final String current = ctx.getBroadcastState(CURRENT).get(CURRENT_KEY);
        final String offered = current != null ? current : startModel;
        if (offered != null && !s.knows(offered)) {
            offer(s, offered, frame.streamId, ctx);
        }
        final int n = frames.elementCount();
        final int values = frames.channelCount() * n;
        if (samples.length < values) {
            samples = new float[values];
        }
        frames.copySamples(samples, 0);
        emitter.bind(frame.streamId, s.startNs, s.periodNs, frames.ingestTimeNs(), out);
        ModelHandover.append(s, models, samples, 0, n, bandPowersOf(input, s), emitter);
        state.update(s);
        expiry.afterFrame(frames, ctx.timerService());
    }

    private void offer(
            final StreamDecoding s,
            final String id,
            final String streamId,
            final ReadOnlyContext ctx) {
        final StreamingDecoder decoder = decoder(id);
        final String keeps = s.model == null ? "no model, no predictions" : "model " + s.model;
        if (decoder == null) {
            s.refused = id;
            refuse(
                    ctx,
                    id,
                    "stream "
                            + streamId
                            + " keeps "
                            + keeps
                            + ": model "
                            + id
                            + " is not loaded on this task");
            return;
        }
        final String misfit = ModelHandover.offer(s, id, decoder, models);
        if (misfit != null) {
            refusals.inc();
            refuse(
                    ctx,
                    id,
                    "stream "
                            + streamId
                            + " cannot take model "
                            + id
                            + ", "
                            + misfit
                            + "; it keeps "
                            + keeps);
        }
    }

    /** One refusal of model {@code id} on the dead-letter output, with its reason. */
    private void refuse(final ReadOnlyContext ctx, final String id, final String reason) {
        ctx.output(DEAD_LETTERS, new DeadLetterRecord(origin(id), nameOf(id), reason, null));
    }

    /**
     * The kernel of model {@code id}: loaded once per task, from broadcast state after a restore.
     */
    private StreamingDecoder decoder(final String id) {
        Loaded m = loaded.get(id);
        if (m == null && published != null) {
            try {
                final PublishedModel p = published.get(id);
                if (p != null) {
                    m = load(p.json, Path.of(p.name), p.version);
                    loaded.put(id, m);
                }
            } catch (final Exception e) {
                // accepted once, so it loads; if this machine cannot, the stream keeps its model
                return null;
            }
        }
        return m == null ? null : m.decoder();
    }

    private String origin(final String id) {
        if (id.equals(startModel)) {
            return modelSource;
        }
        try {
            final PublishedModel p = published == null ? null : published.get(id);
            return p != null ? p.origin : id;
        } catch (final Exception e) {
            return id;
        }
    }

    private static String nameOf(final String id) {
        return id.substring(0, id.lastIndexOf('@'));
    }

    private static Loaded load(final String json, final Path source, final long version)
            throws Exception {
        final PipelineModel model = PipelineModel.fromJson(json, source);
        return new Loaded(
                model.name(),
                version,
                new StreamingDecoder(model),
                model.classes().stream().map(DecoderClass::name).toArray(String[]::new));
    }

    private static String oneLine(final Exception e) {
        final String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public final void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<PredictionRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }

    /** Turns the kernel's windows into predictions for the current frame's stream. */
    private final class Emitter implements ModelHandover.Listener {
        private String streamId;
        private long startNs;
        private long periodNs;
        private long ingestNs;
        private Collector<PredictionRecord> out;

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
                final String model,
                final long seq,
                final long endSample,
                final double[] p,
                final int label) {
            final Loaded m = loaded.get(model);
            final PredictionRecord prediction = new PredictionRecord();
            prediction.streamId = streamId;
            prediction.seq = seq;
            prediction.endNs = startNs + endSample * periodNs;
            prediction.startNs = prediction.endNs - m.decoder().model().windowSamples() * periodNs;
            prediction.ingestNs = ingestNs;
            prediction.model = m.name();
            prediction.modelVersion = m.version();
            prediction.label = m.labels()[label];
            prediction.probability = p.length == 2 ? p[1] : p[label];
            prediction.classes = m.labels();
            prediction.probabilities = p.clone();
            out.collect(prediction);
        }
    }

    /**
     * {@link ImmutableRecordTypeInfo#PREDICTIONS}: each prediction is made anew (its probabilities
     * a copy) and only read downstream, so it goes on without copies.
     */
    @Override
    public TypeInformation<PredictionRecord> getProducedType() {
        return ImmutableRecordTypeInfo.PREDICTIONS;
    }
}

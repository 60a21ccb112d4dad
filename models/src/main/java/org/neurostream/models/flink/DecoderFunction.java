package org.neurostream.models.flink;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.DecoderModel;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.flink.StreamExpiry;

/**
 * Applies a trained decoder to every band-power record, keyed by stream id, and numbers each
 * stream's predictions 0, 1, 2... ({@link PredictionRecord#seq}) from keyed state, so that the
 * numbers survive a restore from a checkpoint: a replayed prediction gets the number it had the
 * first time. Records whose shape differs from what the model was trained on (channel count times
 * bands) are counted and skipped without using a number: a prediction from the wrong features would
 * look valid and be wrong.
 *
 * <p>A record numbered 0 starts a stream (band power numbers each stream's records from 0, again
 * after an end-of-stream frame): its prediction is numbered 0 too. The numbers are freed with the
 * {@link IdleTimeout} of {@link #withIdleTimeout}, on the records' device time (their end) or the
 * wall clock.
 */
public final class DecoderFunction
        extends KeyedProcessFunction<String, BandPowerRecord, PredictionRecord> {
    private static final long serialVersionUID = 1L;

    private final String modelJson;
    private final String modelName;
    private transient DecoderModel model;
    private transient List<String> classes;
    private transient String[] classNames;
    private transient double[] features;
    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient ValueState<Long> nextSeq;
    private transient StreamExpiry expiry;
    private transient Counter mismatched;

    /**
     * @param modelJson the model file's content
     * @param modelName how predictions name the model (its file name)
     */
    public DecoderFunction(final String modelJson, final String modelName) {
        this.modelJson = modelJson;
        this.modelName = modelName;
    }

    /** Frees the numbers of streams that stop (none by default); call before the job runs. */
    public DecoderFunction withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    @Override
    public void open(final OpenContext context) throws Exception {
        model = DecoderModel.fromJson(modelJson, Path.of(modelName));
        classes = model.classNames();
        classNames = classes.toArray(String[]::new);
        features = new double[model.featureCount()];
        nextSeq =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("prediction-seq", Long.class));
        mismatched = getRuntimeContext().getMetricGroup().counter("decoderFeatureMismatches");
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), nextSeq);
    }

    @Override
    public void processElement(
            final BandPowerRecord record, final Context ctx, final Collector<PredictionRecord> out)
            throws Exception {
        if (record.bandPower.length != features.length) {
            mismatched.inc();
            return;
        }
        BandPowerFeatures.logBandPower(record.bandPower, features);
        final Long seq = record.seq == 0 ? null : nextSeq.value();
        final PredictionRecord p = new PredictionRecord();
        p.seq = seq == null ? 0 : seq;
        p.streamId = record.streamId;
        p.startNs = record.startNs;
        p.endNs = record.endNs;
        p.ingestNs = record.ingestNs;
        p.model = modelName;
        p.probability = model.probability(features);
        p.label = classes.get(model.predict(features));
        p.classes = classNames;
        p.probabilities = new double[] {1 - p.probability, p.probability};
        nextSeq.update(p.seq + 1);
        expiry.touch(ctx.timerService(), record.endNs);
        out.collect(p);
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<PredictionRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }
}

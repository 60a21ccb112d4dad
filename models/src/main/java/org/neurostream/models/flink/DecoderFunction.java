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

/**
 * Applies a trained decoder to every band-power record, keyed by stream id, and numbers each
 * stream's predictions 0, 1, 2... ({@link PredictionRecord#seq}) from keyed state, so that the
 * numbers survive a restore from a checkpoint: a replayed prediction gets the number it had the
 * first time. Records whose shape differs from what the model was trained on (channel count times
 * bands) are counted and skipped without using a number: a prediction from the wrong features would
 * look valid and be wrong.
 */
public final class DecoderFunction
        extends KeyedProcessFunction<String, BandPowerRecord, PredictionRecord> {
    private static final long serialVersionUID = 1L;

    private final String modelJson;
    private final String modelName;
    private transient DecoderModel model;
    private transient List<String> classes;
    private transient double[] features;
    private transient ValueState<Long> nextSeq;
    private transient Counter mismatched;

    /**
     * @param modelJson the model file's content
     * @param modelName how predictions name the model (its file name)
     */
    public DecoderFunction(final String modelJson, final String modelName) {
        this.modelJson = modelJson;
        this.modelName = modelName;
    }

    @Override
    public void open(final OpenContext context) throws Exception {
        model = DecoderModel.fromJson(modelJson, Path.of(modelName));
        classes = model.classNames();
        features = new double[model.featureCount()];
        nextSeq =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("prediction-seq", Long.class));
        mismatched = getRuntimeContext().getMetricGroup().counter("decoderFeatureMismatches");
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
        final Long seq = nextSeq.value();
        final PredictionRecord p = new PredictionRecord();
        p.seq = seq == null ? 0 : seq;
        p.streamId = record.streamId;
        p.startNs = record.startNs;
        p.endNs = record.endNs;
        p.ingestNs = record.ingestNs;
        p.model = modelName;
        p.probability = model.probability(features);
        p.label = classes.get(model.predict(features));
        nextSeq.update(p.seq + 1);
        out.collect(p);
    }
}

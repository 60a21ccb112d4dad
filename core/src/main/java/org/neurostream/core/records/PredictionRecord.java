package org.neurostream.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A decoder's output for one window of a stream. A Flink POJO; its JSON view is what {@code
 * neuro.predictions} carries. The model that made it is {@link #model} at {@link #modelVersion}
 * ({@code NAME@VERSION} in summaries); the version came last to the JSON, so readers of the earlier
 * form see the fields they knew in the order they knew them.
 */
public class PredictionRecord {
    /** JSON names of the fields that readers of {@code neuro.predictions} look up. */
    public static final String JSON_MODEL = "model";

    public static final String JSON_LABEL = "label";
    public static final String JSON_PROBABILITY = "probability";
    public static final String JSON_CLASSES = "classes";
    public static final String JSON_PROBABILITIES = "probabilities";
    public static final String JSON_MODEL_VERSION = "model_version";

    /** The header of the predictions' {@code replay --out} CSV file. */
    public static final String CSV_HEADER = "start_ns,end_ns,model,label,probability";

    /** {@code <session>/<stream>}. */
    public String streamId;

    /**
     * Position in its stream's predictions: 0, 1, 2... with no holes. Numbers come from
     * checkpointed state, so after a recovery a replayed prediction carries the number it had
     * before; an at-least-once consumer drops any prediction whose seq is at or below the last it
     * kept for that stream.
     */
    public long seq;

    /** Event-time interval of the features it was made from, device ns. */
    public long startNs;

    public long endNs;

    /** Ingest stamp of the newest frame it depends on (wall-clock ns), for latency. */
    public long ingestNs;

    /**
     * The model's name, as stored in its model file (a file of the earlier format: its file name).
     */
    public String model;

    /** The predicted class name. */
    public String label;

    /**
     * Probability in [0, 1] of the model's class 1 (two classes) or of the predicted class (more).
     */
    public double probability;

    /**
     * The model's class names in model order (the same array in every prediction of a model), so
     * that a reader of {@link #probabilities} needs no model file; null from producers that do not
     * say, and then absent from the JSON, as before producers said.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String[] classes;

    /**
     * The probability of each class of {@link #classes}, in the same order, summing to 1; null
     * where {@link #classes} is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public double[] probabilities;

    /**
     * The model's version: 0 for the model the job started with, 1, 2, ... as {@code model publish}
     * numbered it on {@code neuro.models}. Not in the CSV row: a replay runs one model.
     */
    public long modelVersion;

    /** An empty record, for Flink and Jackson to fill. */
    public PredictionRecord() {}

    /**
     * The prediction's row in its {@code replay --out} CSV file, in the order of {@link
     * #CSV_HEADER}.
     */
    public String csvRow() {
        return ""
                + startNs
                + ','
                + endNs
                + ','
                + Csv.field(model)
                + ','
                + Csv.field(label)
                + ','
                + probability;
    }
}

package org.neurostream.core.records;

/**
 * A decoder's output for one feature record. A Flink POJO; its JSON view is what {@code
 * neuro.predictions} carries.
 */
public class PredictionRecord {
    /** JSON names of the fields that readers of {@code neuro.predictions} look up. */
    public static final String JSON_MODEL = "model";

    public static final String JSON_LABEL = "label";
    public static final String JSON_PROBABILITY = "probability";
    public static final String JSON_CLASSES = "classes";
    public static final String JSON_PROBABILITIES = "probabilities";

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

    /** The decoder's name, from its model file. */
    public String model;

    /** The predicted class name. */
    public String label;

    /** Probability of the model's second class (class 1), in [0, 1]. */
    public double probability;

    /**
     * The model's class names in model order (the same array in every prediction of a model), so
     * that a reader of {@link #probabilities} needs no model file; null from producers that do not
     * say.
     */
    public String[] classes;

    /**
     * The probability of each class of {@link #classes}, in the same order, summing to 1; null
     * where {@link #classes} is.
     */
    public double[] probabilities;

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

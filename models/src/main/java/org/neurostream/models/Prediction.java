package org.neurostream.models;

/**
 * A decoder's output for one feature record. A Flink POJO; its JSON view is what {@code
 * neuro.predictions} carries.
 */
public class Prediction {
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

    public Prediction() {}
}

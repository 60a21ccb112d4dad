package org.neurostream.core.records;

/**
 * A neural feature window joined on event time with what the session's other streams said at its
 * end (kind "labelled_window"): the active trial or stimulus labels of the session's marker streams
 * (interval tables, annotations) and the latest value of each of its behaviour streams at or before
 * the window's end. One per feature window (a band-power record of an EEG stream, a population
 * vector of a spike stream), with the window's features, so that a decoder of stimuli or behaviour
 * trains on it as it is. A Flink POJO; its JSON view goes to {@code neuro.features}.
 */
public class LabelledWindowRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "labelled_window";

    /** The header of the records' {@code replay --out} CSV file (features are not repeated). */
    public static final String CSV_HEADER = "start_ns,end_ns,source,label,behavior";

    /** "labelled_window". */
    public String kind;

    /** {@code <session>/<stream>} of the feature stream. */
    public String streamId;

    /** The kind of the feature record the window is: "bandpower" or "firing_rate". */
    public String source;

    /** Start of the window, device ns. */
    public long startNs;

    /** End of the window, device ns: where the labels and behaviour values are taken. */
    public long endNs;

    /** Ingest stamp of the feature record (wall-clock ns). */
    public long ingestNs;

    /**
     * The labels of the markers active at the window's end, in order of their marker streams and
     * onsets, joined by {@code ;}; null when none is.
     */
    public String label;

    /**
     * The behaviour values' names: the behaviour stream's id, with {@code [c]} for column c of a
     * stream of several columns; in order of stream id. A stream without a sample at or before the
     * window's end is left out.
     */
    public String[] behaviorNames;

    /** Each behaviour value, as {@link #behaviorNames} names them. */
    public double[] behaviorValues;

    /**
     * The window's features: band power (channel-major, as the band-power record's {@code
     * band_power}) or the population vector's spike counts per unit.
     */
    public double[] features;

    /** An empty record, for Flink and Jackson to fill. */
    public LabelledWindowRecord() {}

    /**
     * The record's row in its {@code replay --out} CSV file, in the order of {@link #CSV_HEADER}:
     * the behaviour as {@code name=value} pairs joined by {@code ;}.
     */
    public String csvRow() {
        final StringBuilder behavior = new StringBuilder();
        for (int i = 0; i < behaviorNames.length; i++) {
            behavior.append(i == 0 ? "" : ";")
                    .append(behaviorNames[i])
                    .append('=')
                    .append(behaviorValues[i]);
        }
        return ""
                + startNs
                + ','
                + endNs
                + ','
                + Csv.field(source)
                + ','
                + Csv.field(label)
                + ','
                + Csv.field(behavior.toString());
    }
}

package org.neurostream.core.records;

/**
 * One spike inferred in a calcium-imaging stream (kind "calcium_event"), with the conventions of
 * the {@code calcium} command's events.csv: the 0-based ROI address, the time of the frame the
 * spike was inferred at (not of the frame that made it final), its size in dF/F units. A Flink
 * POJO; its JSON view goes to {@code neuro.features}.
 */
public class CalciumEventRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "calcium_event";

    /**
     * The header of the events' {@code replay --out} CSV file; the names of calcium's events.csv.
     */
    public static final String CSV_HEADER = "t_us,address,amplitude";

    /** "calcium_event". */
    public String kind;

    /** {@code <session>/<stream>}. */
    public String streamId;

    /** 0-based ROI index (the channel of the SAMPLES frames). */
    public int address;

    /** round(frame x 1e6 / fs) of the inferred frame, frames counted from the stream's first. */
    public long tUs;

    /** Inferred spike size, dF/F units. */
    public double amplitude;

    /** Device time of the inferred frame, ns (the stream's first device time + frame x period). */
    public long timeNs;

    /** Ingest stamp of the newest frame the event depends on (wall-clock ns), for latency. */
    public long ingestNs;

    /** An empty record, for Flink and Jackson to fill. */
    public CalciumEventRecord() {}

    /**
     * The event's row in its {@code replay --out} CSV file, in the order of {@link #CSV_HEADER}.
     */
    public String csvRow() {
        return "" + tUs + ',' + address + ',' + amplitude;
    }
}

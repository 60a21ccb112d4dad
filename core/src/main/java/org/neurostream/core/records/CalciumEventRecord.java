package org.neurostream.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;

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

    /** The header of a stream whose ROIs carry labels ({@link #roiLabel}). */
    public static final String CSV_HEADER_WITH_LABEL = CSV_HEADER + ",roi_label";

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

    /**
     * The ROI's label from the recording's ROI table (a neuron's name, such as {@code AVAL}), or
     * null where the stream has none; absent from the JSON when null, so that records without
     * labels keep their bytes.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String roiLabel;

    /** An empty record, for Flink and Jackson to fill. */
    public CalciumEventRecord() {}

    /**
     * The event's row in its {@code replay --out} CSV file, in the order of {@link #CSV_HEADER}, or
     * of {@link #CSV_HEADER_WITH_LABEL} when the ROI has a label.
     */
    public String csvRow() {
        final String row = "" + tUs + ',' + address + ',' + amplitude;
        return roiLabel == null ? row : row + ',' + Csv.field(roiLabel);
    }
}

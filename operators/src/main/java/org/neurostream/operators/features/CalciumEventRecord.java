package org.neurostream.operators.features;

/**
 * One spike inferred in a calcium-imaging stream (kind "calcium_event"), with the conventions of
 * docs/features.md#calcium-pipeline: the 0-based ROI address, the time of the frame the spike was
 * inferred at (not of the frame that made it final), its size in dF/F units. A Flink POJO; its JSON
 * view goes to {@code neuro.features}.
 */
public class CalciumEventRecord {
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

    public CalciumEventRecord() {}
}

package org.neurostream.core.records;

/**
 * The binned population vector of a spike stream (kind "firing_rate"): the spikes of each unit in
 * one bin of a device-time grid, bins {@code [k * binNs, (k + 1) * binNs)} counted from device time
 * 0 of the session, one record per bin from the stream's first spike on, empty bins included. A
 * unit's firing rate in Hz is {@code counts[u] * 1e9 / binNs}; the vector is the input a decoder of
 * spikes takes. A Flink POJO; its JSON view goes to {@code neuro.features}.
 */
public class FiringRateRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "firing_rate";

    /** "firing_rate". */
    public String kind;

    /** {@code <session>/<stream>}. */
    public String streamId;

    /** The bin's index on the grid: {@code startNs / binNs}. */
    public long seq;

    /** Start of the bin, device ns. */
    public long startNs;

    /** End of the bin (exclusive), device ns. */
    public long endNs;

    /** Ingest stamp of the frame that completed the bin (wall-clock ns), for latency. */
    public long ingestNs;

    /** Bin width, ns. */
    public long binNs;

    /** Units in the population: the length of {@link #counts}; unit = event address. */
    public int units;

    /** Spikes of all units in the bin. */
    public long spikes;

    /** Spikes per unit in the bin, by address (0-based unit index). */
    public int[] counts;

    /** An empty record, for Flink and Jackson to fill. */
    public FiringRateRecord() {}

    /** The header of a stream's {@code replay --out} CSV file: {@code count_<u>} per unit. */
    public static String csvHeader(final int units) {
        final StringBuilder b = new StringBuilder("start_ns,end_ns,spikes");
        for (int u = 0; u < units; u++) {
            b.append(",count_").append(u);
        }
        return b.toString();
    }

    /** The bin's row in its {@code replay --out} CSV file, in the order of {@link #csvHeader}. */
    public String csvRow() {
        final StringBuilder b = new StringBuilder(16 + 3 * counts.length);
        b.append(startNs).append(',').append(endNs).append(',').append(spikes);
        for (final int c : counts) {
            b.append(',').append(c);
        }
        return b.toString();
    }
}

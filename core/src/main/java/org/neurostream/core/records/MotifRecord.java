package org.neurostream.core.records;

/**
 * One spiking-motif detection of a stream (kind "motif"): motif m ends in bin t with potential V[m,
 * t] at or above the detector's threshold (docs/features.md#motif-detection). Times are device ns.
 * A Flink POJO; its JSON view (snake_case fields) goes to {@code neuro.features}.
 */
public class MotifRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "motif";

    /** The header of the detections' {@code replay --out} CSV file. */
    public static final String CSV_HEADER = "bin,motif,potential";

    /** Record kind, "motif". */
    public String kind;

    /** {@code <session>/<stream>}. */
    public String streamId;

    /** The bin t = floor(t_us / bin width) in which the motif ends. */
    public long bin;

    /** Bin width, ns. */
    public long binNs;

    /** The bin's interval, device ns: start inclusive, end exclusive. */
    public long startNs;

    public long endNs;

    /** Ingest stamp of the newest frame the detection depends on (wall-clock ns), for latency. */
    public long ingestNs;

    /** The motif m, 0 &lt;= m &lt; M. */
    public int motif;

    /** V[m, t], a log-odds: P(motif m ends in bin t) = sigmoid(potential). */
    public double potential;

    /** An empty record, for Flink and Jackson to fill. */
    public MotifRecord() {}

    /**
     * The detection's row in its {@code replay --out} CSV file, in the order of {@link
     * #CSV_HEADER}.
     */
    public String csvRow() {
        return "" + bin + ',' + motif + ',' + potential;
    }
}

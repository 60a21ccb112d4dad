package org.neurostream.core.records;

/**
 * One neuronal avalanche of a stream, emitted when it closes (kind "avalanche"), or the rolling
 * statistics of the stream's last avalanches (kind "avalanche_stats"). Times are device ns; an
 * estimate that could not be made is null with its reason in {@code reasons}. A Flink POJO; its
 * JSON view goes to {@code neuro.features}.
 *
 * <p>Both kinds share one class, and so one JSON shape: an avalanche carries the statistics fields
 * as 0 and null, and statistics carry the avalanche fields as 0, as they always have on the topic.
 */
public class AvalancheRecord {
    /** The value of {@link #kind} for one avalanche. */
    public static final String KIND = "avalanche";

    /** The value of {@link #kind} for the rolling statistics. */
    public static final String STATS_KIND = "avalanche_stats";

    /** JSON names of the fields that readers of {@code neuro.features} look up. */
    public static final String JSON_SIZE = "size";

    public static final String JSON_ALPHA_SIZE = "alpha_size";
    public static final String JSON_ALPHA_DURATION = "alpha_duration";
    public static final String JSON_BRANCHING_RATIO = "branching_ratio";
    public static final String JSON_GAMMA_FIT = "gamma_fit";
    public static final String JSON_GAMMA_PREDICTED = "gamma_predicted";

    /** The header of the avalanches' {@code replay --out} CSV file (statistics are not written). */
    public static final String CSV_HEADER = "start_ns,end_ns,duration_bins,size,amplitude";

    public String kind;
    public String streamId;

    /** Avalanche: its first bin's start and its last bin's end. Statistics: the span they cover. */
    public long startNs;

    public long endNs;

    /** Ingest stamp of the newest frame the record depends on (wall-clock ns), for latency. */
    public long ingestNs;

    /** Bin width, ns. */
    public long binNs;

    /** Avalanche: duration in bins, size in events, summed |z| amplitude. */
    public int durationBins;

    public long size;
    public double amplitude;

    /**
     * Statistics: avalanches summarised and the estimates of the power-law fit, branching ratio and
     * scaling relation (null when none).
     */
    public long avalanches;

    public Double alphaSize;
    public Double alphaSizeSe;
    public Double xminSize;
    public Double alphaDuration;
    public Double alphaDurationSe;
    public Double xminDuration;
    public Double branchingRatio;
    public Double branchingRatioMr;
    public Double gammaFit;
    public Double gammaPredicted;

    /** Why an estimate is null, one line per missing estimate; null when all are there. */
    public String reasons;

    /** An empty record, for Flink and Jackson to fill. */
    public AvalancheRecord() {}

    /** True for one avalanche ({@link #KIND}), false for statistics ({@link #STATS_KIND}). */
    public boolean isAvalanche() {
        return KIND.equals(kind);
    }

    /**
     * The avalanche's row in its {@code replay --out} CSV file, in the order of {@link
     * #CSV_HEADER}.
     */
    public String csvRow() {
        return "" + startNs + ',' + endNs + ',' + durationBins + ',' + size + ',' + amplitude;
    }
}

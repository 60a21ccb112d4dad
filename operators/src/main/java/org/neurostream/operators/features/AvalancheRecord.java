package org.neurostream.operators.features;

/**
 * One neuronal avalanche of a stream, emitted when it closes (kind "avalanche"), or the rolling
 * statistics of the stream's last avalanches (kind "avalanche_stats"). Times are device ns; an
 * estimate that could not be made is null with its reason in {@code reasons}. A Flink POJO; its
 * JSON view goes to {@code neuro.features}.
 */
public class AvalancheRecord {
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
     * Statistics: avalanches summarised and the estimates of docs/features.md#neuronal-avalanches
     * (null when none).
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

    public AvalancheRecord() {}
}

package org.neurostream.operators.features;

/**
 * Features of one stream over one event-time interval: band power per channel and band, and the
 * power relative to the 1-45 Hz total. Values are in the input's physical unit squared (uV^2 for
 * EEG in uV). A Flink POJO; its JSON view is what {@code neuro.features} carries.
 */
public class FeatureRecord {
    /** Feature kind, "bandpower". */
    public String kind;
    /** {@code <session>/<stream>}. */
    public String streamId;
    /** Event-time interval the features describe, device ns, start inclusive, end exclusive. */
    public long startNs;
    public long endNs;
    /** Ingest stamp of the newest frame the record depends on (wall-clock ns), for latency. */
    public long ingestNs;
    /** Number of channels; values are channel-major: {@code values[channel * bands + band]}. */
    public int channels;
    public String[] bands;
    public double[] bandPower;
    public double[] relativePower;
    /** How the PSD was integrated over a band: "rect" or "trapz". */
    public String integration;
    /** Welch segment length in samples, and the analysis window in samples. */
    public int nperseg;
    public int windowSamples;

    public FeatureRecord() {}

    /** Band power of {@code channel} in band number {@code band}. */
    public double bandPower(final int channel, final int band) {
        return bandPower[channel * bands.length + band];
    }
}

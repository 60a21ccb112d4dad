package org.neurostream.operators.features;

/**
 * Features of one stream over one event-time interval: band power per channel and band, the power
 * relative to the 1-45 Hz total, and the band differential entropy. Powers are in the input's
 * physical unit squared (uV^2 for EEG in uV). A Flink POJO; its JSON view is what {@code
 * neuro.features} carries, and it holds no NaN for finite input (JSON has no NaN).
 */
public class FeatureRecord {
    /** Feature kind, "bandpower". */
    public String kind;

    /** {@code <session>/<stream>}. */
    public String streamId;

    /**
     * Position in the stream's band-power records: 0, 1, 2... from checkpointed state, so a record
     * written again after a recovery carries the number it had (consumers drop repeats by it).
     */
    public long seq;

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

    /** Time constant of the exponential averaging of periodograms behind bandPower, s; 0 = none. */
    public double averagingSeconds;

    /**
     * Band differential entropy per channel and band, channel-major like bandPower: h = 0.5 log(2
     * pi e sigma^2), sigma^2 the variance over the same window of the channel through a 4th-order
     * Butterworth band-pass that runs continuously from the stream's first sample. A variance below
     * {@code BandEntropyKernel.VARIANCE_FLOOR} (1e-20 unit^2, a flat band) is raised to it, giving
     * about -21.6 nats, and flagged in differentialEntropyFloored.
     */
    public double[] differentialEntropy;

    /** True where differentialEntropy is the floor value: the channel is flat in that band. */
    public boolean[] differentialEntropyFloored;

    /** Log base of differentialEntropy (e: nats). */
    public double entropyLogBase;

    /**
     * True while the window holds samples of the stream's first second, when the band-pass filters
     * are still settling from rest: differentialEntropy then carries their start-up transient.
     */
    public boolean settling;

    public FeatureRecord() {}

    /** Band power of {@code channel} in band number {@code band}. */
    public double bandPower(final int channel, final int band) {
        return bandPower[channel * bands.length + band];
    }

    /** Band differential entropy of {@code channel} in band number {@code band}. */
    public double differentialEntropy(final int channel, final int band) {
        return differentialEntropy[channel * bands.length + band];
    }
}

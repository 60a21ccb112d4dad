package org.neurostream.core.records;

import java.util.List;

/**
 * Features of one stream over one event-time interval: band power per channel and band, the power
 * relative to the 1-45 Hz total, and the band differential entropy. Powers are in the input's
 * physical unit squared (uV^2 for EEG in uV). A Flink POJO; its JSON view is what {@code
 * neuro.features} carries, and it holds no NaN for finite input (JSON has no NaN).
 */
public class BandPowerRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "bandpower";

    /** JSON names of the fields that readers of {@code neuro.features} look up. */
    public static final String JSON_CHANNELS = "channels";

    public static final String JSON_BANDS = "bands";
    public static final String JSON_BAND_POWER = "band_power";
    public static final String JSON_RELATIVE_POWER = "relative_power";
    public static final String JSON_DIFFERENTIAL_ENTROPY = "differential_entropy";
    public static final String JSON_DIFFERENTIAL_ENTROPY_FLOORED = "differential_entropy_floored";
    public static final String JSON_SETTLING = "settling";

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

    /** An empty record, for Flink and Jackson to fill. */
    public BandPowerRecord() {}

    /** Band power of {@code channel} in band number {@code band}. */
    public double bandPower(final int channel, final int band) {
        return bandPower[channel * bands.length + band];
    }

    /** Band differential entropy of {@code channel} in band number {@code band}. */
    public double differentialEntropy(final int channel, final int band) {
        return differentialEntropy[channel * bands.length + band];
    }

    /**
     * The header of the record's {@code replay --out} CSV file: {@code start_ns,end_ns}, then
     * {@code power_<channel>_<band>} for every channel and band, channel-major, then {@code
     * relative_...} and, when the records carry entropy, {@code bde_...}. A channel is named by its
     * label when {@code channelLabels} has one per channel, else {@code ch<index>}.
     *
     * @param channels the records' channel count
     * @param bands the records' band names
     * @param channelLabels the stream's channel labels from the session metadata (may be empty)
     * @param entropy whether the records carry differential entropy
     */
    public static String csvHeader(
            final int channels,
            final String[] bands,
            final List<String> channelLabels,
            final boolean entropy) {
        final StringBuilder b = new StringBuilder("start_ns,end_ns");
        for (final String what :
                entropy ? List.of("power", "relative", "bde") : List.of("power", "relative")) {
            for (int c = 0; c < channels; c++) {
                final String channel =
                        channelLabels.size() == channels ? channelLabels.get(c) : "ch" + c;
                for (final String band : bands) {
                    b.append(',').append(Csv.field(what + "_" + channel + "_" + band));
                }
            }
        }
        return b.toString();
    }

    /**
     * The record's row in its {@code replay --out} CSV file, in the order of {@link #csvHeader}:
     * start, end, band power, relative power and (when present) differential entropy.
     */
    public String csvRow() {
        final int values =
                bandPower.length
                        + relativePower.length
                        + (differentialEntropy == null ? 0 : differentialEntropy.length);
        final StringBuilder b = new StringBuilder(32 + values * 24);
        final char[] text = new char[PlainDoubleText.MAX_LENGTH];
        b.append(startNs).append(',').append(endNs);
        for (final double v : bandPower) {
            PlainDoubleText.append(b.append(','), v, text);
        }
        for (final double v : relativePower) {
            PlainDoubleText.append(b.append(','), v, text);
        }
        if (differentialEntropy != null) {
            for (final double v : differentialEntropy) {
                PlainDoubleText.append(b.append(','), v, text);
            }
        }
        return b.toString();
    }
}

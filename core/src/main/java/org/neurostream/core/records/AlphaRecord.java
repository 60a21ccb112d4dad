package org.neurostream.core.records;

import java.util.List;

/**
 * Alpha frequency per channel (kind {@value #KIND}): the peak of the aperiodic-corrected log
 * spectrum in the alpha peak range (Hz, at the Welch bin resolution) and the median instantaneous
 * frequency of the alpha-band analytic signal (Hz). CSV {@value #CSV_HEADER}, one row per channel.
 */
public class AlphaRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "alpha";

    /** The columns of its file. */
    public static final String CSV_HEADER = "channel,label,peak_hz,instantaneous_hz";

    /** JSON names of the values. */
    public static final String JSON_PEAK_HZ = "peak_hz";

    public static final String JSON_INSTANTANEOUS_HZ = "instantaneous_hz";

    public Double[] peakHz;
    public Double[] instantaneousHz;

    /** An empty record, for Flink and Jackson to fill. */
    public AlphaRecord() {
        super(KIND);
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return switch (jsonName) {
            case JSON_PEAK_HZ -> peakHz;
            case JSON_INSTANTANEOUS_HZ -> instantaneousHz;
            default -> null;
        };
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", peakHz, instantaneousHz);
    }
}

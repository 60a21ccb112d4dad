package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * Alpha frequency per channel (kind "alpha"): the peak of the aperiodic-corrected log spectrum in
 * the alpha peak range (Hz, at the Welch bin resolution) and the median instantaneous frequency of
 * the alpha-band analytic signal (Hz; {@link InstantaneousFrequency}). CSV {@value #CSV_HEADER}.
 */
public class AlphaRecord extends DescriptorRecord {
    public static final String KIND = "alpha";
    public static final String CSV_HEADER = "channel,label,peak_hz,instantaneous_hz";

    public Double[] peakHz;
    public Double[] instantaneousHz;

    public AlphaRecord() {
        super(KIND, CSV_HEADER);
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", peakHz, instantaneousHz);
    }
}

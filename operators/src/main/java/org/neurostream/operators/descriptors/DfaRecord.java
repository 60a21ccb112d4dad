package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * DFA exponent of the band envelope and r^2 of its log-log fit per channel (kind "dfa"; {@link
 * DetrendedFluctuation}). CSV {@value #CSV_HEADER}.
 */
public class DfaRecord extends DescriptorRecord {
    public static final String KIND = "dfa";
    public static final String CSV_HEADER = "channel,label,band,alpha,r_squared";

    /** The band's name, and its edges in Hz. */
    public String band;

    public double loHz;
    public double hiHz;
    public Double[] alpha;
    public Double[] rSquared;

    public DfaRecord() {
        super(KIND, CSV_HEADER);
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, band + ",", alpha, rSquared);
    }
}

package org.neurostream.core.records;

import java.util.List;

/**
 * DFA exponent of the band envelope and r^2 of its log-log fit per channel (kind {@value #KIND}).
 * CSV {@value #CSV_HEADER}, one row per channel.
 */
public class DfaRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "dfa";

    /** The columns of its file. */
    public static final String CSV_HEADER = "channel,label,band,alpha,r_squared";

    /** JSON names of the values. */
    public static final String JSON_ALPHA = "alpha";

    public static final String JSON_R_SQUARED = "r_squared";

    /** The band's name, and its edges in Hz. */
    public String band;

    public double loHz;
    public double hiHz;
    public Double[] alpha;
    public Double[] rSquared;

    /** An empty record, for Flink and Jackson to fill. */
    public DfaRecord() {
        super(KIND);
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return switch (jsonName) {
            case JSON_ALPHA -> alpha;
            case JSON_R_SQUARED -> rSquared;
            default -> null;
        };
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, Csv.field(band) + ",", alpha, rSquared);
    }
}

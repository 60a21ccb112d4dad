package org.neurostream.core.records;

import java.util.List;

/**
 * Hjorth activity (unit^2), mobility (1 / sample) and complexity per channel (kind {@value #KIND}).
 * CSV {@value #CSV_HEADER}, one row per channel.
 */
public class HjorthRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "hjorth";

    /** The columns of its file. */
    public static final String CSV_HEADER = "channel,label,activity,mobility,complexity";

    /** JSON names of the values. */
    public static final String JSON_ACTIVITY = "activity";

    public static final String JSON_MOBILITY = "mobility";
    public static final String JSON_COMPLEXITY = "complexity";

    public Double[] activity;
    public Double[] mobility;
    public Double[] complexity;

    /** An empty record, for Flink and Jackson to fill. */
    public HjorthRecord() {
        super(KIND);
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return switch (jsonName) {
            case JSON_ACTIVITY -> activity;
            case JSON_MOBILITY -> mobility;
            case JSON_COMPLEXITY -> complexity;
            default -> null;
        };
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", activity, mobility, complexity);
    }
}

package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * Hjorth activity (unit^2), mobility (1 / sample) and complexity per channel (kind "hjorth"; {@link
 * Hjorth}). CSV {@value #CSV_HEADER}.
 */
public class HjorthRecord extends DescriptorRecord {
    public static final String KIND = "hjorth";
    public static final String CSV_HEADER = "channel,label,activity,mobility,complexity";

    public Double[] activity;
    public Double[] mobility;
    public Double[] complexity;

    public HjorthRecord() {
        super(KIND, CSV_HEADER);
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", activity, mobility, complexity);
    }
}

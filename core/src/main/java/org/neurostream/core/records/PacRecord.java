package org.neurostream.core.records;

import java.util.List;

/**
 * Tort's modulation index per channel between the phase band and the amplitude band (kind {@value
 * #KIND}). CSV {@value #CSV_HEADER}, one row per channel.
 */
public class PacRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "pac";

    /** The columns of its file. */
    public static final String CSV_HEADER = "channel,label,phase_lo,phase_hi,amp_lo,amp_hi,mi";

    /** JSON name of the modulation index. */
    public static final String JSON_MI = "mi";

    /** Phase and amplitude band edges, Hz. */
    public double phaseLo;

    public double phaseHi;
    public double ampLo;
    public double ampHi;
    public Double[] mi;

    /** An empty record, for Flink and Jackson to fill. */
    public PacRecord() {
        super(KIND);
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return JSON_MI.equals(jsonName) ? mi : null;
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(
                out,
                prefix,
                labels,
                Csv.number(phaseLo)
                        + ","
                        + Csv.number(phaseHi)
                        + ","
                        + Csv.number(ampLo)
                        + ","
                        + Csv.number(ampHi)
                        + ",",
                mi);
    }
}

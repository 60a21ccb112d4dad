package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * Tort's modulation index per channel between the phase band and the amplitude band (kind "pac";
 * {@link ModulationIndex}). CSV {@value #CSV_HEADER}.
 */
public class PacRecord extends DescriptorRecord {
    public static final String KIND = "pac";
    public static final String CSV_HEADER = "channel,label,phase_lo,phase_hi,amp_lo,amp_hi,mi";

    public double phaseLo;
    public double phaseHi;
    public double ampLo;
    public double ampHi;
    public Double[] mi;

    public PacRecord() {
        super(KIND, CSV_HEADER);
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(
                out,
                prefix,
                labels,
                hz(phaseLo) + "," + hz(phaseHi) + "," + hz(ampLo) + "," + hz(ampHi) + ",",
                mi);
    }
}

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
        kind = KIND;
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        for (int c = 0; c < channels; c++) {
            out.append(prefix)
                    .append(c)
                    .append(',')
                    .append(label(labels, c))
                    .append(',')
                    .append(hz(phaseLo))
                    .append(',')
                    .append(hz(phaseHi))
                    .append(',')
                    .append(hz(ampLo))
                    .append(',')
                    .append(hz(ampHi))
                    .append(',')
                    .append(cell(mi[c]))
                    .append('\n');
        }
    }
}

package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * PLV, PLI and wPLI of every channel pair a &lt; b in every band (kind "connectivity"; {@link
 * PhaseSynchronyKernel}), band-major: {@code plv[band * pairs + pair]} with pairs in the order (0,
 * 1), (0, 2), ..., (1, 2), ... ({@link PhaseSynchronyKernel#pairIndex}). CSV {@value #CSV_HEADER}.
 */
public class ConnectivityRecord extends DescriptorRecord {
    public static final String KIND = "connectivity";
    public static final String CSV_HEADER =
            "band,lo_hz,hi_hz,ch_a,ch_b,label_a,label_b,plv,pli,wpli";

    public String[] bands;
    public double[] loHz;
    public double[] hiHz;

    /** Epochs the values average over, and samples per epoch. */
    public int epochs;

    public int epochSamples;
    public Double[] plv;
    public Double[] pli;
    public Double[] wpli;

    public ConnectivityRecord() {
        super(KIND, CSV_HEADER);
    }

    /** Number of channel pairs. */
    public int pairs() {
        return channels * (channels - 1) / 2;
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        final int pairs = pairs();
        for (int b = 0; b < bands.length; b++) {
            int p = 0;
            for (int i = 0; i < channels; i++) {
                for (int j = i + 1; j < channels; j++, p++) {
                    final int at = b * pairs + p;
                    out.append(prefix)
                            .append(bands[b])
                            .append(',')
                            .append(hz(loHz[b]))
                            .append(',')
                            .append(hz(hiHz[b]))
                            .append(',')
                            .append(i)
                            .append(',')
                            .append(j)
                            .append(',')
                            .append(label(labels, i))
                            .append(',')
                            .append(label(labels, j))
                            .append(',')
                            .append(cell(plv[at]))
                            .append(',')
                            .append(cell(pli[at]))
                            .append(',')
                            .append(cell(wpli[at]))
                            .append('\n');
                }
            }
        }
    }
}

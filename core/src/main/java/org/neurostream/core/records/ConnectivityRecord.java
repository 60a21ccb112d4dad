package org.neurostream.core.records;

import java.util.List;

/**
 * PLV, PLI and wPLI of every channel pair a &lt; b in every band (kind {@value #KIND}), band-major:
 * {@code plv[band * pairs + pair]} with pairs in the order (0, 1), (0, 2), ..., (1, 2), ... ({@link
 * #pairIndex}). CSV {@value #CSV_HEADER}, one row per band and pair.
 */
public class ConnectivityRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "connectivity";

    /** The columns of its file. */
    public static final String CSV_HEADER =
            "band,lo_hz,hi_hz,ch_a,ch_b,label_a,label_b,plv,pli,wpli";

    /** JSON names of the fields that readers of {@code neuro.features} look up. */
    public static final String JSON_BANDS = "bands";

    public static final String JSON_LO_HZ = "lo_hz";
    public static final String JSON_HI_HZ = "hi_hz";

    public static final String JSON_PLV = "plv";
    public static final String JSON_PLI = "pli";
    public static final String JSON_WPLI = "wpli";

    /** Band names and edges, Hz. */
    public String[] bands;

    public double[] loHz;
    public double[] hiHz;

    /** Epochs the values average over, and samples per epoch. */
    public int epochs;

    public int epochSamples;
    public Double[] plv;
    public Double[] pli;
    public Double[] wpli;

    /** An empty record, for Flink and Jackson to fill. */
    public ConnectivityRecord() {
        super(KIND);
    }

    /** Number of channel pairs. */
    public int pairs() {
        return channels * (channels - 1) / 2;
    }

    /** Index of the pair (a, b), a &lt; b, among the pairs of {@code channels} channels. */
    public static int pairIndex(final int channels, final int a, final int b) {
        return a * (2 * channels - a - 1) / 2 + (b - a - 1);
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return switch (jsonName) {
            case JSON_PLV -> plv;
            case JSON_PLI -> pli;
            case JSON_WPLI -> wpli;
            default -> null;
        };
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
                            .append(Csv.number(loHz[b]))
                            .append(',')
                            .append(Csv.number(hiHz[b]))
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

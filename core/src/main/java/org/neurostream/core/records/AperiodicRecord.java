package org.neurostream.core.records;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The aperiodic component per channel (kind {@value #KIND}): offset (log10 power), exponent, r^2 of
 * the whole model and the number of peaks, and the peaks themselves: {@code peakChannel[i]}'s peak
 * at {@code peakCenterHz[i]} with {@code peakPower[i]} (log10 power above the aperiodic component)
 * and {@code peakBandwidthHz[i]}, channel by channel in increasing centre. CSV {@value
 * #CSV_HEADER}; the peaks are rows of a file of their own ({@link #peaks()}, {@value
 * #PEAKS_CSV_HEADER}).
 */
public class AperiodicRecord extends DescriptorRecord {
    /** The value of {@link #kind}. */
    public static final String KIND = "aperiodic";

    /** The columns of its file. */
    public static final String CSV_HEADER = "channel,label,offset,exponent,r_squared,n_peaks";

    /** The name of the peaks' file ({@code peaks.csv} offline, {@code peaks_<stream>.csv}). */
    public static final String PEAKS_FILE = "peaks";

    /** The columns of the peaks' file. */
    public static final String PEAKS_CSV_HEADER = "channel,label,center_hz,power,bandwidth_hz";

    /** JSON names of the fields that readers of {@code neuro.features} look up. */
    public static final String JSON_OFFSET = "offset";

    public static final String JSON_EXPONENT = "exponent";
    public static final String JSON_R_SQUARED = "r_squared";
    public static final String JSON_N_PEAKS = "n_peaks";

    public Double[] offset;
    public Double[] exponent;
    public Double[] rSquared;
    public Integer[] nPeaks;
    public int[] peakChannel;
    public double[] peakCenterHz;
    public double[] peakPower;
    public double[] peakBandwidthHz;

    /** An empty record without peaks, for Flink and Jackson to fill. */
    public AperiodicRecord() {
        super(KIND);
        peakChannel = new int[0];
        peakCenterHz = new double[0];
        peakPower = new double[0];
        peakBandwidthHz = new double[0];
    }

    /** Appends {@code count} peaks; channels must come in increasing order across calls. */
    public synchronized void addPeaks(
            final int[] channel,
            final double[] center,
            final double[] power,
            final double[] bandwidth,
            final int count) {
        final int n = peakChannel.length;
        peakChannel = Arrays.copyOf(peakChannel, n + count);
        peakCenterHz = Arrays.copyOf(peakCenterHz, n + count);
        peakPower = Arrays.copyOf(peakPower, n + count);
        peakBandwidthHz = Arrays.copyOf(peakBandwidthHz, n + count);
        System.arraycopy(channel, 0, peakChannel, n, count);
        System.arraycopy(center, 0, peakCenterHz, n, count);
        System.arraycopy(power, 0, peakPower, n, count);
        System.arraycopy(bandwidth, 0, peakBandwidthHz, n, count);
    }

    /** Sorts the peaks by channel (stable: each channel's stay in increasing centre). */
    public void sortPeaksByChannel() {
        final Integer[] order = new Integer[peakChannel.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> peakChannel[i]));
        final int[] ch = new int[order.length];
        final double[] c = new double[order.length];
        final double[] p = new double[order.length];
        final double[] b = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            ch[i] = peakChannel[order[i]];
            c[i] = peakCenterHz[order[i]];
            p[i] = peakPower[order[i]];
            b[i] = peakBandwidthHz[order[i]];
        }
        peakChannel = ch;
        peakCenterHz = c;
        peakPower = p;
        peakBandwidthHz = b;
    }

    @Override
    public String csvHeader() {
        return CSV_HEADER;
    }

    @Override
    public Number[] values(final String jsonName) {
        return switch (jsonName) {
            case JSON_OFFSET -> offset;
            case JSON_EXPONENT -> exponent;
            case JSON_R_SQUARED -> rSquared;
            case JSON_N_PEAKS -> nPeaks;
            default -> null;
        };
    }

    @Override
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", offset, exponent, rSquared, nPeaks);
    }

    /** The peaks as rows of their own file ({@value #PEAKS_CSV_HEADER}), one per peak. */
    public CsvRows peaks() {
        return new CsvRows() {
            @Override
            public String csvHeader() {
                return PEAKS_CSV_HEADER;
            }

            @Override
            public void appendCsvRows(
                    final StringBuilder out, final String prefix, final List<String> labels) {
                for (int i = 0; i < peakChannel.length; i++) {
                    out.append(prefix)
                            .append(peakChannel[i])
                            .append(',')
                            .append(label(labels, peakChannel[i]))
                            .append(',')
                            .append(peakCenterHz[i])
                            .append(',')
                            .append(peakPower[i])
                            .append(',')
                            .append(peakBandwidthHz[i])
                            .append('\n');
                }
            }
        };
    }
}

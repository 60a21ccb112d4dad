package org.neurostream.operators.descriptors;

import java.util.List;

/**
 * The aperiodic component per channel (kind "aperiodic"; {@link AperiodicFit}): offset (log10
 * power), exponent, r^2 of the whole model and the number of peaks, and the peaks themselves:
 * {@code peakChannel[i]}'s peak at {@code peakCenterHz[i]} with {@code peakPower[i]} (log10 power
 * above the aperiodic component) and {@code peakBandwidthHz[i]}, channel by channel in increasing
 * centre. CSV {@value #CSV_HEADER}; the peaks' CSV {@value #PEAKS_CSV_HEADER}.
 */
public class AperiodicRecord extends DescriptorRecord {
    public static final String KIND = "aperiodic";
    public static final String CSV_HEADER = "channel,label,offset,exponent,r_squared,n_peaks";
    public static final String PEAKS_CSV_HEADER = "channel,label,center_hz,power,bandwidth_hz";

    public Double[] offset;
    public Double[] exponent;
    public Double[] rSquared;
    public Integer[] nPeaks;
    public int[] peakChannel;
    public double[] peakCenterHz;
    public double[] peakPower;
    public double[] peakBandwidthHz;

    public AperiodicRecord() {
        super(KIND, CSV_HEADER);
        peakChannel = new int[0];
        peakCenterHz = new double[0];
        peakPower = new double[0];
        peakBandwidthHz = new double[0];
    }

    /** Appends {@code count} peaks; channels must come in increasing order across calls. */
    synchronized void addPeaks(
            final int[] channel,
            final double[] center,
            final double[] power,
            final double[] bandwidth,
            final int count) {
        final int n = peakChannel.length;
        peakChannel = java.util.Arrays.copyOf(peakChannel, n + count);
        peakCenterHz = java.util.Arrays.copyOf(peakCenterHz, n + count);
        peakPower = java.util.Arrays.copyOf(peakPower, n + count);
        peakBandwidthHz = java.util.Arrays.copyOf(peakBandwidthHz, n + count);
        System.arraycopy(channel, 0, peakChannel, n, count);
        System.arraycopy(center, 0, peakCenterHz, n, count);
        System.arraycopy(power, 0, peakPower, n, count);
        System.arraycopy(bandwidth, 0, peakBandwidthHz, n, count);
    }

    /** Sorts the peaks by channel (stable: each channel's stay in increasing centre). */
    void sortPeaksByChannel() {
        final Integer[] order = new Integer[peakChannel.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> peakChannel[i]));
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
    public void appendCsvRows(
            final StringBuilder out, final String prefix, final List<String> labels) {
        appendChannelRows(out, prefix, labels, "", offset, exponent, rSquared, nPeaks);
    }

    /** Appends the peaks' rows ({@value #PEAKS_CSV_HEADER}), each after {@code prefix}. */
    public void appendPeakCsvRows(
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
}

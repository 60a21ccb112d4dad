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
                    .append(cell(offset[c]))
                    .append(',')
                    .append(cell(exponent[c]))
                    .append(',')
                    .append(cell(rSquared[c]))
                    .append(',')
                    .append(nPeaks[c] == null ? "" : Integer.toString(nPeaks[c]))
                    .append('\n');
        }
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

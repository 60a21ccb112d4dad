package org.neurostream.core.records;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What every resting-state descriptor record shares (kinds {@value ConnectivityRecord#KIND},
 * {@value AperiodicRecord#KIND}, {@value HjorthRecord#KIND}, {@value DfaRecord#KIND}, {@value
 * PacRecord#KIND}, {@value AlphaRecord#KIND} on {@code neuro.features}): its kind, the stream, the
 * event-time interval it describes and the ingest stamp for latency, and the number of channels.
 * Values are boxed arrays over channels (or bands and channel pairs); a value that could not be
 * computed is null (JSON has no NaN), with its reason in the {@code reason*} arrays, so that none
 * goes missing silently. A Flink POJO (the job's descriptor stream is of this type, each record of
 * its own kind); its rows ({@link CsvRows}) are those of the offline command's file of its kind.
 */
public abstract class DescriptorRecord implements CsvRows {
    /** JSON name of {@link #channels}. */
    public static final String JSON_CHANNELS = "channels";

    /**
     * The JSON names of every kind's values per channel (per band and channel pair for
     * connectivity), by kind, in the order of its file's columns: what alert rules and the offline
     * summary may refer to as {@code <kind>_<name>}.
     */
    public static final Map<String, List<String>> VALUE_FIELDS =
            Map.of(
                    ConnectivityRecord.KIND,
                    List.of(
                            ConnectivityRecord.JSON_PLV,
                            ConnectivityRecord.JSON_PLI,
                            ConnectivityRecord.JSON_WPLI),
                    AperiodicRecord.KIND,
                    List.of(
                            AperiodicRecord.JSON_OFFSET,
                            AperiodicRecord.JSON_EXPONENT,
                            AperiodicRecord.JSON_R_SQUARED,
                            AperiodicRecord.JSON_N_PEAKS),
                    HjorthRecord.KIND,
                    List.of(
                            HjorthRecord.JSON_ACTIVITY,
                            HjorthRecord.JSON_MOBILITY,
                            HjorthRecord.JSON_COMPLEXITY),
                    DfaRecord.KIND,
                    List.of(DfaRecord.JSON_ALPHA, DfaRecord.JSON_R_SQUARED),
                    PacRecord.KIND,
                    List.of(PacRecord.JSON_MI),
                    AlphaRecord.KIND,
                    List.of(AlphaRecord.JSON_PEAK_HZ, AlphaRecord.JSON_INSTANTANEOUS_HZ));

    /** The descriptor kinds, in the order of the offline command's files. */
    public static final List<String> KINDS =
            List.of(
                    ConnectivityRecord.KIND,
                    AperiodicRecord.KIND,
                    HjorthRecord.KIND,
                    DfaRecord.KIND,
                    PacRecord.KIND,
                    AlphaRecord.KIND);

    /** Record kind: one of {@link #KINDS}. */
    public String kind;

    /** {@code <session>/<stream>}, or the file name offline. */
    public String streamId;

    /** Event-time interval the values describe, device ns, start inclusive, end exclusive. */
    public long startNs;

    public long endNs;

    /** Ingest stamp of the newest frame the record depends on (wall-clock ns), for latency. */
    public long ingestNs;

    /** Number of channels. */
    public int channels;

    /**
     * Why values are missing, one entry per missing field of a channel: {@code reasonChannel[i]}'s
     * field {@code reasonField[i]} ({@code *}: all of the channel's values in this record, for
     * connectivity every pair it belongs to) is null because of {@code reasonText[i]}. Null when
     * nothing is missing.
     */
    public int[] reasonChannel;

    public String[] reasonField;
    public String[] reasonText;

    /** A record of {@code kind} (Flink and Jackson make records through the kinds' classes). */
    protected DescriptorRecord(final String kind) {
        this.kind = kind;
    }

    /** The JSON names of this kind's values: {@link #VALUE_FIELDS} of its kind. */
    public List<String> valueFields() {
        return VALUE_FIELDS.get(kind);
    }

    /**
     * The values of the field with JSON name {@code jsonName}, one per channel (band-major over
     * channel pairs for connectivity); null for a name not in {@link #valueFields()}.
     */
    public abstract Number[] values(String jsonName);

    /** Records that {@code field} of {@code channel} is missing because of {@code reason}. */
    public synchronized void missing(final int channel, final String field, final String reason) {
        final int n = reasonChannel == null ? 0 : reasonChannel.length;
        reasonChannel = reasonChannel == null ? new int[1] : Arrays.copyOf(reasonChannel, n + 1);
        reasonField = reasonField == null ? new String[1] : Arrays.copyOf(reasonField, n + 1);
        reasonText = reasonText == null ? new String[1] : Arrays.copyOf(reasonText, n + 1);
        reasonChannel[n] = channel;
        reasonField[n] = field;
        reasonText[n] = reason;
    }

    /** Orders the reasons by channel (stable), for output that does not depend on threads. */
    public void sortReasons() {
        if (reasonChannel == null) {
            return;
        }
        final Integer[] order = new Integer[reasonChannel.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> reasonChannel[i]));
        final int[] ch = new int[order.length];
        final String[] field = new String[order.length];
        final String[] text = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            ch[i] = reasonChannel[order[i]];
            field[i] = reasonField[order[i]];
            text[i] = reasonText[order[i]];
        }
        reasonChannel = ch;
        reasonField = field;
        reasonText = text;
    }

    /** Number of missing-value reasons. */
    public int reasonCount() {
        return reasonChannel == null ? 0 : reasonChannel.length;
    }

    /**
     * One row per channel: prefix, channel, label, {@code fixed} (cells that are the same in every
     * row, each followed by a comma, or ""), then the channel's value of each column.
     */
    protected void appendChannelRows(
            final StringBuilder out,
            final String prefix,
            final List<String> labels,
            final String fixed,
            final Number[]... columns) {
        for (int c = 0; c < channels; c++) {
            out.append(prefix).append(c).append(',').append(label(labels, c)).append(',');
            out.append(fixed);
            for (int k = 0; k < columns.length; k++) {
                out.append(k == 0 ? "" : ",").append(cell(columns[k][c]));
            }
            out.append('\n');
        }
    }

    /** The value as a CSV cell: empty for null, else Java's shortest round-trip decimal. */
    protected static String cell(final Number v) {
        return v == null ? "" : v.toString();
    }

    /** The label cell of a channel (labels are CSV fields already), "" without labels. */
    protected static String label(final List<String> labels, final int channel) {
        return labels == null ? "" : labels.get(channel);
    }
}

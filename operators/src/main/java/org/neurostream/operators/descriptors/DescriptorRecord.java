package org.neurostream.operators.descriptors;

import java.util.Arrays;
import java.util.List;

/**
 * What every descriptor record shares: its kind, the stream, the event-time interval it describes
 * and the ingest stamp for latency, and the number of channels. Values are arrays over channels (or
 * channel pairs); a value that could not be computed is null, with its reason in the {@code
 * reason*} arrays (JSON has no NaN, and no value is left silently missing). A Flink POJO; its JSON
 * view (public fields, snake_case) is what {@code neuro.features} carries, and {@link
 * #appendCsvRows} writes the rows of the offline command's file of the same kind (and of {@code
 * replay --out}, after {@code start_ns,end_ns}).
 */
public abstract class DescriptorRecord {
    /** Record kind: "connectivity", "aperiodic", "hjorth", "dfa", "pac" or "alpha". */
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

    /** The offline file's header; transient: neither a Flink POJO field nor part of the JSON. */
    private final transient String csvHeader;

    protected DescriptorRecord(final String kind, final String csvHeader) {
        this.kind = kind;
        this.csvHeader = csvHeader;
    }

    /** The offline file's header (without {@code start_ns,end_ns}). */
    public String csvHeader() {
        return csvHeader;
    }

    /**
     * Appends this record's rows to {@code out}, each starting with {@code prefix} (empty offline,
     * {@code start_ns,end_ns,} in replay files), with {@code labels} as the label cells, already
     * CSV fields (quoted where needed; null: empty labels, as in the stream, whose frames carry
     * none).
     */
    public abstract void appendCsvRows(StringBuilder out, String prefix, List<String> labels);

    /** Records why {@code field} of {@code channel} is missing. */
    synchronized void missing(final int channel, final String field, final String reason) {
        final int n = reasonChannel == null ? 0 : reasonChannel.length;
        reasonChannel = reasonChannel == null ? new int[1] : Arrays.copyOf(reasonChannel, n + 1);
        reasonField = reasonField == null ? new String[1] : Arrays.copyOf(reasonField, n + 1);
        reasonText = reasonText == null ? new String[1] : Arrays.copyOf(reasonText, n + 1);
        reasonChannel[n] = channel;
        reasonField[n] = field;
        reasonText[n] = reason;
    }

    /** Orders the reasons by channel (stable), for output that does not depend on threads. */
    void sortReasons() {
        if (reasonChannel == null) {
            return;
        }
        final Integer[] order = new Integer[reasonChannel.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingInt(i -> reasonChannel[i]));
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
    void appendChannelRows(
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
    static String cell(final Number v) {
        return v == null ? "" : v.toString();
    }

    /** A frequency edge: whole numbers without a fraction ("8", not "8.0"), as bandpower. */
    static String hz(final double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }

    /** The label cell of a channel (labels are CSV fields already), "" without labels. */
    static String label(final List<String> labels, final int channel) {
        return labels == null ? "" : labels.get(channel);
    }

    /** Boxes v, or null where it is not finite. */
    static Double box(final double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Copies the common fields into a record of another kind. */
    void copyHeader(final DescriptorRecord from) {
        streamId = from.streamId;
        startNs = from.startNs;
        endNs = from.endNs;
        ingestNs = from.ingestNs;
        channels = from.channels;
    }
}

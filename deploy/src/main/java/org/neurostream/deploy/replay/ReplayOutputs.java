package org.neurostream.deploy.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.Csv;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.HjorthRecord;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PacRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * The replay's CSV files: {@code features_<stream>.csv} (band power, relative power and band
 * differential entropy), {@code predictions_<stream>.csv}, {@code avalanches_<stream>.csv}, {@code
 * motifs_<stream>.csv}, {@code calciumevents_<stream>.csv}, {@code firingrates_<stream>.csv}
 * (population vectors of spike streams), {@code labelledwindows_<stream>.csv} (feature windows with
 * the behaviour and labels at their end), {@code alerts_<stream>.csv} (with alert rules) and the
 * descriptor files {@code <kind>_<stream>.csv} for the kinds connectivity, aperiodic, hjorth, dfa,
 * pac and alpha plus {@code peaks_<stream>.csv} (the aperiodic fits' peaks; {@code
 * start_ns,end_ns}, then the offline {@code descriptors} file's columns, several rows per record,
 * labels from the session metadata) per stream that has them ({@code /} in the stream id becomes
 * {@code _}), {@code deadletters.csv}, and {@code markers_<marker stream>.csv} per marker stream of
 * the journal (its markers as recorded, by time: the labels a decoder trains on next to what it
 * predicted). Rows are in event-time order (end, then start of the interval); no wall-clock field
 * is written (no ingest stamps), so the same journal gives the same bytes however fast or wide it
 * was replayed. Numbers print as Java's shortest round-trip decimal.
 */
final class ReplayOutputs {
    static final String FEATURES = "features";
    static final String PREDICTIONS = "predictions";
    static final String DEAD_LETTERS = "deadletters";
    static final String AVALANCHES = "avalanches";
    static final String MOTIFS = "motifs";
    static final String CALCIUM_EVENTS = "calciumevents";
    static final String ALERTS = "alerts";
    static final String FIRING_RATES = "firingrates";
    static final String LABELLED_WINDOWS = "labelledwindows";
    static final String MARKERS = "markers";

    /** The part files of every descriptor kind; the merge writes a file per kind and stream. */
    static final String DESCRIPTORS = "descriptors";

    /** Each descriptor file's header, by the file's name before {@code _<stream>.csv}. */
    private static final Map<String, String> DESCRIPTOR_HEADERS =
            Map.of(
                    ConnectivityRecord.KIND, ConnectivityRecord.CSV_HEADER,
                    AperiodicRecord.KIND, AperiodicRecord.CSV_HEADER,
                    AperiodicRecord.PEAKS_FILE, AperiodicRecord.PEAKS_CSV_HEADER,
                    HjorthRecord.KIND, HjorthRecord.CSV_HEADER,
                    DfaRecord.KIND, DfaRecord.CSV_HEADER,
                    PacRecord.KIND, PacRecord.CSV_HEADER,
                    AlphaRecord.KIND, AlphaRecord.CSV_HEADER);

    private ReplayOutputs() {}

    /** Part line: stream, start, end, channels, bands (;-joined), then the CSV row. */
    static String featureLine(final BandPowerRecord r) {
        return r.streamId
                + '\t'
                + r.startNs
                + '\t'
                + r.endNs
                + '\t'
                + r.channels
                + '\t'
                + String.join(";", r.bands)
                + '\t'
                + r.csvRow();
    }

    /** Avalanches only (kind "avalanche"); rolling statistics are not written. */
    static String avalancheLine(final AvalancheRecord a) {
        if (!a.isAvalanche()) {
            return null;
        }
        return a.streamId + '\t' + a.startNs + '\t' + a.endNs + "\t\t\t" + a.csvRow();
    }

    static String motifLine(final MotifRecord m) {
        return m.streamId + '\t' + m.startNs + '\t' + m.endNs + "\t\t\t" + m.csvRow();
    }

    static String calciumEventLine(final CalciumEventRecord e) {
        return e.streamId + '\t' + e.timeNs + '\t' + e.timeNs + "\t\t\t" + e.csvRow();
    }

    /** A marker at its onset; rows of one time in the order of their text. */
    static String markerLine(final MarkerRecord m) {
        return m.streamId + '\t' + m.timeNs + '\t' + m.timeNs + "\t\t\t" + m.csvRow();
    }

    static String alertLine(final AlertRecord a) {
        return a.streamId + '\t' + a.windowStartNs + '\t' + a.windowEndNs + "\t\t\t" + a.csvRow();
    }

    /** Part line: the population size in the channels' place. */
    static String firingRateLine(final FiringRateRecord r) {
        return r.streamId
                + '\t'
                + r.startNs
                + '\t'
                + r.endNs
                + '\t'
                + r.units
                + "\t\t"
                + r.csvRow();
    }

    static String labelledWindowLine(final LabelledWindowRecord r) {
        return r.streamId + '\t' + r.startNs + '\t' + r.endNs + "\t\t\t" + r.csvRow();
    }

    static String predictionLine(final PredictionRecord p) {
        return p.streamId + '\t' + p.startNs + '\t' + p.endNs + "\t\t\t" + p.csvRow();
    }

    /**
     * Part lines of a descriptor record, one per row of its file (and for an aperiodic record one
     * per peak, for the peaks' file): stream, start, end, row number, file name, then the row
     * ({@code start_ns,end_ns,} and the offline file's columns) with the stream's labels.
     *
     * @param labels each stream's channel labels as CSV fields (streams without: empty labels)
     */
    static String descriptorLines(
            final DescriptorRecord r, final Map<String, List<String>> labels) {
        final List<String> cells = labels.get(r.streamId);
        final List<String> streamLabels =
                cells != null && cells.size() == r.channels ? cells : null;
        final StringBuilder rows = new StringBuilder();
        final String prefix = r.startNs + "," + r.endNs + ",";
        r.appendCsvRows(rows, prefix, streamLabels);
        final StringBuilder lines = new StringBuilder();
        int n = partLines(lines, r, r.kind, rows, 0);
        if (r instanceof AperiodicRecord a && a.peakChannel.length > 0) {
            rows.setLength(0);
            a.peaks().appendCsvRows(rows, prefix, streamLabels);
            n = partLines(lines, r, AperiodicRecord.PEAKS_FILE, rows, n);
        }
        // PartFileSink ends the last line
        lines.setLength(Math.max(0, lines.length() - 1));
        return lines.length() == 0 ? null : lines.toString();
    }

    private static int partLines(
            final StringBuilder lines,
            final DescriptorRecord r,
            final String file,
            final StringBuilder rows,
            final int first) {
        int n = first;
        int from = 0;
        for (int end = rows.indexOf("\n"); end >= 0; end = rows.indexOf("\n", from)) {
            lines.append(r.streamId)
                    .append('\t')
                    .append(r.startNs)
                    .append('\t')
                    .append(r.endNs)
                    .append('\t')
                    .append(n++)
                    .append('\t')
                    .append(file)
                    .append('\t')
                    .append(rows, from, end)
                    .append('\n');
            from = end + 1;
        }
        return n;
    }

    /** Every stream's channel labels from the session metadata, as CSV fields. */
    static HashMap<String, List<String>> labelCells(final SessionMetadata metadata) {
        final HashMap<String, List<String>> labels = new HashMap<>();
        for (final SessionMetadata.Stream s : metadata.streams) {
            if (s.channelLabels != null && !s.channelLabels.isEmpty()) {
                labels.put(s.streamId, s.channelLabels.stream().map(Csv::field).toList());
            }
        }
        return labels;
    }

    static String deadLetterLine(final DeadLetterRecord d) {
        return "" + '\t' + d.originOffset() + '\t' + 0 + "\t\t\t" + d.csvRow();
    }

    /**
     * Merges the part files in {@code parts} into CSV files in {@code out}.
     *
     * @return rows written per file name, in file-name order
     */
    static Map<String, Integer> merge(
            final Path parts, final Path out, final SessionMetadata metadata) throws IOException {
        Files.createDirectories(out);
        final Map<String, Integer> written = new TreeMap<>();
        for (final String kind :
                List.of(
                        FEATURES,
                        PREDICTIONS,
                        DEAD_LETTERS,
                        AVALANCHES,
                        MOTIFS,
                        CALCIUM_EVENTS,
                        ALERTS,
                        FIRING_RATES,
                        LABELLED_WINDOWS,
                        MARKERS,
                        DESCRIPTORS)) {
            final Map<String, List<String[]>> byStream = new TreeMap<>();
            try (Stream<Path> files = Files.list(parts)) {
                for (final Path part :
                        files.filter(p -> p.getFileName().toString().startsWith(kind + "-"))
                                .sorted()
                                .toList()) {
                    for (final String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                        final String[] f = line.split("\t", 6);
                        // descriptor rows go to one file per kind and stream
                        final String file = kind.equals(DESCRIPTORS) ? f[4] + "\t" + f[0] : f[0];
                        byStream.computeIfAbsent(file, k -> new ArrayList<>()).add(f);
                    }
                }
            }
            for (final Map.Entry<String, List<String[]>> e : byStream.entrySet()) {
                final List<String[]> rows = e.getValue();
                final boolean descriptors = kind.equals(DESCRIPTORS);
                rows.sort(
                        Comparator.<String[]>comparingLong(f -> Long.parseLong(f[2]))
                                .thenComparingLong(f -> Long.parseLong(f[1]))
                                .thenComparing(
                                        descriptors
                                                ? Comparator.comparingInt(
                                                        (String[] f) -> Integer.parseInt(f[3]))
                                                : Comparator.comparing((String[] f) -> f[5])));
                final String stream = descriptors ? rows.get(0)[0] : e.getKey();
                final String name =
                        kind.equals(DEAD_LETTERS)
                                ? kind + ".csv"
                                : fileName(descriptors ? rows.get(0)[4] : kind, stream);
                try (BufferedWriter w =
                        Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8)) {
                    w.write(
                            descriptors
                                    ? "start_ns,end_ns," + DESCRIPTOR_HEADERS.get(rows.get(0)[4])
                                    : header(kind, rows.get(0), labels(metadata, e.getKey())));
                    w.write('\n');
                    for (final String[] f : rows) {
                        w.write(f[5]);
                        w.write('\n');
                    }
                }
                written.put(name, rows.size());
            }
        }
        return written;
    }

    private static String fileName(final String kind, final String streamId) {
        return kind + "_" + streamId.replace('/', '_').replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }

    private static List<String> labels(final SessionMetadata metadata, final String streamId) {
        return metadata.streams.stream()
                .filter(s -> streamId.equals(s.streamId))
                .map(s -> s.channelLabels)
                .findFirst()
                .orElse(List.of());
    }

    private static String header(
            final String kind, final String[] first, final List<String> labels) {
        switch (kind) {
            case PREDICTIONS:
                return PredictionRecord.CSV_HEADER;
            case DEAD_LETTERS:
                return DeadLetterRecord.CSV_HEADER;
            case AVALANCHES:
                return AvalancheRecord.CSV_HEADER;
            case MOTIFS:
                return MotifRecord.CSV_HEADER;
            case CALCIUM_EVENTS:
                return CalciumEventRecord.CSV_HEADER;
            case ALERTS:
                return AlertRecord.CSV_HEADER;
            case FIRING_RATES:
                return FiringRateRecord.csvHeader(Integer.parseInt(first[3]));
            case LABELLED_WINDOWS:
                return LabelledWindowRecord.CSV_HEADER;
            case MARKERS:
                return MarkerRecord.CSV_HEADER;
            default:
                final int channels = Integer.parseInt(first[3]);
                final String[] bands = first[4].split(";");
                final int values = first[5].split(",").length - 2;
                return BandPowerRecord.csvHeader(
                        channels, bands, labels, values == 3 * channels * bands.length);
        }
    }
}

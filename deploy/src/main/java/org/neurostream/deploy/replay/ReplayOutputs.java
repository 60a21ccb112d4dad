package org.neurostream.deploy.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.neurostream.ingest.flink.DeadLetter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.models.Prediction;
import org.neurostream.operators.features.AvalancheRecord;
import org.neurostream.operators.features.CalciumEventRecord;
import org.neurostream.operators.features.FeatureRecord;
import org.neurostream.operators.features.MotifRecord;

/**
 * The replay's CSV files: {@code features_<stream>.csv} (band power, relative power and band
 * differential entropy), {@code predictions_<stream>.csv}, {@code avalanches_<stream>.csv}, {@code
 * motifs_<stream>.csv} and {@code calciumevents_<stream>.csv} per stream that has them ({@code /}
 * in the stream id becomes {@code _}), and {@code deadletters.csv}. Rows are in event-time order
 * (end, then start of the interval); no wall-clock field is written (no ingest stamps), so the same
 * journal gives the same bytes however fast or wide it was replayed. Numbers print as Java's
 * shortest round-trip decimal.
 */
final class ReplayOutputs {
    static final String FEATURES = "features";
    static final String PREDICTIONS = "predictions";
    static final String DEAD_LETTERS = "deadletters";
    static final String AVALANCHES = "avalanches";
    static final String MOTIFS = "motifs";
    static final String CALCIUM_EVENTS = "calciumevents";

    private ReplayOutputs() {}

    /** Part line: stream, start, end, channels, bands (;-joined), then the CSV row. */
    static String featureLine(final FeatureRecord r) {
        final StringBuilder b = new StringBuilder(64 + r.bandPower.length * 24);
        b.append(r.streamId)
                .append('\t')
                .append(r.startNs)
                .append('\t')
                .append(r.endNs)
                .append('\t')
                .append(r.channels)
                .append('\t')
                .append(String.join(";", r.bands))
                .append('\t')
                .append(r.startNs)
                .append(',')
                .append(r.endNs);
        for (final double v : r.bandPower) {
            b.append(',').append(v);
        }
        for (final double v : r.relativePower) {
            b.append(',').append(v);
        }
        if (r.differentialEntropy != null) {
            for (final double v : r.differentialEntropy) {
                b.append(',').append(v);
            }
        }
        return b.toString();
    }

    /** Avalanches only (kind "avalanche"); rolling statistics are not written. */
    static String avalancheLine(final AvalancheRecord a) {
        if (!"avalanche".equals(a.kind)) {
            return null;
        }
        return a.streamId
                + '\t'
                + a.startNs
                + '\t'
                + a.endNs
                + "\t\t\t"
                + a.startNs
                + ','
                + a.endNs
                + ','
                + a.durationBins
                + ','
                + a.size
                + ','
                + a.amplitude;
    }

    static String motifLine(final MotifRecord m) {
        return m.streamId
                + '\t'
                + m.startNs
                + '\t'
                + m.endNs
                + "\t\t\t"
                + m.bin
                + ','
                + m.motif
                + ','
                + m.potential;
    }

    static String calciumEventLine(final CalciumEventRecord e) {
        return e.streamId
                + '\t'
                + e.timeNs
                + '\t'
                + e.timeNs
                + "\t\t\t"
                + e.tUs
                + ','
                + e.address
                + ','
                + e.amplitude;
    }

    static String predictionLine(final Prediction p) {
        return p.streamId
                + '\t'
                + p.startNs
                + '\t'
                + p.endNs
                + "\t\t\t"
                + p.startNs
                + ','
                + p.endNs
                + ','
                + field(p.model)
                + ','
                + field(p.label)
                + ','
                + p.probability;
    }

    static String deadLetterLine(final DeadLetter d) {
        return ""
                + '\t'
                + offset(d.origin)
                + '\t'
                + 0
                + "\t\t\t"
                + field(d.origin)
                + ','
                + field(d.key)
                + ','
                + field(d.reason);
    }

    private static long offset(final String origin) {
        final int at = origin.lastIndexOf('@');
        try {
            return at < 0 ? 0 : Long.parseLong(origin.substring(at + 1));
        } catch (final NumberFormatException e) {
            return 0;
        }
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
                List.of(FEATURES, PREDICTIONS, DEAD_LETTERS, AVALANCHES, MOTIFS, CALCIUM_EVENTS)) {
            final Map<String, List<String[]>> byStream = new TreeMap<>();
            try (Stream<Path> files = Files.list(parts)) {
                for (final Path part :
                        files.filter(p -> p.getFileName().toString().startsWith(kind + "-"))
                                .sorted()
                                .toList()) {
                    for (final String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                        final String[] f = line.split("\t", 6);
                        byStream.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
                    }
                }
            }
            for (final Map.Entry<String, List<String[]>> e : byStream.entrySet()) {
                final List<String[]> rows = e.getValue();
                rows.sort(
                        Comparator.<String[]>comparingLong(f -> Long.parseLong(f[2]))
                                .thenComparingLong(f -> Long.parseLong(f[1]))
                                .thenComparing(f -> f[5]));
                final String name =
                        kind.equals(DEAD_LETTERS)
                                ? kind + ".csv"
                                : kind
                                        + "_"
                                        + e.getKey()
                                                .replace('/', '_')
                                                .replaceAll("[^A-Za-z0-9._-]", "_")
                                        + ".csv";
                try (BufferedWriter w =
                        Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8)) {
                    w.write(header(kind, rows.get(0), labels(metadata, e.getKey())));
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
                return "start_ns,end_ns,model,label,probability";
            case DEAD_LETTERS:
                return "origin,key,reason";
            case AVALANCHES:
                return "start_ns,end_ns,duration_bins,size,amplitude";
            case MOTIFS:
                return "bin,motif,potential";
            case CALCIUM_EVENTS:
                return "t_us,address,amplitude";
            default:
                final int channels = Integer.parseInt(first[3]);
                final String[] bands = first[4].split(";");
                final StringBuilder b = new StringBuilder("start_ns,end_ns");
                final int values = first[5].split(",").length - 2;
                final boolean entropy = values == 3 * channels * bands.length;
                for (final String what :
                        entropy
                                ? List.of("power", "relative", "bde")
                                : List.of("power", "relative")) {
                    for (int c = 0; c < channels; c++) {
                        final String channel = labels.size() == channels ? labels.get(c) : "ch" + c;
                        for (final String band : bands) {
                            b.append(',').append(field(what + "_" + channel + "_" + band));
                        }
                    }
                }
                return b.toString();
        }
    }

    private static String field(final String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0
                && text.indexOf('"') < 0
                && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0
                && text.indexOf('\t') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"").replace('\t', ' ').replace('\n', ' ') + '"';
    }
}

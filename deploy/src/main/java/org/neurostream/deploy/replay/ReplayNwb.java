package org.neurostream.deploy.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.ingest.nwb.NwbWriter;

/**
 * The replay's outputs as one NWB file ({@code replay --out-nwb}), from its CSV files ({@link
 * ReplayOutputs}): band power ({@code features_*}) and population vectors ({@code firingrates_*})
 * as {@code TimeSeries} in the processing modules {@code features} and {@code firing_rates}, one
 * per stream, every CSV column after {@code start_ns,end_ns} a column of the series, timestamped at
 * each window's end (s from the session's start); every other file (predictions, avalanches,
 * motifs, calcium events, labelled windows, alerts, dead letters) as a {@code DynamicTable} in a
 * module named after its kind, one row per CSV row, its columns those of the CSV file (int64 where
 * every value is a whole number, float64 where every value is a number, else text). The journal,
 * its session and the job's settings go into {@code session_description}; the file is the same for
 * the same journal and settings (its creation date is the session's start).
 */
public final class ReplayNwb {
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern NUMBER =
            Pattern.compile("-?(\\d+(\\.\\d*)?([eE]-?\\d+)?|Infinity|NaN)");

    private ReplayNwb() {}

    /**
     * Writes {@code nwb} from the CSV files {@code files} (names) in {@code csv}.
     *
     * @param provenance the command, journal and settings, for the file's description
     * @throws IOException when a file cannot be read or the NWB file cannot be written
     */
    public static void write(
            final Path csv,
            final Iterable<String> files,
            final SessionMetadata metadata,
            final String provenance,
            final Path nwb)
            throws IOException {
        final OffsetDateTime start =
                Instant.ofEpochSecond(0, Math.max(0, metadata.startTimeNs))
                        .atOffset(ZoneOffset.UTC);
        try (NwbWriter w =
                NwbWriter.create(
                        nwb,
                        new NwbWriter.Session(
                                "neurostream-replay-" + metadata.sessionId,
                                provenance,
                                start,
                                start))) {
            for (final String file : files) {
                final List<String> lines =
                        Files.readAllLines(csv.resolve(file), StandardCharsets.UTF_8);
                final String kind =
                        file.contains("_")
                                ? file.substring(0, file.indexOf('_'))
                                : file.replace(".csv", "");
                final String name =
                        file.contains("_")
                                ? file.substring(file.indexOf('_') + 1, file.length() - 4)
                                : kind;
                final String[] header = lines.get(0).split(",");
                final List<String[]> rows = new ArrayList<>();
                for (final String line : lines.subList(1, lines.size())) {
                    rows.add(fields(line, header.length));
                }
                if (kind.equals(ReplayOutputs.FEATURES)
                        || kind.equals(ReplayOutputs.FIRING_RATES)) {
                    series(w, kind, name, header, rows);
                } else {
                    table(w, kind, name, header, rows);
                }
            }
        }
    }

    private static void series(
            final NwbWriter w,
            final String kind,
            final String name,
            final String[] header,
            final List<String[]> rows)
            throws IOException {
        final boolean features = kind.equals(ReplayOutputs.FEATURES);
        final String[] columns = Arrays.copyOfRange(header, 2, header.length);
        final NwbWriter.SeriesAppender s =
                w.processingModule(
                                features ? "features" : "firing_rates",
                                features
                                        ? "Band power, relative power and band differential"
                                                + " entropy per stream and window"
                                        : "Population vectors of spike streams: spikes per unit"
                                                + " and bin")
                        .timeSeries(
                                name,
                                "one row per window, at its end; columns: "
                                        + String.join(",", columns),
                                features ? "uV^2/Hz, 1 and nats as the column says" : "spikes",
                                columns.length);
        final float[] values = new float[columns.length];
        for (final String[] row : rows) {
            for (int c = 0; c < columns.length; c++) {
                values[c] = Float.parseFloat(row[c + 2]);
            }
            s.append(Long.parseLong(row[1]) / 1e9, values, 0);
        }
    }

    private static void table(
            final NwbWriter w,
            final String kind,
            final String name,
            final String[] header,
            final List<String[]> rows)
            throws IOException {
        final List<NwbWriter.Column> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            columns.add(new NwbWriter.Column(header[c], header[c], type(rows, c)));
        }
        final NwbWriter.TableAppender t =
                w.processingModule(kind, "The job's " + kind + " records, one row each")
                        .table(name, kind + " of " + name, columns);
        for (final String[] row : rows) {
            for (int c = 0; c < header.length; c++) {
                switch (columns.get(c).type()) {
                    case INT64 -> t.set(c, Long.parseLong(row[c]));
                    case FLOAT64 -> t.set(c, Double.parseDouble(row[c]));
                    default -> t.set(c, row[c]);
                }
            }
            t.endRow();
        }
    }

    /** int64 when every value is a whole number, float64 when every one is a number, else text. */
    private static NwbWriter.ColumnType type(final List<String[]> rows, final int column) {
        boolean whole = !rows.isEmpty();
        for (final String[] row : rows) {
            final String v = row[column];
            if (whole && WHOLE.matcher(v).matches()) {
                continue;
            }
            whole = false;
            if (!NUMBER.matcher(v).matches()) {
                return NwbWriter.ColumnType.TEXT;
            }
        }
        return whole ? NwbWriter.ColumnType.INT64 : NwbWriter.ColumnType.FLOAT64;
    }

    /** The fields of a CSV row as {@link org.neurostream.core.records.Csv#field} wrote them. */
    static String[] fields(final String line, final int count) {
        final List<String> out = new ArrayList<>(count);
        final StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString());
        while (out.size() < count) {
            out.add("");
        }
        return out.toArray(new String[0]);
    }
}

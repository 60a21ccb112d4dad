package org.neurostream.core.records;

import java.util.List;

/**
 * A record that is several rows of its CSV file (one per channel, channel pair or peak), where the
 * single-row kinds have {@code CSV_HEADER} and {@code csvRow()}: the descriptor kinds, whose rows
 * are those of the offline {@code descriptors} command's files, and in {@code replay --out} the
 * same rows after {@code start_ns,end_ns}.
 */
public interface CsvRows {
    /** The file's header, as the offline command writes it (without {@code start_ns,end_ns}). */
    String csvHeader();

    /**
     * Appends the rows, each {@code prefix} (empty offline, {@code start_ns,end_ns,} in replay
     * files), the cells and a line feed.
     *
     * @param labels the channels' labels as CSV fields ({@link Csv#field}); null: empty labels
     */
    void appendCsvRows(StringBuilder out, String prefix, List<String> labels);
}

package org.neurostream.ingest.nwb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes an NWB 2.x file that pynwb reads and validates: the job's outputs as {@code TimeSeries}
 * (one value per column and time, float32, with per-sample timestamps) and {@code DynamicTable}s
 * (one row per record, float64, int64 and text columns), grouped in processing modules; the
 * session's provenance goes into the file's {@code session_description}.
 *
 * <p>Series and tables grow by appends while the job runs; their values wait in spill files next to
 * the output, so memory does not grow with the session. {@link #close()} writes the file (see
 * {@link Hdf5Writer}); nothing of it exists before. Object ids are name-based UUIDs of the file's
 * identifier and each object's path, so that the same outputs give the same file.
 *
 * <p>The file holds what NWB requires of every file ({@code identifier}, {@code
 * session_description}, {@code session_start_time}, {@code timestamps_reference_time}, {@code
 * file_create_date}, and the groups {@code acquisition}, {@code analysis}, {@code general}, {@code
 * processing}, {@code stimulus}); no cached specifications (pynwb validates against its own).
 *
 * <p>Not thread-safe.
 */
public final class NwbWriter implements Closeable {
    /** The NWB version the files declare. */
    public static final String NWB_VERSION = "2.8.0";

    /** ISO 8601 with the offset always as +HH:MM (pynwb reads "Z" as local time). */
    private static final DateTimeFormatter ISO =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .appendOffset("+HH:MM", "+00:00")
                    .toFormatter();

    private final Hdf5Writer hdf5;
    private final String identifier;
    private final Hdf5Writer.Group processing;
    private boolean closed;

    /**
     * What the file says about its session.
     *
     * @param identifier a unique identifier of the file (NWB's {@code identifier})
     * @param description the session and the provenance of the outputs: command, inputs, versions,
     *     settings ({@code session_description})
     * @param sessionStart when the recorded session started; all times are seconds from it
     * @param created when the outputs were made ({@code file_create_date}); pass the session start
     *     for files that must not change between runs
     */
    public record Session(
            String identifier,
            String description,
            OffsetDateTime sessionStart,
            OffsetDateTime created) {}

    /** The type of a table column. */
    public enum ColumnType {
        FLOAT64,
        INT64,
        TEXT
    }

    /**
     * A table column.
     *
     * @param name the column's name
     * @param description what it holds, with its unit
     * @param type its type
     */
    public record Column(String name, String description, ColumnType type) {}

    private NwbWriter(final Hdf5Writer hdf5, final Session session) {
        this.hdf5 = hdf5;
        this.identifier = session.identifier();
        final Hdf5Writer.Group root = hdf5.root();
        typed(root, "core", "NWBFile").attribute("nwb_version", NWB_VERSION);
        root.dataset(
                "file_create_date",
                Hdf5Writer.Type.STRING,
                new long[] {1},
                new String[] {ISO.format(session.created())});
        text(root, "identifier", session.identifier());
        text(root, "session_description", session.description());
        text(root, "session_start_time", ISO.format(session.sessionStart()));
        text(root, "timestamps_reference_time", ISO.format(session.sessionStart()));
        root.group("acquisition");
        root.group("analysis");
        root.group("general");
        processing = root.group("processing");
        final Hdf5Writer.Group stimulus = root.group("stimulus");
        stimulus.group("presentation");
        stimulus.group("templates");
    }

    /** Starts a new file; it is written when closed. */
    public static NwbWriter create(final Path file, final Session session) throws IOException {
        return new NwbWriter(new Hdf5Writer(file), session);
    }

    private static void text(final Hdf5Writer.Group group, final String name, final String value) {
        group.dataset(name, Hdf5Writer.Type.STRING, null, new String[] {value});
    }

    private Hdf5Writer.Node typed(
            final Hdf5Writer.Node node, final String namespace, final String type) {
        final String id =
                UUID.nameUUIDFromBytes(
                                (identifier + ":" + node.path()).getBytes(StandardCharsets.UTF_8))
                        .toString();
        return node.attribute("namespace", namespace)
                .attribute("neurodata_type", type)
                .attribute("object_id", id);
    }

    /**
     * A processing module ({@code /processing/<name>}) for series and tables; made once per name.
     */
    public ProcessingModule processingModule(final String name, final String description) {
        final boolean exists = processing.children.containsKey(name);
        final Hdf5Writer.Group g = processing.group(name);
        if (!exists) {
            typed(g, "core", "ProcessingModule").attribute("description", description);
        }
        return new ProcessingModule(g);
    }

    /** A processing module: a group of series and tables. */
    public final class ProcessingModule {
        private final Hdf5Writer.Group group;

        private ProcessingModule(final Hdf5Writer.Group group) {
            this.group = group;
        }

        /**
         * A {@code TimeSeries} of {@code columns} float32 values per time (1-D data for 1 column),
         * with per-sample timestamps in seconds.
         *
         * @param description what the series holds, with the meaning of each column
         * @param unit the values' unit
         */
        public SeriesAppender timeSeries(
                final String name, final String description, final String unit, final int columns)
                throws IOException {
            if (columns < 1) {
                throw new IllegalArgumentException(
                        "a series needs at least 1 column, got " + columns);
            }
            final Hdf5Writer.Group g = group.group(name);
            typed(g, "core", "TimeSeries")
                    .attribute("description", description)
                    .attribute("comments", "no comments");
            final Hdf5Writer.Appendable data =
                    g.appendable("data", Hdf5Writer.Type.FLOAT32, columns == 1 ? 0 : columns);
            g.children
                    .get("data")
                    .attribute("unit", unit)
                    .attribute("conversion", 1.0f)
                    .attribute("offset", 0.0f)
                    .attribute("resolution", -1.0f);
            final Hdf5Writer.Appendable times =
                    g.appendable("timestamps", Hdf5Writer.Type.FLOAT64, 0);
            g.children.get("timestamps").attribute("interval", 1).attribute("unit", "seconds");
            return new SeriesAppender(data, times, columns);
        }

        /** A {@code DynamicTable} of these columns, one row per {@link TableAppender#endRow()}. */
        public TableAppender table(
                final String name, final String description, final List<Column> columns)
                throws IOException {
            final Hdf5Writer.Group g = group.group(name);
            final String[] names = columns.stream().map(Column::name).toArray(String[]::new);
            typed(g, "hdmf-common", "DynamicTable")
                    .attribute("colnames", names)
                    .attribute("description", description);
            final Hdf5Writer.Appendable id = g.appendable("id", Hdf5Writer.Type.INT64, 0);
            typed(g.children.get("id"), "hdmf-common", "ElementIdentifiers");
            final List<Hdf5Writer.Appendable> cells = new ArrayList<>();
            for (final Column c : columns) {
                final Hdf5Writer.Type type =
                        switch (c.type()) {
                            case FLOAT64 -> Hdf5Writer.Type.FLOAT64;
                            case INT64 -> Hdf5Writer.Type.INT64;
                            case TEXT -> Hdf5Writer.Type.STRING;
                        };
                cells.add(g.appendable(c.name(), type, 0));
                typed(g.children.get(c.name()), "hdmf-common", "VectorData")
                        .attribute("description", c.description());
            }
            return new TableAppender(id, cells, List.copyOf(columns));
        }
    }

    /** Appends samples to a time series. */
    public static final class SeriesAppender {
        private final Hdf5Writer.Appendable data;
        private final Hdf5Writer.Appendable times;
        private final int columns;

        private SeriesAppender(
                final Hdf5Writer.Appendable data,
                final Hdf5Writer.Appendable times,
                final int columns) {
            this.data = data;
            this.times = times;
            this.columns = columns;
        }

        /** Appends one sample: its time in seconds and {@code values[offset, offset + columns)}. */
        public void append(final double timeSeconds, final float[] values, final int offset)
                throws IOException {
            for (int c = 0; c < columns; c++) {
                data.add(values[offset + c]);
            }
            data.endRow();
            times.add(timeSeconds);
            times.endRow();
        }

        /** Samples appended so far. */
        public long rows() {
            return times.rows();
        }
    }

    /** Appends rows to a table: set every column once, then {@link #endRow()}. */
    public static final class TableAppender {
        private final Hdf5Writer.Appendable id;
        private final List<Hdf5Writer.Appendable> cells;
        private final List<Column> columns;

        private TableAppender(
                final Hdf5Writer.Appendable id,
                final List<Hdf5Writer.Appendable> cells,
                final List<Column> columns) {
            this.id = id;
            this.cells = cells;
            this.columns = columns;
        }

        /** Sets a float64 or int64 column of the current row. */
        public TableAppender set(final int column, final double value) throws IOException {
            cell(column, ColumnType.FLOAT64, ColumnType.INT64).add(value);
            return this;
        }

        /** Sets an int64 column of the current row. */
        public TableAppender set(final int column, final long value) throws IOException {
            cell(column, ColumnType.INT64, ColumnType.FLOAT64).add(value);
            return this;
        }

        /** Sets a text column of the current row. */
        public TableAppender set(final int column, final String value) throws IOException {
            cell(column, ColumnType.TEXT, ColumnType.TEXT).add(value);
            return this;
        }

        private Hdf5Writer.Appendable cell(
                final int column, final ColumnType a, final ColumnType b) {
            final ColumnType type = columns.get(column).type();
            if (type != a && type != b) {
                throw new IllegalArgumentException(
                        "column " + columns.get(column).name() + " is " + type);
            }
            final Hdf5Writer.Appendable cell = cells.get(column);
            if (cell.pending() != 0) {
                throw new IllegalStateException(
                        "column " + columns.get(column).name() + " set twice in a row");
            }
            return cell;
        }

        /** Ends the row: every column must have been set once. */
        public void endRow() throws IOException {
            final long row = id.rows();
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c).pending() != 1) {
                    throw new IllegalStateException(
                            "column " + columns.get(c).name() + " not set in row " + row);
                }
            }
            for (final Hdf5Writer.Appendable cell : cells) {
                cell.endRow();
            }
            id.add(row);
            id.endRow();
        }

        /** Rows ended so far. */
        public long rows() {
            return id.rows();
        }
    }

    /** Writes the file. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            hdf5.close();
        }
    }
}

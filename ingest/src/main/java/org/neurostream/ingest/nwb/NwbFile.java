package org.neurostream.ingest.nwb;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open NWB 2.x file: what it holds (time series, units tables, interval tables), read from its
 * metadata when it is opened, and readers for the data, which stream chunk by chunk so that a
 * session larger than memory can be read.
 *
 * <p>{@link #open} checks that the file is HDF5, that its root says NWB 2.x, and reads every
 * object's metadata: a series needs {@code data} and {@code starting_time} (with {@code rate}) or
 * {@code timestamps}; an electrical series its {@code electrodes} region; a units table {@code id}
 * and, with {@code spike_times}, {@code spike_times_index}; an interval table {@code id}, {@code
 * start_time} and {@code stop_time}. Object references (the tables behind {@code electrodes} and
 * {@code rois} regions, reference columns) are resolved to paths; one that names no object is an
 * error. Every error is an {@link NwbFormatException} naming the file, the HDF5 path and the
 * reason.
 *
 * <p>A file shorter than its superblock declares opens when its metadata are readable ({@link
 * #isTruncated()}); the data readers then deliver what lies before the cut and end with an {@link
 * NwbTruncatedException}.
 *
 * <p>Not thread-safe. Close it to release the file.
 */
public final class NwbFile implements Closeable {
    /**
     * The NWB types whose groups are time series; other groups are series when they have timing.
     */
    private static final Set<String> SERIES_TYPES =
            Set.of(
                    "TimeSeries",
                    "ElectricalSeries",
                    "SpikeEventSeries",
                    "RoiResponseSeries",
                    "SpatialSeries",
                    "AnnotationSeries",
                    "IntervalSeries",
                    "AbstractFeatureSeries",
                    "IndexSeries",
                    "DecompositionSeries",
                    "OptogeneticSeries",
                    "PatchClampSeries",
                    "CurrentClampSeries",
                    "IZeroClampSeries",
                    "CurrentClampStimulusSeries",
                    "VoltageClampSeries",
                    "VoltageClampStimulusSeries",
                    "ImageSeries",
                    "ImageMaskSeries",
                    "OpticalSeries",
                    "TwoPhotonSeries",
                    "OnePhotonSeries");

    /** Image series may keep their frames in external files and have no data here. */
    private static final Set<String> IMAGE_TYPES =
            Set.of(
                    "ImageSeries",
                    "ImageMaskSeries",
                    "OpticalSeries",
                    "TwoPhotonSeries",
                    "OnePhotonSeries");

    private final NwbSource source;
    private final String nwbVersion;
    private final Map<Long, String> pathsByAddress = new HashMap<>();
    private final List<NwbSeries> series = new ArrayList<>();
    private final List<NwbUnitsTable> unitsTables = new ArrayList<>();
    private final List<NwbIntervalTable> intervalTables = new ArrayList<>();
    private final Map<String, long[]> spikeEnds = new HashMap<>();

    private NwbFile(final NwbSource source, final String nwbVersion) {
        this.source = source;
        this.nwbVersion = nwbVersion;
    }

    /**
     * Opens an NWB 2.x file and reads its metadata (no sample data).
     *
     * @throws NwbFormatException when the file is not HDF5, not NWB, an NWB version other than 2.x,
     *     lacks a required dataset, holds a reference to nowhere or cannot be read
     */
    public static NwbFile open(final Path file) throws IOException {
        final FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NwbFormatException(file, "/", "no such file");
        } catch (AccessDeniedException e) {
            throw new NwbFormatException(file, "/", "permission denied");
        } catch (IOException e) {
            throw new NwbFormatException(file, "/", "cannot open: " + NwbSource.message(e));
        }
        try {
            final long length = channel.size();
            if (!hasHdf5Signature(channel, length)) {
                throw new NwbFormatException(
                        file,
                        "/",
                        "not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, 2048, ...)");
            }
            final HdfFile hdf;
            try {
                hdf = new HdfFile(new ReadOnlyChannel(channel));
            } catch (RuntimeException e) {
                throw new NwbFormatException(
                        file,
                        "/",
                        "unreadable HDF5 superblock or root group: " + NwbSource.message(e));
            }
            final Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
            final long declared =
                    superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
            final NwbSource source = new NwbSource(file, hdf, channel, length, declared);
            final NwbFile nwb = new NwbFile(source, checkVersion(source));
            nwb.scan();
            return nwb;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean hasHdf5Signature(final FileChannel channel, final long length)
            throws IOException {
        final ByteBuffer signature = ByteBuffer.allocate(8);
        for (long at = 0; at + 8 <= length; at = at == 0 ? 512 : at * 2) {
            signature.clear();
            while (signature.hasRemaining()
                    && channel.read(signature, at + signature.position()) > 0) {
                // read the 8 bytes
            }
            final byte[] b = signature.array();
            if ((b[0] & 0xFF) == 0x89
                    && b[1] == 'H'
                    && b[2] == 'D'
                    && b[3] == 'F'
                    && b[4] == '\r'
                    && b[5] == '\n'
                    && b[6] == 0x1A
                    && b[7] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static String checkVersion(final NwbSource source) throws NwbFormatException {
        final HdfFile root = source.hdf;
        final String type = stringAttribute(source, root, "/", "neurodata_type");
        final String version = stringAttribute(source, root, "/", "nwb_version");
        if (version == null) {
            if (root.getChildren().containsKey("nwb_version")) {
                final Object v = ((Dataset) root.getChild("nwb_version")).getData();
                throw source.error(
                        "/",
                        "NWB version "
                                + (v instanceof String[] a && a.length == 1 ? a[0] : v)
                                + " is not read here (NWB 2.x files only)");
            }
            throw source.error("/", "HDF5 but not NWB: no nwb_version attribute on the root group");
        }
        if (type != null && !type.equals("NWBFile")) {
            throw source.error(
                    "/", "HDF5 but not NWB: the root group is a " + type + ", not an NWBFile");
        }
        final String digits = version.startsWith("NWB-") ? version.substring(4) : version;
        final int dot = digits.indexOf('.');
        if (!(dot > 0 ? digits.substring(0, dot) : digits).equals("2")) {
            throw source.error(
                    "/", "NWB version " + version + " is not read here (NWB 2.x files only)");
        }
        return version;
    }

    /** The file. */
    public Path file() {
        return source.file;
    }

    /** The root's {@code nwb_version}, such as {@code 2.6.0}. */
    public String nwbVersion() {
        return nwbVersion;
    }

    /**
     * True when the file ends before its superblock says it does: data past the cut are missing.
     */
    public boolean isTruncated() {
        return source.truncated();
    }

    /** The file's length in bytes. */
    public long length() {
        return source.length;
    }

    /** The length the HDF5 superblock declares, in bytes. */
    public long declaredLength() {
        return source.declaredLength;
    }

    /** Every time series, sorted by path. */
    public List<NwbSeries> series() {
        return Collections.unmodifiableList(series);
    }

    /** Every units table, sorted by path (usually one, {@code /units}). */
    public List<NwbUnitsTable> unitsTables() {
        return Collections.unmodifiableList(unitsTables);
    }

    /** Every interval table ({@code TimeIntervals}), sorted by path. */
    public List<NwbIntervalTable> intervalTables() {
        return Collections.unmodifiableList(intervalTables);
    }

    /**
     * The series or table at an absolute path, or the one whose name (last path element) is {@code
     * pathOrName}.
     *
     * @throws NwbFormatException when nothing or more than one object matches
     */
    public NwbObject find(final String pathOrName) throws NwbFormatException {
        final List<NwbObject> all = new ArrayList<>();
        all.addAll(series);
        all.addAll(unitsTables);
        all.addAll(intervalTables);
        final List<NwbObject> matches = new ArrayList<>();
        for (final NwbObject o : all) {
            if (pathOrName.startsWith("/")
                    ? o.path().equals(pathOrName)
                    : o.name().equals(pathOrName)) {
                matches.add(o);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        final String where = pathOrName.startsWith("/") ? pathOrName : "/";
        if (matches.isEmpty()) {
            throw source.error(
                    where,
                    "no series or table "
                            + (pathOrName.startsWith("/") ? "at this path" : "named " + pathOrName)
                            + "; the file holds "
                            + String.join(", ", all.stream().map(NwbObject::path).toList()));
        }
        throw source.error(
                where,
                pathOrName
                        + " names "
                        + matches.size()
                        + " objects, give the path: "
                        + String.join(", ", matches.stream().map(NwbObject::path).toList()));
    }

    /**
     * A reader of a numeric series' samples in physical units, block by block.
     *
     * @throws NwbFormatException for text series (read those with {@link #readAnnotations}) and
     *     data of rank over 2
     */
    public NwbSeriesReader openSeries(final NwbSeries s) throws NwbFormatException {
        if (s.isText()) {
            throw source.error(s.dataPath, "text data: read with readAnnotations");
        }
        final DatasetRows data = DatasetRows.open(source, dataset(s.dataPath), s.dataPath, 1);
        final DatasetRows timestamps =
                s.timestampsPath == null
                        ? null
                        : DatasetRows.open(source, dataset(s.timestampsPath), s.timestampsPath, 1);
        return new NwbSeriesReader(s, data, timestamps);
    }

    /**
     * The texts and times of an {@code AnnotationSeries} (or any series of text data), in file
     * order.
     */
    public List<NwbAnnotation> readAnnotations(final NwbSeries s) throws NwbFormatException {
        if (!s.isText()) {
            throw source.error(s.dataPath, "numeric data: read with openSeries");
        }
        final String[] texts = strings(dataset(s.dataPath), s.dataPath);
        final double[] times = times(s, texts.length);
        final List<NwbAnnotation> out = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            out.add(new NwbAnnotation(times[i], texts[i]));
        }
        return out;
    }

    private double[] times(final NwbSeries s, final int n) throws NwbFormatException {
        if (s.timestampsPath != null) {
            final DatasetRows t =
                    DatasetRows.open(source, dataset(s.timestampsPath), s.timestampsPath, 1);
            if (t.rows < n) {
                throw source.error(s.timestampsPath, t.rows + " timestamps for " + n + " samples");
            }
            return t.readDoubles(0, n);
        }
        final double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.startSeconds() + i / s.rate();
        }
        return out;
    }

    /** A reader of a units table's spikes in time order, all units merged (ties by unit id). */
    public NwbSpikeReader openSpikes(final NwbUnitsTable units) throws NwbFormatException {
        final long[] ends = spikeEnds.get(units.path());
        final String timesPath = units.path() + "/spike_times";
        final DatasetRows times =
                ends.length == 0 || ends[ends.length - 1] == 0
                        ? null
                        : DatasetRows.open(source, dataset(timesPath), timesPath, 16);
        return new NwbSpikeReader(source, timesPath, times, units.unitIds(), ends);
    }

    /** Every row of an interval table, columns in {@code colnames} order. */
    public NwbIntervalRows readIntervals(final NwbIntervalTable table) throws NwbFormatException {
        final Group group = (Group) node(table.path());
        final List<Object[]> columns = new ArrayList<>();
        for (final String column : table.columns()) {
            columns.add(column(group, table.path(), column, table.rows()));
        }
        return new NwbIntervalRows(table.columns(), (int) table.rows(), columns);
    }

    /**
     * Closes the file. jhdf's own close is not called: jhdf 0.13.0 fails in it for files opened
     * from a channel (it logs the file's path, which it does not know); the channel is all it
     * holds.
     */
    @Override
    public void close() throws IOException {
        source.channel.close();
    }

    // ---------------------------------------------------------------- scan

    private record Candidate(String path, Group group, String type, String parentType) {}

    private void scan() throws NwbFormatException {
        final List<Candidate> found = new ArrayList<>();
        walk(source.hdf, "", found);
        for (final Candidate c : found) {
            try {
                switch (c.type) {
                    case "Units" -> unitsTables.add(units(c));
                    case "TimeIntervals" -> intervalTables.add(intervals(c));
                    default -> {
                        final NwbSeries s = series(c);
                        if (s != null) {
                            series.add(s);
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw source.error(c.path, "cannot be read: " + NwbSource.message(e));
            }
        }
        series.sort(Comparator.comparing(NwbSeries::path));
        unitsTables.sort(Comparator.comparing(NwbUnitsTable::path));
        intervalTables.sort(Comparator.comparing(NwbIntervalTable::path));
    }

    /** Records every object's address, and the groups that are series or tables. */
    private void walk(final Group group, final String path, final List<Candidate> found)
            throws NwbFormatException {
        final Map<String, Node> children;
        try {
            children = new LinkedHashMap<>(group.getChildren());
        } catch (RuntimeException e) {
            throw unreadableObject(path.isEmpty() ? "/" : path, e);
        }
        final String groupType =
                path.isEmpty() ? null : stringAttribute(source, group, path, "neurodata_type");
        for (final Map.Entry<String, Node> e : children.entrySet()) {
            final String childPath = path + "/" + e.getKey();
            if (childPath.equals("/specifications")) {
                continue;
            }
            final Node child = e.getValue();
            try {
                if (child.isLink()) {
                    continue;
                }
                pathsByAddress.putIfAbsent(child.getAddress(), childPath);
                if (!(child instanceof Group g)) {
                    continue;
                }
                final String type = stringAttribute(source, g, childPath, "neurodata_type");
                if ("Units".equals(type) || "TimeIntervals".equals(type) || isSeries(g, type)) {
                    found.add(
                            new Candidate(
                                    childPath, g, type == null ? "TimeSeries" : type, groupType));
                    recordAddresses(g, childPath);
                } else {
                    walk(g, childPath, found);
                }
            } catch (RuntimeException ex) {
                throw unreadableObject(childPath, ex);
            }
        }
    }

    private void recordAddresses(final Group group, final String path) {
        for (final Map.Entry<String, Node> e : group.getChildren().entrySet()) {
            if (!e.getValue().isLink()) {
                pathsByAddress.putIfAbsent(e.getValue().getAddress(), path + "/" + e.getKey());
            }
        }
    }

    private NwbFormatException unreadableObject(final String path, final RuntimeException e) {
        if (source.truncated()) {
            return source.error(
                    path,
                    "truncated: its metadata lie past the end of the file ("
                            + source.length
                            + " bytes; the superblock declares "
                            + source.declaredLength
                            + "): "
                            + NwbSource.message(e));
        }
        return source.error(path, "cannot be read: " + NwbSource.message(e));
    }

    private static boolean isSeries(final Group g, final String type) {
        if (type != null && SERIES_TYPES.contains(type)) {
            return true;
        }
        final Map<String, Node> children = g.getChildren();
        return children.containsKey("data")
                && (children.containsKey("starting_time") || children.containsKey("timestamps"));
    }

    private NwbSeries series(final Candidate c) throws NwbFormatException {
        final Map<String, Node> children = c.group.getChildren();
        final String dataPath = c.path + "/data";
        if (!children.containsKey("data")) {
            if (IMAGE_TYPES.contains(c.type) && children.containsKey("external_file")) {
                return null; // frames kept in external files: nothing here to read
            }
            throw source.error(dataPath, "required dataset missing (a " + c.type + " needs data)");
        }
        final Dataset data = dataset(dataPath);
        final long[] shape = data.getDimensionsAsLong();
        if (shape.length == 0) {
            throw source.error(dataPath, "scalar data: a series needs one row per sample");
        }
        final boolean text = isText(data);
        if (!text && ElementType.of(data.getDataType()) == null) {
            throw source.error(
                    dataPath,
                    "data type "
                            + data.getDataType().getClass().getSimpleName()
                            + " is not read here");
        }
        final String unit = orDefault(stringAttribute(source, data, dataPath, "unit"), "");
        final double conversion = doubleAttribute(data, dataPath, "conversion", 1.0);
        final double offset = doubleAttribute(data, dataPath, "offset", 0.0);

        double rate = Double.NaN;
        double start;
        String timestampsPath = null;
        if (children.containsKey("starting_time")) {
            final String startPath = c.path + "/starting_time";
            final Dataset startingTime = dataset(startPath);
            rate = doubleAttribute(startingTime, startPath, "rate", Double.NaN);
            if (!(rate > 0)) {
                throw source.error(startPath, "needs a positive rate attribute, got " + rate);
            }
            start = DatasetRows.open(source, startingTime, startPath, 1).readAllDoubles()[0];
        } else if (children.containsKey("timestamps")) {
            timestampsPath = c.path + "/timestamps";
            final DatasetRows t =
                    DatasetRows.open(source, dataset(timestampsPath), timestampsPath, 1);
            if (t.rows != shape[0]) {
                throw source.error(
                        timestampsPath,
                        t.rows + " timestamps for " + shape[0] + " samples of data");
            }
            start = t.rows == 0 ? Double.NaN : t.readDoubles(0, 1)[0];
        } else {
            throw source.error(
                    c.path + "/timestamps",
                    "required dataset missing (a "
                            + c.type
                            + " needs timestamps or starting_time)");
        }

        long columns = 1;
        for (int i = 1; i < shape.length; i++) {
            columns *= shape[i];
        }
        double[] channelConversion = null;
        if (children.containsKey("channel_conversion")) {
            final String ccPath = c.path + "/channel_conversion";
            channelConversion =
                    DatasetRows.open(source, dataset(ccPath), ccPath, 1).readAllDoubles();
            if (channelConversion.length != columns) {
                throw source.error(
                        ccPath,
                        channelConversion.length + " factors for " + columns + " columns of data");
            }
        }
        final String name = c.path.substring(c.path.lastIndexOf('/') + 1);
        final List<String> labels = new ArrayList<>();
        List<String> neurons = null;
        long[] ids = null;
        if (text) {
            labels.add(c.type.equals("AnnotationSeries") ? "annotation" : name);
        } else if (children.containsKey("electrodes")) {
            ids = electrodeLabels(c.path + "/electrodes", columns, labels);
        } else if (c.type.equals("ElectricalSeries") || c.type.equals("SpikeEventSeries")) {
            throw source.error(
                    c.path + "/electrodes",
                    "required dataset missing (a " + c.type + " needs electrodes)");
        } else if (children.containsKey("rois")) {
            neurons = new ArrayList<>();
            ids = roiLabels(c.path + "/rois", columns, labels, neurons);
        } else {
            for (int i = 0; i < columns; i++) {
                labels.add(columns == 1 ? name : name + "_" + i);
            }
        }
        final NwbSeries series =
                new NwbSeries(
                        c.path,
                        c.type,
                        c.parentType,
                        shape,
                        text,
                        rate,
                        start,
                        unit,
                        conversion,
                        offset,
                        channelConversion,
                        labels,
                        ids,
                        dataPath,
                        timestampsPath);
        series.neuronLabels = neurons == null || neurons.isEmpty() ? null : List.copyOf(neurons);
        return series;
    }

    private static boolean isText(final Dataset data) {
        return data.getDataType() instanceof StringData
                || (data.getDataType() instanceof VariableLength v
                        && v.getJavaType() == String.class);
    }

    /** Labels from the electrodes table: label, else location, else the id; returns the ids. */
    private long[] electrodeLabels(
            final String regionPath, final long columns, final List<String> labels)
            throws NwbFormatException {
        final Region region = region(regionPath, columns);
        final Group table = region.table;
        final long[] ids = ids(table, region.tablePath);
        final String[] label = optionalStrings(table, region.tablePath, "label", ids.length);
        final String[] location = optionalStrings(table, region.tablePath, "location", ids.length);
        final long[] out = new long[region.rows.length];
        for (int i = 0; i < region.rows.length; i++) {
            final int row = (int) region.rows[i];
            out[i] = ids[row];
            if (label != null && !label[row].isEmpty()) {
                labels.add(label[row]);
            } else if (location != null && !location[row].isEmpty()) {
                labels.add(location[row]);
            } else {
                labels.add(Long.toString(ids[row]));
            }
        }
        return out;
    }

    /**
     * ROI labels {@code roi_<id>}; fills {@code neurons} with the ROIs' names from the ROI table's
     * first text column among {@link #NEURON_LABEL_COLUMNS}, when it has one.
     */
    private long[] roiLabels(
            final String regionPath,
            final long columns,
            final List<String> labels,
            final List<String> neurons)
            throws NwbFormatException {
        final Region region = region(regionPath, columns);
        final long[] ids = ids(region.table, region.tablePath);
        String[] names = null;
        for (int k = 0; k < NEURON_LABEL_COLUMNS.size() && names == null; k++) {
            names =
                    optionalStrings(
                            region.table,
                            region.tablePath,
                            NEURON_LABEL_COLUMNS.get(k),
                            ids.length);
        }
        final long[] out = new long[region.rows.length];
        for (int i = 0; i < region.rows.length; i++) {
            out[i] = ids[(int) region.rows[i]];
            labels.add("roi_" + out[i]);
            if (names != null) {
                neurons.add(names[(int) region.rows[i]]);
            }
        }
        return out;
    }

    /**
     * The columns of a ROI table that name its neurons, in order of preference: a text column of
     * one of these names gives each ROI its label ({@link NwbSeries#neuronLabels()}).
     */
    public static final List<String> NEURON_LABEL_COLUMNS =
            List.of("ID_labels", "neuron_label", "neuron_name", "roi_label", "cell_label", "label");

    private record Region(long[] rows, Group table, String tablePath) {}

    /** A DynamicTableRegion: its rows, checked against its table, and the table it references. */
    private Region region(final String path, final long expected) throws NwbFormatException {
        final Dataset d = dataset(path);
        final String tablePath = referencedPath(d, path, "table");
        final Node table = node(tablePath);
        if (!(table instanceof Group g)) {
            throw source.error(path, "attribute table references " + tablePath + ", not a table");
        }
        final long[] rows = DatasetRows.open(source, d, path, 1).readAllLongs();
        if (expected >= 0 && rows.length != expected) {
            throw source.error(path, rows.length + " rows for " + expected + " columns of data");
        }
        final long tableRows = ids(g, tablePath).length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= tableRows) {
                throw source.error(
                        path,
                        "element "
                                + i
                                + " is row "
                                + rows[i]
                                + " of "
                                + tablePath
                                + ", which has "
                                + tableRows
                                + " rows");
            }
        }
        return new Region(rows, g, tablePath);
    }

    private final Map<String, long[]> idCache = new HashMap<>();

    private long[] ids(final Group table, final String tablePath) throws NwbFormatException {
        final long[] cached = idCache.get(tablePath);
        if (cached != null) {
            return cached;
        }
        if (!table.getChildren().containsKey("id")) {
            throw source.error(tablePath + "/id", "required dataset missing (a table needs id)");
        }
        final long[] ids =
                DatasetRows.open(source, dataset(tablePath + "/id"), tablePath + "/id", 1)
                        .readAllLongs();
        idCache.put(tablePath, ids);
        return ids;
    }

    private String[] optionalStrings(
            final Group table, final String tablePath, final String column, final int rows)
            throws NwbFormatException {
        if (!table.getChildren().containsKey(column)) {
            return null;
        }
        final String path = tablePath + "/" + column;
        final Dataset d = dataset(path);
        if (!isText(d)) {
            return null;
        }
        final String[] values = strings(d, path);
        if (values.length != rows) {
            throw source.error(path, values.length + " values for " + rows + " rows");
        }
        return values;
    }

    private NwbUnitsTable units(final Candidate c) throws NwbFormatException {
        final long[] ids = ids(c.group, c.path);
        final Map<String, Node> children = c.group.getChildren();
        final long[] ends;
        if (children.containsKey("spike_times")) {
            if (!children.containsKey("spike_times_index")) {
                throw source.error(
                        c.path + "/spike_times_index",
                        "required dataset missing (spike_times needs spike_times_index)");
            }
            final long spikes = dataset(c.path + "/spike_times").getDimensionsAsLong()[0];
            ends = index(c.path + "/spike_times_index", ids.length, spikes);
        } else {
            ends = new long[ids.length];
        }
        final long[] counts = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            counts[i] = ends[i] - (i == 0 ? 0 : ends[i - 1]);
        }
        final List<long[]> electrodes = new ArrayList<>();
        if (children.containsKey("electrodes") && children.containsKey("electrodes_index")) {
            final Region region = region(c.path + "/electrodes", -1);
            final long[] electrodeEnds =
                    index(c.path + "/electrodes_index", ids.length, region.rows.length);
            final long[] electrodeIds = ids(region.table, region.tablePath);
            for (int u = 0; u < ids.length; u++) {
                final int from = u == 0 ? 0 : (int) electrodeEnds[u - 1];
                final long[] mine = new long[(int) electrodeEnds[u] - from];
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = electrodeIds[(int) region.rows[from + i]];
                }
                electrodes.add(mine);
            }
        } else {
            for (int u = 0; u < ids.length; u++) {
                electrodes.add(new long[0]);
            }
        }
        spikeEnds.put(c.path, ends);
        return new NwbUnitsTable(c.path, ids, counts, electrodes);
    }

    /** A VectorIndex: one end per row, non-decreasing, the last at most the target's length. */
    private long[] index(final String path, final int rows, final long targetLength)
            throws NwbFormatException {
        final long[] ends = DatasetRows.open(source, dataset(path), path, 1).readAllLongs();
        if (ends.length != rows) {
            throw source.error(path, ends.length + " ends for " + rows + " rows");
        }
        long last = 0;
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] < last || ends[i] > targetLength) {
                throw source.error(
                        path,
                        "element "
                                + i
                                + " is "
                                + ends[i]
                                + ": ends must not decrease nor pass "
                                + targetLength);
            }
            last = ends[i];
        }
        return ends;
    }

    private NwbIntervalTable intervals(final Candidate c) throws NwbFormatException {
        final long rows = ids(c.group, c.path).length;
        final Map<String, Node> children = c.group.getChildren();
        for (final String required : List.of("start_time", "stop_time")) {
            if (!children.containsKey(required)) {
                throw source.error(
                        c.path + "/" + required,
                        "required dataset missing (a TimeIntervals table needs " + required + ")");
            }
        }
        final List<String> columns = new ArrayList<>();
        final Attribute colnames = c.group.getAttribute("colnames");
        if (colnames != null) {
            final Object v = colnames.getData();
            if (v instanceof String[] names) {
                columns.addAll(Arrays.asList(names));
            } else if (v instanceof String one) {
                columns.add(one);
            }
        }
        if (columns.isEmpty()) {
            columns.addAll(List.of("start_time", "stop_time"));
        }
        for (final String column : columns) {
            if (!children.containsKey(column)) {
                throw source.error(c.path + "/" + column, "column named in colnames is missing");
            }
        }
        return new NwbIntervalTable(c.path, rows, List.copyOf(columns));
    }

    // ---------------------------------------------------------------- table columns

    /**
     * One column's cells: Double, Long, String, a path (references) or a List of those (ragged).
     */
    private Object[] column(
            final Group table, final String tablePath, final String name, final long rows)
            throws NwbFormatException {
        final String path = tablePath + "/" + name;
        Object[] values = flat(dataset(path), path);
        String indexName = name + "_index";
        final List<long[]> indexes = new ArrayList<>();
        long length = values.length;
        while (table.getChildren().containsKey(indexName)) {
            final String indexPath = tablePath + "/" + indexName;
            final long indexRows = dataset(indexPath).getDimensionsAsLong()[0];
            indexes.add(index(indexPath, (int) indexRows, length));
            length = indexRows;
            indexName += "_index";
        }
        for (final long[] ends : indexes) {
            final Object[] grouped = new Object[ends.length];
            for (int i = 0; i < ends.length; i++) {
                final int from = i == 0 ? 0 : (int) ends[i - 1];
                grouped[i] = List.of(Arrays.copyOfRange(values, from, (int) ends[i]));
            }
            values = grouped;
        }
        if (values.length != rows) {
            throw source.error(path, values.length + " cells for " + rows + " rows");
        }
        return values;
    }

    private Object[] flat(final Dataset d, final String path) throws NwbFormatException {
        final long[] dims = d.getDimensionsAsLong();
        final long n = dims.length == 0 ? 1 : dims[0];
        final ElementType type = ElementType.of(d.getDataType());
        if (type != null) {
            final DatasetRows rows = DatasetRows.open(source, d, path, 1);
            final Object[] out = new Object[(int) n];
            final double[] values = rows.readAllDoubles();
            final int width = rows.columns;
            for (int i = 0; i < n; i++) {
                if (width == 1) {
                    out[i] = box(values[i], type);
                } else {
                    final List<Object> row = new ArrayList<>(width);
                    for (int k = 0; k < width; k++) {
                        row.add(box(values[i * width + k], type));
                    }
                    out[i] = row;
                }
            }
            return out;
        }
        if (isText(d)) {
            return strings(d, path);
        }
        if (d.getDataType() instanceof Reference) {
            final Object data = d.getDataFlat();
            final Object[] out = new Object[Array.getLength(data)];
            for (int i = 0; i < out.length; i++) {
                out[i] = pathOf(((Number) Array.get(data, i)).longValue(), path, "element " + i);
            }
            return out;
        }
        if (d.getDataType() instanceof CompoundDataType compound) {
            return compoundCells(d, path, compound, (int) n);
        }
        final Object data = d.getDataFlat();
        final Object[] out = new Object[Array.getLength(data)];
        for (int i = 0; i < out.length; i++) {
            out[i] = String.valueOf(Array.get(data, i));
        }
        return out;
    }

    private static Object box(final double v, final ElementType type) {
        return type.isInteger() ? (Object) (long) v : (Object) v;
    }

    /** Compound cells as {@code member=value} pairs joined by spaces, references as paths. */
    private Object[] compoundCells(
            final Dataset d, final String path, final CompoundDataType compound, final int n)
            throws NwbFormatException {
        @SuppressWarnings("unchecked")
        final Map<String, Object> members = (Map<String, Object>) d.getData();
        final Object[] out = new Object[n];
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            for (final CompoundDataType.CompoundDataMember m : compound.getMembers()) {
                final Object value = Array.get(members.get(m.getName()), i);
                sb.append(sb.length() == 0 ? "" : " ").append(m.getName()).append('=');
                sb.append(
                        m.getDataType() instanceof Reference
                                ? pathOf(((Number) value).longValue(), path, "element " + i)
                                : String.valueOf(value));
            }
            out[i] = sb.toString();
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** The object at a path, following soft links. */
    Node node(final String path) throws NwbFormatException {
        try {
            Node n = source.hdf.getByPath(path);
            while (n instanceof Link link) {
                if (link.isBrokenLink()) {
                    throw source.error(path, "broken link to " + link.getTargetPath());
                }
                n = link.getTarget();
            }
            return n;
        } catch (RuntimeException e) {
            throw source.error(path, "cannot be read: " + NwbSource.message(e));
        }
    }

    /** The rows of a numeric dataset, for tests that check stored values. */
    DatasetRows rows(final String path) throws NwbFormatException {
        return DatasetRows.open(source, dataset(path), path, 1);
    }

    Dataset dataset(final String path) throws NwbFormatException {
        final Node n = node(path);
        if (!(n instanceof Dataset d)) {
            throw source.error(path, "a dataset is expected, found a group");
        }
        return d;
    }

    private String referencedPath(final Node node, final String path, final String attribute)
            throws NwbFormatException {
        final Attribute a = node.getAttribute(attribute);
        if (a == null) {
            throw source.error(
                    path, "attribute " + attribute + " (an object reference) is missing");
        }
        final Object v = a.getData();
        final Object scalar =
                v != null && v.getClass().isArray() && Array.getLength(v) == 1
                        ? Array.get(v, 0)
                        : v;
        if (!(scalar instanceof Number address)) {
            throw source.error(path, "attribute " + attribute + " is not an object reference");
        }
        return pathOf(address.longValue(), path, "attribute " + attribute);
    }

    private String pathOf(final long address, final String path, final String what)
            throws NwbFormatException {
        final String target = pathsByAddress.get(address);
        if (target == null) {
            throw source.error(
                    path,
                    what
                            + ": object reference to address "
                            + address
                            + " names no object in the file");
        }
        return target;
    }

    private String[] strings(final Dataset d, final String path) throws NwbFormatException {
        try {
            final Object v = d.getDataFlat();
            if (v instanceof String[] s) {
                return s;
            }
            if (v instanceof String one) {
                return new String[] {one};
            }
            throw source.error(path, "text expected, found " + v.getClass().getSimpleName());
        } catch (RuntimeException e) {
            throw source.error(path, "cannot be read: " + NwbSource.message(e));
        }
    }

    private static String stringAttribute(
            final NwbSource source, final Node node, final String path, final String name)
            throws NwbFormatException {
        final Attribute a;
        try {
            a = node.getAttribute(name);
            if (a == null) {
                return null;
            }
            final Object v = a.getData();
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof String[] s && s.length == 1) {
                return s[0];
            }
            return v == null ? null : String.valueOf(v);
        } catch (RuntimeException e) {
            throw source.error(
                    path, "attribute " + name + " cannot be read: " + NwbSource.message(e));
        }
    }

    private double doubleAttribute(
            final Node node, final String path, final String name, final double fallback)
            throws NwbFormatException {
        final Attribute a = node.getAttribute(name);
        if (a == null) {
            return fallback;
        }
        final Object v = a.getData();
        final Object scalar =
                v != null && v.getClass().isArray() && Array.getLength(v) == 1
                        ? Array.get(v, 0)
                        : v;
        if (scalar instanceof Number n) {
            return n.doubleValue();
        }
        throw source.error(path, "attribute " + name + " is not a number: " + v);
    }

    private static String orDefault(final String value, final String fallback) {
        return value == null ? fallback : value;
    }
}

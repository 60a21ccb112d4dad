package org.neurostream.ingest.nwb;

import io.jhdf.checksum.ChecksumUtils;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Writes a new HDF5 file in the format HDF5 1.8 and later read (h5py, pynwb, jhdf): superblock
 * version 2, version 2 object headers with links and attributes stored in the header, contiguous
 * little-endian datasets, chunked ones (deflated, indexed by a version 1 B-tree), variable-length
 * UTF-8 strings in global heap collections, object references. jhdf's own writer cannot be used for
 * NWB (no variable-length strings, no references, and a flush that can overwrite the last group it
 * writes): see {@code docs/nwb.md}.
 *
 * <p>The file is built as a tree of groups and datasets; data of {@link Appendable} datasets are
 * kept in spill files next to the output while they grow, so memory does not grow with their length
 * (equal strings are stored once). {@link #close()} lays the file out in one pass (address of every
 * heap object, data block and object header known before anything is written) and writes it front
 * to back: superblock, heap collections, data blocks, object headers, then the superblock's
 * end-of-file and root addresses.
 *
 * <p>Byte layout of the encodings: HDF5 File Format Specification version 3.0, sections II.A
 * (superblock v2), III.A.1 (version 1 B-trees), III.A.2 (global heap), IV.A.1.b (object header v2),
 * IV.A.2 (messages: 0x01 dataspace v2, 0x02 link info, 0x03 datatype v1, 0x05 fill value v3, 0x06
 * link v1, 0x08 layout v3, 0x0A group info, 0x0B filter pipeline v2, 0x0C attribute v3). Checksums
 * are Jenkins' lookup3, as jhdf computes them.
 *
 * <p>Not thread-safe.
 */
final class Hdf5Writer implements Closeable {
    private static final long UNDEFINED = -1L;
    private static final int SUPERBLOCK_BYTES = 48;
    private static final int MIN_HEAP_BYTES = 4096;
    private static final int MAX_HEAP_OBJECTS = 65_535;
    private static final int MAX_HEAP_BYTES = 1 << 20;
    private static final int IO_BYTES = 1 << 16;

    /** Element types of datasets and attributes. */
    enum Type {
        INT8(1),
        UINT8(1),
        INT16(2),
        INT32(4),
        INT64(8),
        FLOAT32(4),
        FLOAT64(8),
        /** Variable-length UTF-8 string (a 16-byte global heap reference per element). */
        STRING(16),
        /** Object reference: the address of the object's header. */
        REFERENCE(8);

        final int size;

        Type(final int size) {
            this.size = size;
        }
    }

    private final Path file;
    private final Path spillDir;
    private final Group root = new Group(null, "");
    private final List<Appendable> appendables = new ArrayList<>();
    private final List<Chunks> chunkSets = new ArrayList<>();
    private boolean closed;

    Hdf5Writer(final Path file) throws IOException {
        this.file = file;
        final Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        this.spillDir = Files.createTempDirectory(parent, "." + file.getFileName() + ".spill-");
    }

    /** The root group. */
    Group root() {
        return root;
    }

    // ---------------------------------------------------------------- tree

    /** A group or dataset: a name in its parent, attributes, an object header. */
    abstract static class Node {
        final Group parent;
        final String name;
        final Map<String, Attribute> attributes = new LinkedHashMap<>();
        long address = UNDEFINED;

        Node(final Group parent, final String name) {
            this.parent = parent;
            this.name = name;
        }

        /** The absolute path. */
        String path() {
            return parent == null ? "/" : (parent.parent == null ? "" : parent.path()) + "/" + name;
        }

        /** A scalar string attribute. */
        Node attribute(final String name, final String value) {
            return put(name, Type.STRING, null, new String[] {value});
        }

        /** A 1-D string array attribute. */
        Node attribute(final String name, final String[] values) {
            return put(name, Type.STRING, new long[] {values.length}, values.clone());
        }

        /** A scalar float64 attribute. */
        Node attribute(final String name, final double value) {
            return put(name, Type.FLOAT64, null, new double[] {value});
        }

        /** A scalar float32 attribute. */
        Node attribute(final String name, final float value) {
            return put(name, Type.FLOAT32, null, new float[] {value});
        }

        /** A scalar int32 attribute. */
        Node attribute(final String name, final int value) {
            return put(name, Type.INT32, null, new int[] {value});
        }

        /** A scalar object reference attribute. */
        Node attribute(final String name, final Node target) {
            return put(name, Type.REFERENCE, null, new Node[] {target});
        }

        private Node put(
                final String name, final Type type, final long[] dims, final Object values) {
            attributes.put(name, new Attribute(name, type, dims, values));
            return this;
        }
    }

    private record Attribute(String name, Type type, long[] dims, Object values) {}

    /** A group: links to its children, in the order they were added. */
    final class Group extends Node {
        final Map<String, Node> children = new LinkedHashMap<>();

        Group(final Group parent, final String name) {
            super(parent, name);
        }

        /** The child group of this name, made when absent. */
        Group group(final String name) {
            final Node existing = children.get(name);
            if (existing instanceof Group g) {
                return g;
            }
            check(name);
            final Group g = new Group(this, name);
            children.put(name, g);
            return g;
        }

        /** A dataset whose data are given whole: a scalar ({@code dims} null) or an array. */
        Dataset dataset(
                final String name, final Type type, final long[] dims, final Object values) {
            check(name);
            final Dataset d = new Dataset(this, name, type, dims, values, null, null);
            children.put(name, d);
            return d;
        }

        /**
         * A dataset of rows of {@code columns} elements (1-D when columns is 0) that grows by
         * appends.
         */
        Appendable appendable(final String name, final Type type, final int columns)
                throws IOException {
            check(name);
            final Appendable a =
                    new Appendable(type, columns, spillDir.resolve(appendables.size() + ".bin"));
            appendables.add(a);
            children.put(name, new Dataset(this, name, type, null, null, a, null));
            return a;
        }

        /**
         * A 1-D ({@code columns} 0) or 2-D dataset of {@code rows} rows stored in chunks of {@code
         * chunkRows x chunkColumns} elements, deflated at {@code level} (0: stored as is); its
         * chunks are added one by one, row band after row band (see {@link Chunks#add}).
         */
        Chunks chunked(
                final String name,
                final Type type,
                final long rows,
                final int columns,
                final int chunkRows,
                final int chunkColumns,
                final int level)
                throws IOException {
            check(name);
            final Chunks c =
                    new Chunks(
                            type,
                            rows,
                            columns,
                            chunkRows,
                            chunkColumns,
                            level,
                            spillDir.resolve("c" + chunkSets.size() + ".bin"));
            chunkSets.add(c);
            children.put(
                    name,
                    new Dataset(
                            this,
                            name,
                            type,
                            columns == 0 ? new long[] {rows} : new long[] {rows, columns},
                            null,
                            null,
                            c));
            return c;
        }

        private void check(final String name) {
            if (closed) {
                throw new IllegalStateException("the file is closed");
            }
            if (name.isEmpty() || name.contains("/") || name.equals(".")) {
                throw new IllegalArgumentException("bad HDF5 name '" + name + "'");
            }
            if (children.containsKey(name)) {
                throw new IllegalArgumentException(path() + " already holds " + name);
            }
        }
    }

    /** A dataset: given whole (arrays), or appended to ({@link Appendable}). */
    static final class Dataset extends Node {
        final Type type;
        final long[] dims;
        final Object values;
        final Appendable appendable;
        final Chunks chunks;
        long dataAddress = UNDEFINED;

        Dataset(
                final Group parent,
                final String name,
                final Type type,
                final long[] dims,
                final Object values,
                final Appendable appendable,
                final Chunks chunks) {
            super(parent, name);
            this.type = type;
            this.dims = dims == null ? null : dims.clone();
            this.values = values;
            this.appendable = appendable;
            this.chunks = chunks;
        }

        /** Bytes of the data block: the elements, or the stored chunks one after another. */
        long dataBytes() {
            return chunks != null ? chunks.storedBytes : elements() * type.size;
        }

        long[] shape() {
            if (appendable == null) {
                return dims;
            }
            return appendable.columns == 0
                    ? new long[] {appendable.rows}
                    : new long[] {appendable.rows, appendable.columns};
        }

        long elements() {
            long n = 1;
            final long[] s = shape();
            if (s != null) {
                for (final long d : s) {
                    n *= d;
                }
            }
            return n;
        }
    }

    /**
     * Rows appended to a dataset while it grows, spilled to a file (strings as indices into the set
     * of distinct strings). Append whole rows: {@link #endRow()} after each row's elements.
     */
    static final class Appendable {
        final Type type;
        final int columns;
        private final Path spill;
        private final FileChannel channel;
        private final ByteBuffer buffer =
                ByteBuffer.allocate(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final Map<String, Integer> stringIds = new HashMap<>();
        private final List<String> strings = new ArrayList<>();
        private long rows;
        private int inRow;

        private Appendable(final Type type, final int columns, final Path spill)
                throws IOException {
            if (type == Type.REFERENCE) {
                throw new IllegalArgumentException("references are not appended");
            }
            this.type = type;
            this.columns = columns;
            this.spill = spill;
            this.channel = openSpill(spill);
        }

        /** Rows complete so far. */
        long rows() {
            return rows;
        }

        /** Elements added to the row not yet ended. */
        int pending() {
            return inRow;
        }

        void add(final double value) throws IOException {
            room(8);
            switch (type) {
                case FLOAT32 -> buffer.putFloat((float) value);
                case FLOAT64 -> buffer.putDouble(value);
                case INT8, UINT8 -> buffer.put((byte) value);
                case INT16 -> buffer.putShort((short) value);
                case INT32 -> buffer.putInt((int) value);
                case INT64 -> buffer.putLong((long) value);
                default -> throw new IllegalStateException("a number for a " + type + " dataset");
            }
            inRow++;
        }

        void add(final long value) throws IOException {
            if (type == Type.INT64) {
                room(8);
                buffer.putLong(value);
                inRow++;
            } else {
                add((double) value);
            }
        }

        void add(final String value) throws IOException {
            if (type != Type.STRING) {
                throw new IllegalStateException("a string for a " + type + " dataset");
            }
            Integer id = stringIds.get(value);
            if (id == null) {
                id = strings.size();
                strings.add(value);
                stringIds.put(value, id);
            }
            room(4);
            buffer.putInt(id);
            inRow++;
        }

        /**
         * Ends a row: exactly {@code max(1, columns)} elements must have been added since the last.
         */
        void endRow() {
            if (inRow != Math.max(1, columns)) {
                throw new IllegalStateException(
                        inRow + " elements in a row of " + Math.max(1, columns));
            }
            inRow = 0;
            rows++;
        }

        private void room(final int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        private void discard() throws IOException {
            channel.close();
            Files.deleteIfExists(spill);
        }
    }

    /**
     * The chunks of a chunked dataset, deflated and spilled as they are added; at close they are
     * copied after one another and indexed by a version 1 B-tree (HDF5's chunk index of layout
     * version 3: nodes of up to 2K = 64 entries, K = 32 the default of files without a superblock
     * extension), as HDF5 and jhdf read it.
     */
    static final class Chunks {
        /** Entries per B-tree node: 2K with the default K of 32. */
        static final int NODE_ENTRIES = 64;

        final Type type;
        final long rows;
        final int columns;
        final int chunkRows;
        final int chunkColumns;
        final int level;
        final int chunkBytes;
        private final Path spill;
        private final FileChannel channel;
        private final Deflater deflater;
        private byte[] packed = new byte[0];
        private final List<long[]> offsets = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();
        private long storedBytes;
        private long[] nodeAddress;
        private int[] nodeLevelStart;

        private Chunks(
                final Type type,
                final long rows,
                final int columns,
                final int chunkRows,
                final int chunkColumns,
                final int level,
                final Path spill)
                throws IOException {
            if (type == Type.STRING || type == Type.REFERENCE) {
                throw new IllegalArgumentException("chunks of numbers only");
            }
            this.type = type;
            this.rows = rows;
            this.columns = columns;
            this.chunkRows = chunkRows;
            this.chunkColumns = columns == 0 ? 1 : chunkColumns;
            this.level = level;
            this.chunkBytes = chunkRows * this.chunkColumns * type.size;
            this.spill = spill;
            this.channel = openSpill(spill);
            this.deflater = level > 0 ? new Deflater(level) : null;
        }

        private int columnChunks() {
            return columns == 0 ? 1 : (columns + chunkColumns - 1) / chunkColumns;
        }

        /** Chunks the dataset has, added or not. */
        long expected() {
            return ((rows + chunkRows - 1) / chunkRows) * columnChunks();
        }

        /**
         * Adds the next chunk: {@code chunk[0, chunkRows x chunkColumns x size)}, row-major, little
         * endian, elements past the dataset's edge included (any value). Chunks come row band by
         * row band, each band from its first column chunk to its last.
         */
        void add(final byte[] chunk) throws IOException {
            final long index = offsets.size();
            if (index >= expected()) {
                throw new IllegalStateException("all " + expected() + " chunks were added");
            }
            final long band = index / columnChunks();
            final long column = (index % columnChunks()) * chunkColumns;
            offsets.add(
                    columns == 0
                            ? new long[] {band * chunkRows, 0}
                            : new long[] {band * chunkRows, column, 0});
            int length = chunkBytes;
            ByteBuffer stored = ByteBuffer.wrap(chunk, 0, chunkBytes);
            if (deflater != null) {
                if (packed.length < chunkBytes + chunkBytes / 100 + 64) {
                    packed = new byte[chunkBytes + chunkBytes / 100 + 64];
                }
                deflater.reset();
                deflater.setInput(chunk, 0, chunkBytes);
                deflater.finish();
                length = 0;
                while (!deflater.finished()) {
                    if (length == packed.length) {
                        packed = Arrays.copyOf(packed, packed.length * 2);
                    }
                    length += deflater.deflate(packed, length, packed.length - length);
                }
                stored = ByteBuffer.wrap(packed, 0, length);
            }
            while (stored.hasRemaining()) {
                channel.write(stored);
            }
            sizes.add(length);
            storedBytes += length;
        }

        /** The B-tree's nodes, level by level from the leaves; each node a fixed size. */
        private int nodes() {
            int n = 0;
            long entries = offsets.size();
            do {
                entries = (entries + NODE_ENTRIES - 1) / NODE_ENTRIES;
                n += (int) entries;
            } while (entries > 1);
            return n;
        }

        private int keyBytes() {
            return 8 + 8 * (columns == 0 ? 2 : 3);
        }

        private int nodeBytes() {
            return 24 + (NODE_ENTRIES + 1) * keyBytes() + NODE_ENTRIES * 8;
        }

        private void discard() throws IOException {
            channel.close();
            if (deflater != null) {
                deflater.end();
            }
            Files.deleteIfExists(spill);
        }
    }

    // ---------------------------------------------------------------- layout and writing

    /** Where each distinct string lives: collection address and object index. */
    private record HeapRef(long collection, int index) {}

    private final Map<String, HeapRef> heapRefs = new HashMap<>();

    /** Lays the file out and writes it; deletes the spill files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (final Appendable a : appendables) {
                if (a.inRow != 0) {
                    throw new IllegalStateException("a row of " + a.spill + " was not ended");
                }
                a.flush();
            }
            for (final Chunks c : chunkSets) {
                if (c.offsets.size() != c.expected()) {
                    throw new IllegalStateException(
                            c.offsets.size()
                                    + " of "
                                    + c.expected()
                                    + " chunks added to "
                                    + c.spill);
                }
            }
            write();
        } finally {
            for (final Appendable a : appendables) {
                a.discard();
            }
            for (final Chunks c : chunkSets) {
                c.discard();
            }
            Files.deleteIfExists(spillDir);
        }
    }

    private void write() throws IOException {
        final List<Node> nodes = new ArrayList<>();
        collect(root, nodes);
        // strings: every distinct string of attributes and string datasets, in first-use order
        final List<String> strings = new ArrayList<>();
        final Map<String, Boolean> seen = new HashMap<>();
        for (final Node n : nodes) {
            for (final Attribute a : n.attributes.values()) {
                if (a.type == Type.STRING) {
                    for (final String s : (String[]) a.values) {
                        addString(s, strings, seen);
                    }
                }
            }
            if (n instanceof Dataset d && d.type == Type.STRING) {
                for (final String s :
                        d.appendable != null
                                ? d.appendable.strings
                                : List.of((String[]) d.values)) {
                    addString(s, strings, seen);
                }
            }
        }
        final List<List<String>> collections = pack(strings);
        long at = SUPERBLOCK_BYTES;
        final long[] collectionAddress = new long[collections.size()];
        for (int c = 0; c < collections.size(); c++) {
            collectionAddress[c] = at;
            final List<String> objects = collections.get(c);
            for (int i = 0; i < objects.size(); i++) {
                heapRefs.put(objects.get(i), new HeapRef(at, i + 1));
            }
            at += collectionBytes(objects);
        }
        for (final Node n : nodes) {
            if (n instanceof Dataset d) {
                final long bytes = d.dataBytes();
                d.dataAddress = bytes == 0 ? UNDEFINED : at;
                at += bytes;
            }
        }
        for (final Node n : nodes) {
            if (n instanceof Dataset d && d.chunks != null) {
                final Chunks c = d.chunks;
                c.nodeAddress = new long[c.nodes()];
                for (int i = 0; i < c.nodeAddress.length; i++) {
                    c.nodeAddress[i] = at;
                    at += c.nodeBytes();
                }
            }
        }
        for (final Node n : nodes) {
            n.address = at;
            at += header(n).length; // addresses still unknown: same length as the final header
        }
        final long endOfFile = at;

        try (FileChannel out =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            out.position(SUPERBLOCK_BYTES);
            for (int c = 0; c < collections.size(); c++) {
                writeAt(out, collectionAddress[c], collection(collections.get(c)));
            }
            for (final Node n : nodes) {
                if (n instanceof Dataset d && d.dataAddress != UNDEFINED) {
                    writeData(out, d);
                }
            }
            for (final Node n : nodes) {
                if (n instanceof Dataset d && d.chunks != null) {
                    writeChunkIndex(out, d);
                }
            }
            for (final Node n : nodes) {
                writeAt(out, n.address, header(n));
            }
            writeAt(out, 0, superblock(endOfFile));
            out.force(true);
        }
    }

    /** A new spill file, written while data grow and read back at close. */
    private static FileChannel openSpill(final Path spill) throws IOException {
        return FileChannel.open(
                spill,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    }

    private static void addString(
            final String s, final List<String> strings, final Map<String, Boolean> seen) {
        if (seen.putIfAbsent(s, Boolean.TRUE) == null) {
            strings.add(s);
        }
    }

    private static void collect(final Node n, final List<Node> out) {
        out.add(n);
        if (n instanceof Group g) {
            for (final Node child : g.children.values()) {
                collect(child, out);
            }
        }
    }

    private static void writeAt(final FileChannel out, final long address, final byte[] bytes)
            throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        long at = address;
        while (b.hasRemaining()) {
            at += out.write(b, at);
        }
    }

    /** Strings grouped into collections of at most 65535 objects and about 1 MiB. */
    private static List<List<String>> pack(final List<String> strings) {
        final List<List<String>> collections = new ArrayList<>();
        List<String> current = new ArrayList<>();
        long bytes = 16;
        for (final String s : strings) {
            final long object = 16 + align8(utf8(s).length);
            if (!current.isEmpty()
                    && (current.size() == MAX_HEAP_OBJECTS || bytes + object > MAX_HEAP_BYTES)) {
                collections.add(current);
                current = new ArrayList<>();
                bytes = 16;
            }
            current.add(s);
            bytes += object;
        }
        if (!current.isEmpty()) {
            collections.add(current);
        }
        return collections;
    }

    private static long collectionBytes(final List<String> objects) {
        long used = 16;
        for (final String s : objects) {
            used += 16 + align8(utf8(s).length);
        }
        long size = Math.max(MIN_HEAP_BYTES, used);
        if (size > used && size - used < 16) {
            size += 16; // room for the free-space object's header
        }
        return size;
    }

    /** A global heap collection: "GCOL", version 1, its size, objects 1..n, then the free space. */
    private static byte[] collection(final List<String> objects) {
        final long size = collectionBytes(objects);
        final ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GCOL".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put(new byte[3])
                .putLong(size);
        for (int i = 0; i < objects.size(); i++) {
            final byte[] s = utf8(objects.get(i));
            b.putShort((short) (i + 1)).putShort((short) 0).putInt(0).putLong(s.length).put(s);
            b.position((int) align8(b.position()));
        }
        if (b.hasRemaining()) {
            // free space: index 0, its size counting its own 16-byte header
            final int free = b.remaining();
            b.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
        }
        return b.array();
    }

    private void writeData(final FileChannel out, final Dataset d) throws IOException {
        out.position(d.dataAddress);
        final Appendable a = d.appendable;
        if ((a != null && d.type != Type.STRING) || d.chunks != null) {
            final FileChannel spill = a != null ? a.channel : d.chunks.channel;
            final long bytes = d.dataBytes();
            long done = 0;
            while (done < bytes) {
                done += spill.transferTo(done, bytes - done, out);
            }
            return;
        }
        final ByteBuffer b = ByteBuffer.allocate(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (a == null) {
            final int n = (int) d.elements();
            for (int i = 0; i < n; i++) {
                if (b.remaining() < 16) {
                    drain(out, b);
                }
                put(b, d.type, d.values, i);
            }
        } else {
            // appended strings: their ids were spilled, 4 bytes each
            final ByteBuffer ids = ByteBuffer.allocate(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            final long bytes = d.elements() * 4;
            for (long at = 0; at < bytes; ) {
                ids.clear().limit((int) Math.min(ids.capacity(), bytes - at));
                while (ids.hasRemaining()) {
                    if (a.channel.read(ids, at + ids.position()) < 0) {
                        throw new IOException("spill file " + a.spill + " ends early");
                    }
                }
                at += ids.limit();
                ids.flip();
                while (ids.hasRemaining()) {
                    if (b.remaining() < 16) {
                        drain(out, b);
                    }
                    putString(b, a.strings.get(ids.getInt()));
                }
            }
        }
        drain(out, b);
    }

    /**
     * The version 1 B-tree over a dataset's chunks: leaves of up to 64 chunks (key: stored size,
     * filter mask 0, element offsets with a last 0; child: the chunk's address), then levels of
     * nodes over them until one root; a node's last key is the right key of its last entry (offsets
     * plus the chunk's dimensions), as HDF5 writes it.
     */
    private static void writeChunkIndex(final FileChannel out, final Dataset d) throws IOException {
        final Chunks c = d.chunks;
        final int n = c.offsets.size();
        final long[] chunkAddress = new long[n];
        long at = d.dataAddress;
        for (int i = 0; i < n; i++) {
            chunkAddress[i] = at;
            at += c.sizes.get(i);
        }
        final long[] step =
                c.columns == 0
                        ? new long[] {c.chunkRows, c.type.size}
                        : new long[] {c.chunkRows, c.chunkColumns, c.type.size};
        // entries of the level being written: left key (size, offsets), child address; and right
        // key
        List<long[]> keys = new ArrayList<>();
        List<Long> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(key(c.sizes.get(i), c.offsets.get(i)));
            children.add(chunkAddress[i]);
        }
        final long[] last = c.offsets.get(n - 1);
        final long[] right = new long[last.length];
        for (int k = 0; k < last.length; k++) {
            right[k] = last[k] + step[k];
        }
        final long[] rightKey = key(0, right);
        int node = 0;
        int level = 0;
        while (true) {
            final int nodesHere = (keys.size() + Chunks.NODE_ENTRIES - 1) / Chunks.NODE_ENTRIES;
            final List<long[]> upKeys = new ArrayList<>();
            final List<Long> upChildren = new ArrayList<>();
            for (int j = 0; j < nodesHere; j++) {
                final int from = j * Chunks.NODE_ENTRIES;
                final int to = Math.min(keys.size(), from + Chunks.NODE_ENTRIES);
                final long address = c.nodeAddress[node + j];
                final ByteBuffer b =
                        ByteBuffer.allocate(c.nodeBytes()).order(ByteOrder.LITTLE_ENDIAN);
                b.put("TREE".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) level);
                b.putShort((short) (to - from));
                b.putLong(j == 0 ? UNDEFINED : c.nodeAddress[node + j - 1]);
                b.putLong(j == nodesHere - 1 ? UNDEFINED : c.nodeAddress[node + j + 1]);
                for (int i = from; i < to; i++) {
                    putKey(b, keys.get(i));
                    b.putLong(children.get(i));
                }
                putKey(b, to < keys.size() ? keys.get(to) : rightKey);
                writeAt(out, address, b.array());
                upKeys.add(keys.get(from));
                upChildren.add(address);
            }
            node += nodesHere;
            if (nodesHere == 1) {
                return;
            }
            keys = upKeys;
            children = upChildren;
            level++;
        }
    }

    /** A chunk key: the stored size, then the element offsets (the filter mask, 0, is implied). */
    private static long[] key(final long size, final long[] offsets) {
        final long[] k = new long[offsets.length + 1];
        k[0] = size;
        System.arraycopy(offsets, 0, k, 1, offsets.length);
        return k;
    }

    private static void putKey(final ByteBuffer b, final long[] key) {
        b.putInt((int) key[0]).putInt(0);
        for (int i = 1; i < key.length; i++) {
            b.putLong(key[i]);
        }
    }

    private static void drain(final FileChannel out, final ByteBuffer b) throws IOException {
        b.flip();
        while (b.hasRemaining()) {
            out.write(b);
        }
        b.clear();
    }

    private void put(final ByteBuffer b, final Type type, final Object values, final int i) {
        switch (type) {
            case INT8, UINT8 -> b.put(((byte[]) values)[i]);
            case INT16 -> b.putShort(((short[]) values)[i]);
            case INT32 -> b.putInt(((int[]) values)[i]);
            case INT64 -> b.putLong(((long[]) values)[i]);
            case FLOAT32 -> b.putFloat(((float[]) values)[i]);
            case FLOAT64 -> b.putDouble(((double[]) values)[i]);
            case STRING -> putString(b, ((String[]) values)[i]);
            case REFERENCE -> b.putLong(((Node[]) values)[i].address);
        }
    }

    private void putString(final ByteBuffer b, final String s) {
        final HeapRef ref = heapRefs.get(s);
        b.putInt(utf8(s).length)
                .putLong(ref == null ? 0 : ref.collection)
                .putInt(ref == null ? 0 : ref.index);
    }

    // ---------------------------------------------------------------- encodings

    /** Superblock version 2: signature, sizes of offsets and lengths, end of file, root header. */
    private byte[] superblock(final long endOfFile) {
        final ByteBuffer b = ByteBuffer.allocate(SUPERBLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'});
        b.put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0);
        b.putLong(0).putLong(UNDEFINED).putLong(endOfFile).putLong(root.address);
        return checksummed(b);
    }

    /** A version 2 object header: "OHDR", version, flags, chunk size, messages, checksum. */
    private byte[] header(final Node n) {
        final List<byte[]> messages = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        if (n instanceof Group g) {
            types.add(0x02);
            messages.add(linkInfo());
            types.add(0x0A);
            messages.add(new byte[] {0, 0});
            for (final Node child : g.children.values()) {
                types.add(0x06);
                messages.add(link(child));
            }
        } else {
            final Dataset d = (Dataset) n;
            types.add(0x01);
            messages.add(dataspace(d.shape()));
            types.add(0x03);
            messages.add(datatype(d.type));
            types.add(0x05);
            messages.add(new byte[] {3, 0x0A}); // fill value v3: allocated late, written if set
            types.add(0x08);
            messages.add(d.chunks == null ? layout(d) : chunkedLayout(d.chunks));
            if (d.chunks != null && d.chunks.level > 0) {
                types.add(0x0B);
                messages.add(deflatePipeline(d.chunks.level));
            }
        }
        for (final Attribute a : n.attributes.values()) {
            types.add(0x0C);
            messages.add(attribute(a));
        }
        long chunk = 0;
        for (final byte[] m : messages) {
            if (m.length > 0xFFFF) {
                throw new IllegalArgumentException(
                        n.path() + ": a header message of " + m.length + " bytes");
            }
            chunk += 4 + m.length;
        }
        final int width = chunk <= 0xFF ? 1 : chunk <= 0xFFFF ? 2 : 4;
        final ByteBuffer b =
                ByteBuffer.allocate((int) (6 + width + chunk + 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OHDR".getBytes(StandardCharsets.US_ASCII)).put((byte) 2);
        b.put((byte) (width == 1 ? 0 : width == 2 ? 1 : 2));
        if (width == 1) {
            b.put((byte) chunk);
        } else if (width == 2) {
            b.putShort((short) chunk);
        } else {
            b.putInt((int) chunk);
        }
        for (int i = 0; i < messages.size(); i++) {
            b.put((byte) (int) types.get(i)).putShort((short) messages.get(i).length).put((byte) 0);
            b.put(messages.get(i));
        }
        return checksummed(b);
    }

    private static byte[] checksummed(final ByteBuffer b) {
        final int end = b.position();
        final byte[] body = new byte[end];
        System.arraycopy(b.array(), 0, body, 0, end);
        b.putInt(ChecksumUtils.checksum(body));
        return b.array();
    }

    private static byte[] linkInfo() {
        final ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        return b.put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED).array();
    }

    /** A hard link: version 1, flags (length-field width; UTF-8 name), name, the child's header. */
    private static byte[] link(final Node child) {
        final byte[] name = utf8(child.name);
        final boolean ascii = name.length == child.name.length();
        final int width = name.length <= 0xFF ? 1 : 2;
        final ByteBuffer b =
                ByteBuffer.allocate(2 + (ascii ? 0 : 1) + width + name.length + 8)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) ((width == 1 ? 0 : 1) | (ascii ? 0 : 0x10)));
        if (!ascii) {
            b.put((byte) 1);
        }
        if (width == 1) {
            b.put((byte) name.length);
        } else {
            b.putShort((short) name.length);
        }
        return b.put(name).putLong(child.address).array();
    }

    private static byte[] dataspace(final long[] dims) {
        final int rank = dims == null ? 0 : dims.length;
        final ByteBuffer b = ByteBuffer.allocate(4 + 8 * rank).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 2).put((byte) rank).put((byte) 0).put((byte) (rank == 0 ? 0 : 1));
        for (int i = 0; i < rank; i++) {
            b.putLong(dims[i]);
        }
        return b.array();
    }

    private static byte[] datatype(final Type type) {
        final ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case INT8, UINT8, INT16, INT32, INT64 -> fixedPoint(b, type.size, type != Type.UINT8);
            case FLOAT32 -> floatingPoint(b, 4, 8, 23, 127);
            case FLOAT64 -> floatingPoint(b, 8, 11, 52, 1023);
            case STRING -> {
                // variable-length string (type 1), null-terminated, UTF-8; base type unsigned 8-bit
                b.put((byte) 0x19).put((byte) 0x01).put((byte) 0x01).put((byte) 0).putInt(16);
                fixedPoint(b, 1, false);
            }
            case REFERENCE ->
                    b.put((byte) 0x17).put((byte) 0).put((byte) 0).put((byte) 0).putInt(8);
        }
        final byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    /**
     * An IEEE float, little endian: sign bit at the top, exponent above the mantissa, mantissa
     * normalised with an implied leading 1.
     */
    private static void floatingPoint(
            final ByteBuffer b,
            final int size,
            final int exponentBits,
            final int mantissaBits,
            final int bias) {
        final int bits = size * 8;
        b.put((byte) 0x11).put((byte) 0x20).put((byte) (bits - 1)).put((byte) 0).putInt(size);
        b.putShort((short) 0).putShort((short) bits);
        b.put((byte) mantissaBits).put((byte) exponentBits).put((byte) 0).put((byte) mantissaBits);
        b.putInt(bias);
    }

    private static void fixedPoint(final ByteBuffer b, final int size, final boolean signed) {
        b.put((byte) 0x10).put((byte) (signed ? 0x08 : 0)).put((byte) 0).put((byte) 0).putInt(size);
        b.putShort((short) 0).putShort((short) (size * 8));
    }

    private static byte[] layout(final Dataset d) {
        final ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        return b.put((byte) 3)
                .put((byte) 1)
                .putLong(d.dataAddress)
                .putLong(d.elements() * d.type.size)
                .array();
    }

    /**
     * Layout version 3, class 2 (chunked): rank + 1 dimensions (the last the element size), B-tree.
     */
    private static byte[] chunkedLayout(final Chunks c) {
        final int rank = c.columns == 0 ? 1 : 2;
        final ByteBuffer b =
                ByteBuffer.allocate(3 + 8 + 4 * (rank + 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 3).put((byte) 2).put((byte) (rank + 1));
        b.putLong(c.nodeAddress == null ? UNDEFINED : c.nodeAddress[c.nodeAddress.length - 1]);
        b.putInt(c.chunkRows);
        if (rank == 2) {
            b.putInt(c.chunkColumns);
        }
        return b.putInt(c.type.size).array();
    }

    /** Filter pipeline version 2 with one filter: deflate (id 1), mandatory, its level. */
    private static byte[] deflatePipeline(final int level) {
        final ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        return b.put((byte) 2)
                .put((byte) 1)
                .putShort((short) 1)
                .putShort((short) 0)
                .putShort((short) 1)
                .putInt(level)
                .array();
    }

    private byte[] attribute(final Attribute a) {
        final byte[] name = utf8(a.name);
        final byte[] type = datatype(a.type);
        final byte[] space = dataspace(a.dims);
        final int count = a.dims == null ? 1 : (int) a.dims[0];
        final ByteBuffer b =
                ByteBuffer.allocate(
                                9
                                        + name.length
                                        + 1
                                        + type.length
                                        + space.length
                                        + count * a.type.size)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 3)
                .put((byte) 0)
                .putShort((short) (name.length + 1))
                .putShort((short) type.length);
        b.putShort((short) space.length).put((byte) 1).put(name).put((byte) 0).put(type).put(space);
        for (int i = 0; i < count; i++) {
            put(b, a.type, a.values, i);
        }
        return b.array();
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long align8(final long n) {
        return (n + 7) & ~7L;
    }
}

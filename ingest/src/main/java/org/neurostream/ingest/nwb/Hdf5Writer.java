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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a new HDF5 file in the format HDF5 1.8 and later read (h5py, pynwb, jhdf): superblock
 * version 2, version 2 object headers with links and attributes stored in the header, contiguous
 * little-endian datasets, variable-length UTF-8 strings in global heap collections, object
 * references. jhdf's own writer cannot be used for NWB (no variable-length strings, no references,
 * and a flush that can overwrite the last group it writes): see {@code docs/nwb.md}.
 *
 * <p>The file is built as a tree of groups and datasets; data of {@link Appendable} datasets are
 * kept in spill files next to the output while they grow, so memory does not grow with their length
 * (equal strings are stored once). {@link #close()} lays the file out in one pass (address of every
 * heap object, data block and object header known before anything is written) and writes it front
 * to back: superblock, heap collections, data blocks, object headers, then the superblock's
 * end-of-file and root addresses.
 *
 * <p>Byte layout of the encodings: HDF5 File Format Specification version 3.0, sections II.A
 * (superblock v2), III.A.2 (global heap), IV.A.1.b (object header v2), IV.A.2 (messages: 0x01
 * dataspace v2, 0x02 link info, 0x03 datatype v1, 0x05 fill value v3, 0x06 link v1, 0x08 layout v3,
 * 0x0A group info, 0x0C attribute v3). Checksums are Jenkins' lookup3, as jhdf computes them.
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
            final Dataset d = new Dataset(this, name, type, dims, values, null);
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
            children.put(name, new Dataset(this, name, type, null, null, a));
            return a;
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
        long dataAddress = UNDEFINED;

        Dataset(
                final Group parent,
                final String name,
                final Type type,
                final long[] dims,
                final Object values,
                final Appendable appendable) {
            super(parent, name);
            this.type = type;
            this.dims = dims == null ? null : dims.clone();
            this.values = values;
            this.appendable = appendable;
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
            this.channel =
                    FileChannel.open(
                            spill,
                            StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.READ);
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
            write();
        } finally {
            for (final Appendable a : appendables) {
                a.discard();
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
                final long bytes = d.elements() * d.type.size;
                d.dataAddress = bytes == 0 ? UNDEFINED : at;
                at += bytes;
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
                writeAt(out, n.address, header(n));
            }
            writeAt(out, 0, superblock(endOfFile));
            out.force(true);
        }
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
        if (a != null && d.type != Type.STRING) {
            final long bytes = d.elements() * d.type.size;
            long done = 0;
            while (done < bytes) {
                done += a.channel.transferTo(done, bytes - done, out);
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
            messages.add(layout(d));
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
            case INT8, UINT8, INT32, INT64 -> fixedPoint(b, type.size, type != Type.UINT8);
            case FLOAT32 ->
                    b.put((byte) 0x11)
                            .put((byte) 0x20)
                            .put((byte) 31)
                            .put((byte) 0)
                            .putInt(4)
                            .putShort((short) 0)
                            .putShort((short) 32)
                            .put((byte) 23)
                            .put((byte) 8)
                            .put((byte) 0)
                            .put((byte) 23)
                            .putInt(127);
            case FLOAT64 ->
                    b.put((byte) 0x11)
                            .put((byte) 0x20)
                            .put((byte) 63)
                            .put((byte) 0)
                            .putInt(8)
                            .putShort((short) 0)
                            .putShort((short) 64)
                            .put((byte) 52)
                            .put((byte) 11)
                            .put((byte) 0)
                            .put((byte) 52)
                            .putInt(1023);
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

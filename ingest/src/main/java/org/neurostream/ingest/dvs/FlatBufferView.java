package org.neurostream.ingest.dvs;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reading of the few FlatBuffer constructs AEDAT 4.0 uses, over {@code bytes[0,
 * limit)}. A table at position p starts with an int32 soffset; its vtable is at p - soffset and
 * holds uint16 vtable length, uint16 table length, then one uint16 offset per field (0 = absent).
 * Vector and string fields hold a uint32 offset relative to the field's own position, pointing at a
 * uint32 element count.
 */
final class FlatBufferView {
    private byte[] bytes;
    private int limit;

    /** Views {@code bytes[0, limit)}. */
    FlatBufferView wrap(final byte[] bytes, final int limit) {
        this.bytes = bytes;
        this.limit = limit;
        return this;
    }

    /** Position of the root table of a buffer whose uint32 root offset is at {@code at}. */
    int root(final int at) throws MalformedDataException {
        return at + offset(at);
    }

    /** The 4-character file identifier at {@code at}. */
    String identifier(final int at) throws MalformedDataException {
        check(at, 4, "file identifier");
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
    }

    /** Absolute position of field {@code id} of the table at {@code table}, or -1 when absent. */
    int field(final int table, final int id) throws MalformedDataException {
        check(table, 4, "table");
        final int vtable = table - Bytes.intLe(bytes, table);
        check(vtable, 4, "vtable");
        final int vtableLength = Bytes.shortLe(bytes, vtable) & 0xFFFF;
        final int entry = 4 + 2 * id;
        if (entry + 2 > vtableLength) {
            return -1;
        }
        check(vtable, entry + 2, "vtable");
        final int at = Bytes.shortLe(bytes, vtable + entry) & 0xFFFF;
        return at == 0 ? -1 : table + at;
    }

    int intField(final int table, final int id, final int absent) throws MalformedDataException {
        final int at = field(table, id);
        if (at < 0) {
            return absent;
        }
        check(at, 4, "int field");
        return Bytes.intLe(bytes, at);
    }

    long longField(final int table, final int id, final long absent) throws MalformedDataException {
        final int at = field(table, id);
        if (at < 0) {
            return absent;
        }
        check(at, 8, "long field");
        return Bytes.longLe(bytes, at);
    }

    /**
     * Position of the element count of the vector in field {@code id} (elements follow it), or -1
     * when absent; checks that {@code elementBytes} times the count fit in the buffer.
     */
    int vector(final int table, final int id, final int elementBytes)
            throws MalformedDataException {
        final int at = field(table, id);
        if (at < 0) {
            return -1;
        }
        final int vector = at + offset(at);
        check(vector, 4, "vector length");
        final long count = Bytes.intLe(bytes, vector) & 0xFFFF_FFFFL;
        check(vector + 4, count * elementBytes, "vector of " + count + " elements");
        return vector;
    }

    /** The element count of a vector found by {@link #vector}. */
    int length(final int vector) {
        return Bytes.intLe(bytes, vector);
    }

    /** Position of the table that the uint32 offset at {@code at} points to. */
    int indirect(final int at) throws MalformedDataException {
        return at + offset(at);
    }

    /** The UTF-8 string in field {@code id}, or null when absent. */
    String string(final int table, final int id) throws MalformedDataException {
        final int vector = vector(table, id, 1);
        return vector < 0
                ? null
                : new String(bytes, vector + 4, length(vector), StandardCharsets.UTF_8);
    }

    private int offset(final int at) throws MalformedDataException {
        check(at, 4, "offset");
        final long value = Bytes.intLe(bytes, at) & 0xFFFF_FFFFL;
        if (at + value >= limit) {
            throw new MalformedDataException(
                    "FlatBuffer offset "
                            + value
                            + " at "
                            + at
                            + " points past the end ("
                            + limit
                            + " bytes)");
        }
        return (int) value;
    }

    private void check(final long at, final long count, final String what)
            throws MalformedDataException {
        if (at < 0 || count < 0 || at + count > limit) {
            throw new MalformedDataException(
                    "FlatBuffer "
                            + what
                            + " at "
                            + at
                            + " runs past the end ("
                            + limit
                            + " bytes)");
        }
    }
}

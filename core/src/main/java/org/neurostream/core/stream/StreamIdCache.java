package org.neurostream.core.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Stream ids read from bytes (a Kafka key, a frame header, the network) as Strings, one String per
 * stream instead of one per frame: the last ids seen are kept in a small table by the hash of their
 * UTF-8 bytes, and bytes equal to a kept id's give that id back. Two streams sharing a slot only
 * cost a decode each time they alternate. One instance per thread; not thread-safe.
 */
public final class StreamIdCache {
    private static final int SLOTS = 64;

    private final String[] ids = new String[SLOTS];
    private final byte[][] bytes = new byte[SLOTS][];

    /** The id whose UTF-8 form is {@code b[offset .. offset + length)}. */
    public String id(final byte[] b, final int offset, final int length) {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + b[i];
        }
        final int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        final byte[] known = bytes[slot];
        if (known != null && Arrays.equals(known, 0, known.length, b, offset, offset + length)) {
            return ids[slot];
        }
        final String id = new String(b, offset, length, StandardCharsets.UTF_8);
        bytes[slot] = Arrays.copyOfRange(b, offset, offset + length);
        ids[slot] = id;
        return id;
    }
}

package org.neurostream.sinks.ipc;

import org.agrona.MutableDirectBuffer;

/** UTF-8 encoding of strings straight into a buffer, without the byte array of String.getBytes. */
final class IpcUtf8 {
    private IpcUtf8() {}

    /** Bytes of {@code s} in UTF-8; 0 for null. Unpaired surrogates count as '?' (one byte). */
    static int length(final CharSequence s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        final int len = s.length();
        for (int i = 0; i < len; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code s} at {@code index}; returns the bytes written (as {@link #length}). */
    static int encode(final CharSequence s, final MutableDirectBuffer buffer, final int index) {
        if (s == null) {
            return 0;
        }
        int p = index;
        final int len = s.length();
        for (int i = 0; i < len; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                buffer.putByte(p++, (byte) c);
            } else if (c < 0x800) {
                buffer.putByte(p++, (byte) (0xC0 | (c >> 6)));
                buffer.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < len
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                buffer.putByte(p++, (byte) (0xF0 | (cp >> 18)));
                buffer.putByte(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buffer.putByte(p++, (byte) '?');
            } else {
                buffer.putByte(p++, (byte) (0xE0 | (c >> 12)));
                buffer.putByte(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p - index;
    }
}

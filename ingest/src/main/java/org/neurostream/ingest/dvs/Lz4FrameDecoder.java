package org.neurostream.ingest.dvs;

import java.util.Arrays;

/**
 * Decompresses LZ4 frames (the LZ4 frame format, magic {@code 04 22 4D 18}) into one reused,
 * growing buffer. Supports linked blocks (block independence off), which iniVation DV writes and
 * which lz4-java's frame stream refuses; concatenated and skippable frames; uncompressed blocks.
 * Header, block and content checksums are skipped, not verified; a dictionary id is refused.
 */
final class Lz4FrameDecoder {
    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int MIN_MATCH = 4;

    private byte[] out = new byte[1 << 16];

    /** The buffer holding the output of the last {@link #decompress}. */
    byte[] buffer() {
        return out;
    }

    /**
     * Decompresses the frames in {@code src[from, to)}.
     *
     * @return the number of bytes written at the start of {@link #buffer()}
     * @throws MalformedDataException when the bytes are not well-formed LZ4 frames
     */
    int decompress(final byte[] src, final int from, final int to) throws MalformedDataException {
        int at = from;
        int op = 0;
        if (to - from < 4) {
            throw new MalformedDataException(
                    "LZ4: " + (to - from) + " bytes, too short for a frame");
        }
        while (at < to) {
            need(at, 4, to, "frame magic");
            final int magic = Bytes.intLe(src, at);
            at += 4;
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
                need(at, 4, to, "skippable frame size");
                final long skip = Bytes.intLe(src, at) & 0xFFFF_FFFFL;
                at += 4;
                need(at, skip, to, "skippable frame");
                at += (int) skip;
                continue;
            }
            if (magic != MAGIC) {
                throw new MalformedDataException(
                        String.format("LZ4: bad frame magic 0x%08X", magic));
            }
            need(at, 3, to, "frame descriptor");
            final int flg = src[at] & 0xFF;
            final int bd = src[at + 1] & 0xFF;
            if (flg >>> 6 != 1) {
                throw new MalformedDataException(
                        "LZ4: frame version " + (flg >>> 6) + ", expected 1");
            }
            if ((flg & 0x01) != 0) {
                throw new MalformedDataException(
                        "LZ4: frames with a dictionary id are not supported");
            }
            final boolean blockChecksum = (flg & 0x10) != 0;
            final boolean contentSize = (flg & 0x08) != 0;
            final boolean contentChecksum = (flg & 0x04) != 0;
            final int sizeCode = (bd >>> 4) & 0x7;
            if (sizeCode < 4) {
                throw new MalformedDataException("LZ4: bad block maximum size code " + sizeCode);
            }
            final int blockMax = 1 << (8 + 2 * sizeCode);
            at += 2 + (contentSize ? 8 : 0) + 1; // FLG, BD, content size, header checksum
            final int frameStart = op;
            while (true) {
                need(at, 4, to, "block size");
                final int word = Bytes.intLe(src, at);
                at += 4;
                if (word == 0) {
                    break;
                }
                final int size = word & 0x7FFF_FFFF;
                if (size > blockMax) {
                    throw new MalformedDataException(
                            "LZ4: block of "
                                    + size
                                    + " bytes exceeds the frame's maximum "
                                    + blockMax);
                }
                need(at, size + (blockChecksum ? 4 : 0), to, "block");
                ensure(op + blockMax);
                if (word < 0) {
                    System.arraycopy(src, at, out, op, size);
                    op += size;
                } else {
                    op = block(src, at, at + size, op, op + blockMax, frameStart);
                }
                at += size + (blockChecksum ? 4 : 0);
            }
            if (contentChecksum) {
                need(at, 4, to, "content checksum");
                at += 4;
            }
        }
        return op;
    }

    /** Decodes one compressed block; matches may reach back into earlier blocks of the frame. */
    private int block(
            final byte[] src,
            int ip,
            final int ipEnd,
            int op,
            final int opLimit,
            final int frameStart)
            throws MalformedDataException {
        final byte[] dst = out;
        while (true) {
            if (ip >= ipEnd) {
                throw new MalformedDataException("LZ4: block ends inside a sequence");
            }
            final int token = src[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (ip >= ipEnd) {
                        throw new MalformedDataException("LZ4: block ends inside a literal length");
                    }
                    b = src[ip++] & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            if (literals > ipEnd - ip || literals > opLimit - op) {
                throw new MalformedDataException(
                        "LZ4: literal run of " + literals + " bytes overruns the block");
            }
            System.arraycopy(src, ip, dst, op, literals);
            ip += literals;
            op += literals;
            if (ip == ipEnd) {
                return op;
            }
            if (ipEnd - ip < 2) {
                throw new MalformedDataException("LZ4: block ends inside a match offset");
            }
            final int offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
            ip += 2;
            if (offset == 0 || offset > op - frameStart) {
                throw new MalformedDataException(
                        "LZ4: match offset " + offset + " points outside the data");
            }
            int length = token & 0x0F;
            if (length == 15) {
                int b;
                do {
                    if (ip >= ipEnd) {
                        throw new MalformedDataException("LZ4: block ends inside a match length");
                    }
                    b = src[ip++] & 0xFF;
                    length += b;
                } while (b == 255);
            }
            length += MIN_MATCH;
            if (length > opLimit - op) {
                throw new MalformedDataException(
                        "LZ4: match of " + length + " bytes overruns the block");
            }
            final int ref = op - offset;
            if (offset >= length) {
                System.arraycopy(dst, ref, dst, op, length);
            } else {
                for (int k = 0; k < length; k++) {
                    dst[op + k] = dst[ref + k]; // overlapping copy repeats the last offset bytes
                }
            }
            op += length;
        }
    }

    private static void need(final int at, final long count, final int to, final String what)
            throws MalformedDataException {
        if (count > to - at) {
            throw new MalformedDataException("LZ4: data ends inside the " + what);
        }
    }

    private void ensure(final long capacity) throws MalformedDataException {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new MalformedDataException("LZ4: decompressed packet larger than 2 GiB");
        }
        if (capacity > out.length) {
            out =
                    Arrays.copyOf(
                            out,
                            (int)
                                    Math.max(
                                            capacity,
                                            Math.min(Integer.MAX_VALUE - 8, 2L * out.length)));
        }
    }
}

package org.neurostream.ingest.dvs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming decoder of Prophesee EVT 2.0 data: little-endian 32-bit words, type in bits 31..28.
 *
 * <pre>
 *   0x0 CD_OFF, 0x1 CD_ON   [27:22] time LSBs (6 bits), [21:11] x, [10:0] y
 *   0x8 EVT_TIME_HIGH       [27:0]  time bits 33..6
 *   0xA EXT_TRIGGER         [27:22] time LSBs, [12:8] channel, [0] edge    (counted, not emitted)
 *   0xE OTHERS, 0xF CONTINUED                                              (ignored)
 * </pre>
 *
 * <p>Semantics of the openeb reference decoder ({@link PropheseeDecoder}): event time = TIME_HIGH
 * payload {@code << 6} + the 6 LSBs; the 34-bit time base loops every 2^34 us, and a loop is
 * counted when a new base is below the previous one by at least {@code MaxBase - (10 << 6)}, {@code
 * MaxBase = ((1 << 28) - 1) << 6}. The other type codes (0x2-0x7, 0x9, 0xB-0xD) are undefined in
 * EVT 2.0: decoding stops at such a word and {@link #error()} says why, since they only appear in
 * corrupt or misidentified data.
 *
 * <p>State (time base, loop count) lives across calls, so data can arrive in chunks of any size; a
 * partial word at the end of a chunk is left unconsumed for the next call.
 */
public final class Evt2Decoder extends PropheseeDecoder {
    /** Bytes per word. */
    public static final int WORD_BYTES = 4;

    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** A decoder at the start of a file. */
    public Evt2Decoder() {
        super(WORD_BYTES, 28, 6);
    }

    /**
     * Decodes whole words and appends their CD events to {@code out}. Stops when {@code out} is
     * full, when fewer than 4 bytes are left, or at an undefined word (then {@link #error()} is set
     * and the returned position is that word's).
     */
    @Override
    int decodeWords(final byte[] src, final int from, final int end, final EventBatch out) {
        int i = from;
        final long[] ts = out.t;
        final short[] xs = out.x;
        final short[] ys = out.y;
        final byte[] ps = out.p;
        final int capacity = ts.length;
        int n = out.size;
        long base = timeBase;
        while (i <= end && n < capacity) {
            final int w = (int) INT_LE.get(src, i);
            final int type = w >>> 28;
            if (type <= 1) {
                ts[n] = base + ((w >>> 22) & 0x3F);
                xs[n] = (short) ((w >>> 11) & 0x7FF);
                ys[n] = (short) (w & 0x7FF);
                ps[n] = (byte) type;
                n++;
            } else if (type == TIME_HIGH) {
                base = timeHigh(base, w);
            } else if (type == 0xA) {
                trigger();
            } else if (type < 0xE) {
                fail(String.format("undefined EVT 2.0 word type 0x%X (word 0x%08X)", type, w));
                break;
            }
            i += WORD_BYTES;
        }
        timeBase = base;
        out.size = n;
        return i;
    }

    @Override
    int word(final byte[] src, final int i) {
        return (int) INT_LE.get(src, i);
    }
}

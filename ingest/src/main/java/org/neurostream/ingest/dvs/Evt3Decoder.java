package org.neurostream.ingest.dvs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming decoder of Prophesee EVT 3.0 data: little-endian 16-bit stateful words, type in bits
 * 15..12.
 *
 * <pre>
 *   0x0 EVT_ADDR_Y   [10:0] y, [11] system type     y = ..., current type = CD
 *   0x1 EM_Y                                        current type = EM (X words are not CD)
 *   0x2 EVT_ADDR_X   [10:0] x, [11] polarity        one event at (x, y) now, if type is CD
 *   0x3 VECT_BASE_X  [10:0] x, [11] polarity        base x and vector polarity
 *   0x4 VECT_12      [11:0] valid mask              events at base x + i, then base x += 12
 *   0x5 VECT_8       [7:0]  valid mask              events at base x + i, then base x += 8
 *   0x6 EVT_TIME_LOW [11:0] time bits 11..0         now = time base + value
 *   0x7 CONTINUED_4, 0xE OTHERS, 0xF CONTINUED_12   ignored
 *   0x8 EVT_TIME_HIGH [11:0] time bits 23..12       time base = value &lt;&lt; 12 (+ loops), now = base
 *   0xA EXT_TRIGGER  [0] edge, [11:8] channel       counted, not emitted
 * </pre>
 *
 * <p>Semantics of the openeb reference decoder ({@link PropheseeDecoder}): the 24-bit time loops
 * every 2^24 us, and a loop is counted when the new base is below the previous one by at least
 * {@code MaxBase - (10 << 12)}, {@code MaxBase = ((1 << 12) - 1) << 12}; base x advances after a
 * vector word even when the current type is EM. Type codes 0x9, 0xB, 0xC and 0xD are undefined:
 * decoding stops at such a word and {@link #error()} says why.
 *
 * <p>State lives across calls, so data can arrive in chunks of any size; a lone byte at the end of
 * a chunk is left unconsumed for the next call.
 */
public final class Evt3Decoder extends PropheseeDecoder {
    /** Bytes per word. */
    public static final int WORD_BYTES = 2;

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private long now;
    private int y;
    private int xBase;
    private int vectorPolarity;
    private boolean cd = true;

    /** A decoder at the start of a file. */
    public Evt3Decoder() {
        super(WORD_BYTES, 12, 12);
    }

    /** Forgets all state, as at the start of a file. */
    @Override
    public void reset() {
        super.reset();
        now = 0;
        y = 0;
        xBase = 0;
        vectorPolarity = 0;
        cd = true;
    }

    /**
     * Decodes whole words and appends their CD events to {@code out}. Stops when {@code out} has
     * fewer than 12 free slots (the most one word can emit), when fewer than 2 bytes are left, or
     * at an undefined word (then {@link #error()} is set and the returned position is that word's).
     */
    @Override
    int decodeWords(final byte[] src, final int from, final int end, final EventBatch out) {
        int i = from;
        final long[] ts = out.t;
        final short[] xs = out.x;
        final short[] ys = out.y;
        final byte[] ps = out.p;
        final int limit = ts.length - 12;
        int n = out.size;
        long base = timeBase;
        long t = now;
        int row = y;
        int bx = xBase;
        int vp = vectorPolarity;
        int isCd = cd ? 1 : 0;
        while (i <= end && n <= limit) {
            final int w = (short) SHORT_LE.get(src, i) & 0xFFFF;
            final int type = w >>> 12;
            if ((type & ~0x2) == 0) {
                // ADDR_Y and ADDR_X, most words of dense data, without a branch between them: the
                // event is written speculatively and kept only for an X word in a CD row, so the
                // random length of a row's run of X words costs no mispredicted branch
                final int isX = type >>> 1;
                row ^= ((w & 0x7FF) ^ row) & (isX - 1);
                isCd |= 1 - isX;
                ts[n] = t;
                xs[n] = (short) (w & 0x7FF);
                ys[n] = (short) row;
                ps[n] = (byte) ((w >>> 11) & 1);
                n += isX & isCd;
            } else {
                switch (type) {
                    case 0x1:
                        isCd = 0;
                        break;
                    case 0x3:
                        bx = w & 0x7FF;
                        vp = (w >>> 11) & 1;
                        break;
                    case 0x4:
                        if (isCd != 0) {
                            n = vector(w & 0xFFF, bx, row, vp, t, n, ts, xs, ys, ps);
                        }
                        bx += 12;
                        break;
                    case 0x5:
                        if (isCd != 0) {
                            n = vector(w & 0xFF, bx, row, vp, t, n, ts, xs, ys, ps);
                        }
                        bx += 8;
                        break;
                    case 0x6:
                        t = base + (w & 0xFFF);
                        break;
                    case TIME_HIGH:
                        base = timeHigh(base, w);
                        t = base;
                        break;
                    case 0xA:
                        trigger();
                        break;
                    case 0x7:
                    case 0xE:
                    case 0xF:
                        break;
                    default:
                        fail(
                                String.format(
                                        "undefined EVT 3.0 word type 0x%X (word 0x%04X)", type, w));
                        commit(base, t, row, bx, vp, isCd != 0);
                        out.size = n;
                        return i;
                }
            }
            i += WORD_BYTES;
        }
        commit(base, t, row, bx, vp, isCd != 0);
        out.size = n;
        return i;
    }

    private static int vector(
            int mask,
            final int baseX,
            final int row,
            final int polarity,
            final long t,
            int n,
            final long[] ts,
            final short[] xs,
            final short[] ys,
            final byte[] ps) {
        final short r = (short) row;
        final byte p = (byte) polarity;
        while (mask != 0) {
            ts[n] = t;
            xs[n] = (short) (baseX + Integer.numberOfTrailingZeros(mask));
            ys[n] = r;
            ps[n] = p;
            n++;
            mask &= mask - 1;
        }
        return n;
    }

    private void commit(
            final long base,
            final long t,
            final int row,
            final int bx,
            final int vp,
            final boolean isCd) {
        timeBase = base;
        now = t;
        y = row;
        xBase = bx;
        vectorPolarity = vp;
        cd = isCd;
    }

    @Override
    int word(final byte[] src, final int i) {
        return (short) SHORT_LE.get(src, i) & 0xFFFF;
    }
}

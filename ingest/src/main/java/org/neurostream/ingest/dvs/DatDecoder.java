package org.neurostream.ingest.dvs;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Decoder of Prophesee DAT (v2) CD records after the {@code %} header and the two bytes event type
 * (0 = CD) and event size (at least 8):
 *
 * <pre>
 *   uint32 t      time in us
 *   uint32 data   [13:0] x, [27:14] y, [31:28] polarity (nonzero = ON)
 *   ...           the rest of the record, when the size is above 8, is skipped
 * </pre>
 */
final class DatDecoder implements ChunkDecoder {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int CD_TYPE = 0;

    private final int recordBytes;

    private DatDecoder(final int recordBytes) {
        this.recordBytes = recordBytes;
    }

    /** Reads the type and size bytes after the header and returns a reader of the records. */
    static EventFileReader open(
            final Path file,
            final FileChannel channel,
            final byte[] head,
            final PropheseeHeader header,
            final TimeOrder order)
            throws IOException {
        final int at = header.length();
        if (head.length < at + 2) {
            throw new EventFormatException(
                    file, at, "DAT header ends before the event type and size bytes");
        }
        final int type = head[at] & 0xFF;
        final int size = head[at + 1] & 0xFF;
        if (type != CD_TYPE) {
            throw new EventFormatException(
                    file, at, "DAT event type " + type + " is not supported (CD = 0 is)");
        }
        if (size < 8) {
            throw new EventFormatException(
                    file, at + 1, "DAT event size " + size + " is below 8 bytes");
        }
        return new ChunkedFileReader(
                file,
                EventFormat.DAT,
                header.width(),
                header.height(),
                order,
                channel,
                at + 2,
                new DatDecoder(size));
    }

    @Override
    public int wordBytes() {
        return recordBytes;
    }

    @Override
    public int decode(final byte[] src, final int from, final int to, final EventBatch out) {
        final long[] ts = out.t;
        final short[] xs = out.x;
        final short[] ys = out.y;
        final byte[] ps = out.p;
        final int capacity = ts.length;
        final int step = recordBytes;
        int n = out.size;
        int i = from;
        while (i + step <= to && n < capacity) {
            final int data = (int) INT_LE.get(src, i + 4);
            ts[n] = (int) INT_LE.get(src, i) & 0xFFFF_FFFFL;
            xs[n] = (short) (data & 0x3FFF);
            ys[n] = (short) ((data >>> 14) & 0x3FFF);
            ps[n] = (byte) ((data >>> 28) != 0 ? 1 : 0);
            n++;
            i += step;
        }
        out.size = n;
        return i;
    }

    @Override
    public String error() {
        return null;
    }
}

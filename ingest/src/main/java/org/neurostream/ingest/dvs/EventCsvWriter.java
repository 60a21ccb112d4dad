package org.neurostream.ingest.dvs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes event rows as ASCII CSV through one reused byte buffer: digits are written straight into
 * it, with no String or formatter per row.
 */
public final class EventCsvWriter implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;

    /** Longest row: four fields of at most 20 characters, separators and the line end. */
    private static final int MAX_ROW_BYTES = 4 * 20 + 4;

    private final FileChannel channel;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final ByteBuffer view = ByteBuffer.wrap(buffer);
    private final byte[] digits = new byte[20];
    private int at;
    private long rows;

    /** Creates or truncates {@code file} and writes the header line. */
    public EventCsvWriter(final Path file, final String header) throws IOException {
        channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
        final byte[] h = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, buffer, 0, h.length);
        at = h.length;
    }

    /** One row {@code t_us,x,y,p} per event of the batch. */
    public void writeEvents(final EventBatch batch) throws IOException {
        final long[] t = batch.t();
        final short[] x = batch.x();
        final short[] y = batch.y();
        final byte[] p = batch.p();
        for (int i = 0; i < batch.size(); i++) {
            if (at > BUFFER_BYTES - MAX_ROW_BYTES) {
                flush();
            }
            number(t[i]);
            buffer[at++] = ',';
            number(x[i]);
            buffer[at++] = ',';
            number(y[i]);
            buffer[at++] = ',';
            buffer[at++] = (byte) ('0' + p[i]);
            buffer[at++] = '\n';
        }
        rows += batch.size();
    }

    /** One row {@code t_us,address} per event whose address is not negative. */
    public void writeAddresses(final EventBatch batch, final int[] addresses) throws IOException {
        final long[] t = batch.t();
        for (int i = 0; i < batch.size(); i++) {
            if (addresses[i] < 0) {
                continue;
            }
            if (at > BUFFER_BYTES - MAX_ROW_BYTES) {
                flush();
            }
            number(t[i]);
            buffer[at++] = ',';
            number(addresses[i]);
            buffer[at++] = '\n';
            rows++;
        }
    }

    /** Rows written so far, the header left out. */
    public long rows() {
        return rows;
    }

    private void number(final long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                final byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, buffer, at, text.length);
                at += text.length;
                return;
            }
            buffer[at++] = '-';
            number(-value);
            return;
        }
        long v = value;
        int k = digits.length;
        do {
            digits[--k] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        final int n = digits.length - k;
        System.arraycopy(digits, k, buffer, at, n);
        at += n;
    }

    private void flush() throws IOException {
        view.clear().limit(at);
        while (view.hasRemaining()) {
            channel.write(view);
        }
        at = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}

package org.neurostream.ingest.dvs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Streams the events of an event-camera file into caller-owned {@link EventBatch}es.
 *
 * <pre>{@code
 * try (EventFileReader reader = EventFileReader.open(path)) {
 *     EventBatch batch = new EventBatch(65536);
 *     while (reader.read(batch) > 0) {
 *         // batch.t()[0 .. batch.size()) ...
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #open} recognises the format from the file's first bytes: AEDAT 4.0 by its magic,
 * Prophesee RAW EVT 2.0 / 3.0 and DAT by their {@code %} header, N-MNIST by the {@code .bin}
 * extension. A file that cannot be used at all fails in {@code open}. A file that turns bad
 * part-way (truncated, corrupt) delivers every event decoded before the fault, then the next {@link
 * #read} throws an {@link EventFormatException} naming the file, the byte offset and the reason.
 * Time going backwards is handled by the reader's {@link TimeOrder}.
 */
public abstract class EventFileReader implements Closeable {
    /** Largest text header accepted, in bytes. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final Path file;
    private final EventFormat format;
    private final int width;
    private final int height;
    private final TimeOrder order;
    private final ReorderBuffer reorder;
    private EventBatch scratch;
    private EventFormatException fault;
    private boolean ended;
    private long lastTime = Long.MIN_VALUE;
    private long backwards;

    EventFileReader(
            final Path file,
            final EventFormat format,
            final int width,
            final int height,
            final TimeOrder order) {
        this.file = file;
        this.format = format;
        this.width = width;
        this.height = height;
        this.order = order;
        this.reorder =
                order.mode() == TimeOrder.Mode.REORDER ? new ReorderBuffer(order.boundUs()) : null;
    }

    /** Opens {@code file} with the default time order (drop-and-count). */
    public static EventFileReader open(final Path file) throws IOException {
        return open(file, TimeOrder.DEFAULT);
    }

    /**
     * Opens {@code file}, recognising its format, and reads its header.
     *
     * @throws EventFormatException when the file is empty, of no format this reader knows, or its
     *     header is unusable
     * @throws IOException when the file cannot be read
     */
    public static EventFileReader open(final Path file, final TimeOrder order) throws IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return open(file, channel, order);
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static EventFileReader open(
            final Path file, final FileChannel channel, final TimeOrder order) throws IOException {
        final long size = channel.size();
        if (size == 0) {
            throw new EventFormatException(file, 0, "empty file");
        }
        final byte[] head = new byte[(int) Math.min(size, MAX_HEADER_BYTES)];
        readFully(channel, ByteBuffer.wrap(head), 0);
        if (startsWith(head, "#!AER-DAT")) {
            return Aedat4FileReader.open(file, channel, head, order);
        }
        if (head[0] == '%') {
            final PropheseeHeader header =
                    PropheseeHeader.parse(head, head.length, head.length == size);
            if (!header.complete()) {
                throw new EventFormatException(
                        file, 0, "text header longer than " + MAX_HEADER_BYTES + " bytes");
            }
            final EventFormat raw = header.rawFormat();
            if (raw == EventFormat.EVT2) {
                return new ChunkedFileReader(
                        file,
                        raw,
                        header.width(),
                        header.height(),
                        order,
                        channel,
                        header.length(),
                        new Evt2Decoder());
            }
            if (raw == EventFormat.EVT3) {
                return new ChunkedFileReader(
                        file,
                        raw,
                        header.width(),
                        header.height(),
                        order,
                        channel,
                        header.length(),
                        new Evt3Decoder());
            }
            if (header.encoding() != null) {
                throw new EventFormatException(
                        file,
                        0,
                        "RAW encoding '"
                                + header.encoding()
                                + "' is not supported (EVT 2.0 and EVT 3.0 are)");
            }
            if (looksLikeDat(file, header)) {
                return DatDecoder.open(file, channel, head, header, order);
            }
            throw new EventFormatException(
                    file,
                    0,
                    "'%' header names no encoding (no '% evt' or '% format' line) and is not a DAT header");
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin")) {
            return new ChunkedFileReader(
                    file,
                    EventFormat.NMNIST,
                    NmnistDecoder.WIDTH,
                    NmnistDecoder.HEIGHT,
                    order,
                    channel,
                    0,
                    new NmnistDecoder());
        }
        throw new EventFormatException(
                file,
                0,
                "not an event file this reader knows: no '%' header,"
                        + " no AEDAT 4.0 magic, and not an N-MNIST .bin");
    }

    private static boolean looksLikeDat(final Path file, final PropheseeHeader header) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dat")) {
            return true;
        }
        for (final String line : header.lines()) {
            final String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("cd events") || lower.startsWith("% version")) {
                return true;
            }
        }
        return false;
    }

    static boolean startsWith(final byte[] bytes, final String prefix) {
        final byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads until {@code buffer} is full or the file ends; returns the bytes read. */
    static int readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
            throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            final int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /**
     * Empties {@code batch} and fills it with the next events, in the order set by the {@link
     * TimeOrder}.
     *
     * @return the number of events in the batch; 0 only once the data has ended
     * @throws EventFormatException once the events before a fault have all been delivered
     * @throws IOException when the file cannot be read
     */
    public final int read(final EventBatch batch) throws IOException {
        batch.clear();
        if (order.mode() == TimeOrder.Mode.REORDER) {
            readReordered(batch);
        } else {
            while (batch.size == 0 && !ended && fault == null) {
                decode(batch);
                orderInPlace(batch, order.mode() == TimeOrder.Mode.DROP);
            }
        }
        if (batch.size == 0 && fault != null) {
            throw fault;
        }
        return batch.size;
    }

    private void readReordered(final EventBatch batch) throws IOException {
        if (scratch == null || scratch.capacity() != batch.capacity()) {
            scratch = new EventBatch(batch.capacity());
        }
        while (true) {
            reorder.drain(batch, ended || fault != null);
            if (batch.size == batch.capacity() || ended || fault != null) {
                return;
            }
            scratch.clear();
            decode(scratch);
            reorder.accept(scratch);
        }
    }

    /** Counts backward steps, and with {@code drop} removes them, keeping the order of the rest. */
    private void orderInPlace(final EventBatch batch, final boolean drop) {
        final long[] t = batch.t;
        long last = lastTime;
        int kept = 0;
        for (int i = 0; i < batch.size; i++) {
            final long ti = t[i];
            if (ti < last) {
                backwards++;
                if (drop) {
                    continue;
                }
            }
            last = ti;
            if (kept != i) {
                t[kept] = ti;
                batch.x[kept] = batch.x[i];
                batch.y[kept] = batch.y[i];
                batch.p[kept] = batch.p[i];
            }
            kept++;
        }
        lastTime = last;
        batch.size = kept;
    }

    /**
     * Appends decoded events to {@code out} until it is full for this format, the data ends ({@link
     * #end()}) or a fault is found ({@link #fail}).
     */
    abstract void decode(EventBatch out) throws IOException;

    /** Marks the end of the data. */
    final void end() {
        ended = true;
    }

    /** Records a fault at {@code offset}; decoding stops there. */
    final void fail(final long offset, final String reason) {
        fault = new EventFormatException(file, offset, reason);
    }

    /** The file being read. */
    public final Path file() {
        return file;
    }

    /** The file's format. */
    public final EventFormat format() {
        return format;
    }

    /** Sensor width in pixels from the file's header, or 0 when the file does not say. */
    public final int width() {
        return width;
    }

    /** Sensor height in pixels from the file's header, or 0 when the file does not say. */
    public final int height() {
        return height;
    }

    /** The time-order policy of this reader. */
    public final TimeOrder timeOrder() {
        return order;
    }

    /**
     * Events that went back in time so far: dropped under DROP, dropped for coming later than the
     * bound under REORDER, delivered but counted under KEEP.
     */
    public final long backwardsCount() {
        return reorder != null ? reorder.late() : backwards;
    }

    /**
     * The number of events the file itself declares (AEDAT 4.0 files with a data table), to check a
     * decode against; empty when the file declares none.
     */
    public OptionalLong declaredEventCount() {
        return OptionalLong.empty();
    }
}

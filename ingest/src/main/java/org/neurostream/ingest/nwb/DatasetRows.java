package org.neurostream.ingest.nwb;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Reads whole rows (along the first dimension) of a numeric 1-D or 2-D dataset, a block at a time,
 * never the whole dataset: a contiguous dataset in blocks of about 1 MiB read straight from the
 * file, a chunked one a band of chunks at a time (all the chunks that hold the same rows, decoded
 * and laid out row-major), a compact one from its object header.
 *
 * <p>Memory: one block, or a few bands of {@code chunk rows x columns} elements. Missing chunks
 * (never written) read as the dataset's fill value. Rows are addressed with longs, but jhdf takes
 * chunk offsets as ints: chunked datasets of 2^31 rows or more are refused.
 *
 * <p>Not thread-safe; allocates nothing per block after the first.
 */
abstract class DatasetRows {
    private static final int BLOCK_BYTES = 1 << 20;

    final NwbSource source;
    final String path;
    final ElementType type;
    final long rows;
    final int columns;
    final int rowBytes;

    private DatasetRows(
            final NwbSource source,
            final String path,
            final ElementType type,
            final long rows,
            final int columns) {
        this.source = source;
        this.path = path;
        this.type = type;
        this.rows = rows;
        this.columns = columns;
        this.rowBytes = columns * type.size;
    }

    /**
     * Opens a numeric dataset of rank 1 or 2.
     *
     * @param bands chunk bands kept decoded at once (more than 1 for readers that alternate between
     *     distant rows, such as one cursor per spike unit)
     */
    static DatasetRows open(
            final NwbSource source, final Dataset dataset, final String path, final int bands)
            throws NwbFormatException {
        final ElementType type = ElementType.of(dataset.getDataType());
        if (type == null) {
            throw source.error(
                    path,
                    "data type "
                            + dataset.getDataType().getClass().getSimpleName()
                            + " of "
                            + dataset.getDataType().getSize()
                            + " bytes is not a number read here");
        }
        final long[] dims = dataset.getDimensionsAsLong();
        if (dims.length > 2) {
            throw source.error(
                    path, "data of rank " + dims.length + " is not read here (rank 1 or 2)");
        }
        final long rows = dims.length == 0 ? 1 : dims[0];
        final long columns = dims.length == 2 ? dims[1] : 1;
        if (columns * type.size > Integer.MAX_VALUE / 2) {
            throw source.error(path, columns + " columns: rows too wide to read");
        }
        final ByteOrder order = byteOrder(dataset);
        if (dataset instanceof ChunkedDataset chunked) {
            if (rows > Integer.MAX_VALUE) {
                throw source.error(
                        path, rows + " rows: chunked datasets of 2^31 rows or more are not read");
            }
            final int[] chunk = chunked.getChunkDimensions();
            final long bandBytes = (long) (chunk.length == 0 ? 1 : chunk[0]) * columns * type.size;
            final long chunkBytes =
                    (long) (chunk.length == 0 ? 1 : chunk[0])
                            * (chunk.length > 1 ? chunk[1] : 1)
                            * type.size;
            if (bandBytes > Integer.MAX_VALUE - 64 || chunkBytes > Integer.MAX_VALUE - 64) {
                throw source.error(
                        path,
                        "chunks of "
                                + Arrays.toString(chunk)
                                + " make a band of "
                                + bandBytes
                                + " bytes across all columns: too large to read");
            }
            return new Chunked(source, path, type, rows, (int) columns, chunked, order, bands);
        }
        if (dataset instanceof ContiguousDataset contiguous) {
            return new Contiguous(source, path, type, rows, (int) columns, contiguous, order);
        }
        if (dataset instanceof DatasetBase compact) {
            final ByteBuffer all = compact.getDataBuffer().order(order);
            return new Whole(source, path, type, rows, (int) columns, all);
        }
        throw source.error(path, "storage layout " + dataset.getDataLayout() + " is not read here");
    }

    private static ByteOrder byteOrder(final Dataset dataset) {
        if (dataset.getDataType() instanceof FixedPoint fixed) {
            return fixed.getByteOrder();
        }
        return ((FloatingPoint) dataset.getDataType()).getByteOrder();
    }

    /**
     * Makes rows {@code [first, first + n)} readable in {@link #buffer()} from byte {@link
     * #offset()}, row-major, and returns n: at least 1 and at most {@code max} when {@code first}
     * is a row of the dataset.
     *
     * @throws NwbTruncatedException when the rows lie past the end of a truncated file
     * @throws NwbFormatException when they cannot be decoded
     */
    abstract int load(long first, int max) throws NwbFormatException;

    /** The buffer the last {@link #load} filled, in the dataset's byte order. */
    abstract ByteBuffer buffer();

    /** The byte index in {@link #buffer()} of the first row the last {@link #load} asked for. */
    abstract int offset();

    /** Every element of a small 1-D dataset as longs (whole numbers only). */
    long[] readAllLongs() throws NwbFormatException {
        final long[] out = new long[Math.toIntExact(rows * columns)];
        int done = 0;
        while (done < rows) {
            final int n = load(done, (int) rows - done);
            final ByteBuffer b = buffer();
            int p = offset();
            for (int i = 0; i < n * columns; i++, p += type.size) {
                try {
                    out[done * columns + i] = type.getLong(b, p);
                } catch (ArithmeticException e) {
                    throw source.error(
                            path, "element " + (done * columns + i) + ": " + e.getMessage());
                }
            }
            done += n;
        }
        return out;
    }

    /** Every element of a small dataset as doubles, row-major. */
    double[] readAllDoubles() throws NwbFormatException {
        return readDoubles(0, Math.toIntExact(rows));
    }

    /** Rows {@code [first, first + count)} as doubles, row-major. */
    double[] readDoubles(final long first, final int count) throws NwbFormatException {
        final double[] out = new double[Math.multiplyExact(count, columns)];
        int done = 0;
        while (done < count) {
            final int n = load(first + done, count - done);
            final ByteBuffer b = buffer();
            int p = offset();
            for (int i = 0; i < n * columns; i++, p += type.size) {
                out[done * columns + i] = type.get(b, p);
            }
            done += n;
        }
        return out;
    }

    /** Rows read straight from the file, a block of about 1 MiB at a time. */
    private static final class Contiguous extends DatasetRows {
        private final long address;
        private final boolean allocated;
        private final ByteBuffer block;
        private final int blockRows;
        private long blockFirst = -1;
        private int blockCount;
        private int offset;

        Contiguous(
                final NwbSource source,
                final String path,
                final ElementType type,
                final long rows,
                final int columns,
                final ContiguousDataset dataset,
                final ByteOrder order) {
            super(source, path, type, rows, columns);
            this.allocated = !dataset.isEmpty();
            this.address =
                    allocated ? dataset.getDataAddress() + source.hdf.getUserBlockSize() : -1;
            this.blockRows = (int) Math.max(1, Math.min(rows, BLOCK_BYTES / Math.max(1, rowBytes)));
            this.block = ByteBuffer.allocate(blockRows * rowBytes).order(order);
        }

        @Override
        int load(final long first, final int max) throws NwbFormatException {
            if (first < blockFirst || first >= blockFirst + blockCount) {
                fill(first);
            }
            offset = (int) (first - blockFirst) * rowBytes;
            return (int) Math.min(max, blockFirst + blockCount - first);
        }

        private void fill(final long first) throws NwbFormatException {
            final int n = (int) Math.min(blockRows, rows - first);
            if (n <= 0) {
                throw source.error(path, "row " + first + " is past the last row " + (rows - 1));
            }
            block.clear();
            block.limit(n * rowBytes);
            if (!allocated) {
                Arrays.fill(block.array(), 0, n * rowBytes, (byte) 0);
            } else {
                final long at = address + first * rowBytes;
                try {
                    while (block.hasRemaining()) {
                        if (source.channel.read(block, at + block.position()) < 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw source.unreadable(path, first, "rows from " + first, e);
                }
                final int whole = block.position() / rowBytes;
                if (whole == 0) {
                    throw source.unreadable(
                            path,
                            first,
                            "the data from row " + first,
                            new IOException("end of file"));
                }
                blockCount = whole;
                blockFirst = first;
                return;
            }
            blockCount = n;
            blockFirst = first;
        }

        @Override
        ByteBuffer buffer() {
            return block;
        }

        @Override
        int offset() {
            return offset;
        }
    }

    /** A small dataset held whole (compact layout: the data live in the object header). */
    private static final class Whole extends DatasetRows {
        private final ByteBuffer all;
        private int offset;

        Whole(
                final NwbSource source,
                final String path,
                final ElementType type,
                final long rows,
                final int columns,
                final ByteBuffer all) {
            super(source, path, type, rows, columns);
            this.all = all;
        }

        @Override
        int load(final long first, final int max) throws NwbFormatException {
            if (first < 0 || first >= rows) {
                throw source.error(path, "row " + first + " is past the last row " + (rows - 1));
            }
            offset = (int) first * rowBytes;
            return (int) Math.min(max, rows - first);
        }

        @Override
        ByteBuffer buffer() {
            return all;
        }

        @Override
        int offset() {
            return offset;
        }
    }

    /** Rows decoded a band of chunks at a time, a few bands kept (least recently used goes). */
    private static final class Chunked extends DatasetRows {
        private final ChunkedDataset dataset;
        private final int chunkRows;
        private final int chunkColumns;
        private final int columnChunks;
        private final int chunkBytes;
        private final ChunkFilters filters;
        private final byte[] chunk;
        private final byte[] fillElement;
        private final ByteOrder order;
        private final int[] at;
        private final long[] bandIndex;
        private final long[] bandUse;
        private final ByteBuffer[] bandBuffer;
        private long uses;
        private ByteBuffer current;
        private int offset;

        Chunked(
                final NwbSource source,
                final String path,
                final ElementType type,
                final long rows,
                final int columns,
                final ChunkedDataset dataset,
                final ByteOrder order,
                final int bands) {
            super(source, path, type, rows, columns);
            this.dataset = dataset;
            final int[] dims = dataset.getChunkDimensions();
            this.chunkRows = dims.length == 0 ? 1 : dims[0];
            this.chunkColumns = dims.length > 1 ? dims[1] : 1;
            this.columnChunks = (columns + chunkColumns - 1) / chunkColumns;
            this.chunkBytes = chunkRows * chunkColumns * type.size;
            this.filters =
                    ChunkFilters.handles(dataset.getFilters())
                            ? ChunkFilters.of(dataset.getFilters(), type.size)
                            : null;
            this.chunk = new byte[chunkBytes];
            this.fillElement = fillElement(dataset.getFillValue(), type, order);
            this.order = order;
            this.at = new int[dims.length == 0 ? 1 : dims.length];
            this.bandIndex = new long[Math.max(1, bands)];
            this.bandUse = new long[bandIndex.length];
            this.bandBuffer = new ByteBuffer[bandIndex.length];
            Arrays.fill(bandIndex, -1);
        }

        @Override
        int load(final long first, final int max) throws NwbFormatException {
            if (first < 0 || first >= rows) {
                throw source.error(path, "row " + first + " is past the last row " + (rows - 1));
            }
            final long band = first / chunkRows;
            current = band(band);
            offset = (int) (first - band * chunkRows) * rowBytes;
            return (int) Math.min(max, Math.min(rows, (band + 1) * chunkRows) - first);
        }

        private ByteBuffer band(final long band) throws NwbFormatException {
            int slot = 0;
            for (int i = 0; i < bandIndex.length; i++) {
                if (bandIndex[i] == band) {
                    bandUse[i] = ++uses;
                    return bandBuffer[i];
                }
                if (bandUse[i] < bandUse[slot]) {
                    slot = i;
                }
            }
            if (bandBuffer[slot] == null) {
                bandBuffer[slot] = ByteBuffer.allocate(chunkRows * rowBytes).order(order);
            }
            bandIndex[slot] = -1;
            decodeBand(band, bandBuffer[slot].array());
            bandIndex[slot] = band;
            bandUse[slot] = ++uses;
            return bandBuffer[slot];
        }

        private void decodeBand(final long band, final byte[] out) throws NwbFormatException {
            final int firstRow = (int) (band * chunkRows);
            final int bandRows = (int) Math.min(chunkRows, rows - firstRow);
            for (int j = 0; j < columnChunks; j++) {
                final int firstColumn = j * chunkColumns;
                final byte[] target = columnChunks == 1 ? out : chunk;
                decodeChunk(firstRow, firstColumn, target);
                if (columnChunks > 1) {
                    final int width = Math.min(chunkColumns, columns - firstColumn) * type.size;
                    for (int r = 0; r < bandRows; r++) {
                        System.arraycopy(
                                chunk,
                                r * chunkColumns * type.size,
                                out,
                                r * rowBytes + firstColumn * type.size,
                                width);
                    }
                }
            }
        }

        private void decodeChunk(final int firstRow, final int firstColumn, final byte[] out)
                throws NwbFormatException {
            at[0] = firstRow;
            if (at.length > 1) {
                at[1] = firstColumn;
            }
            try {
                if (filters != null) {
                    filters.decode(dataset.getRawChunkBuffer(at), out, chunkBytes);
                } else {
                    final byte[] decoded = dataset.getDecompressedChunk(at);
                    if (decoded.length < chunkBytes) {
                        throw new DataFormatException(
                                "decodes to " + decoded.length + " bytes, not " + chunkBytes);
                    }
                    System.arraycopy(decoded, 0, out, 0, chunkBytes);
                }
            } catch (HdfException e) {
                if (String.valueOf(e.getMessage()).startsWith("No chunk with offset")) {
                    fill(out);
                    return;
                }
                throw source.unreadable(path, firstRow, chunkName(firstRow, firstColumn), e);
            } catch (DataFormatException | RuntimeException e) {
                throw source.unreadable(path, firstRow, chunkName(firstRow, firstColumn), e);
            }
        }

        private String chunkName(final int firstRow, final int firstColumn) {
            return "the chunk of rows "
                    + firstRow
                    + "-"
                    + (firstRow + chunkRows - 1)
                    + (columnChunks > 1 ? ", columns from " + firstColumn : "");
        }

        /** A chunk that was never written holds the fill value. */
        private void fill(final byte[] out) {
            for (int i = 0; i < chunkBytes; i += fillElement.length) {
                System.arraycopy(fillElement, 0, out, i, fillElement.length);
            }
        }

        private static byte[] fillElement(
                final Object fillValue, final ElementType type, final ByteOrder order) {
            final ByteBuffer b = ByteBuffer.allocate(type.size).order(order);
            if (fillValue instanceof Number n) {
                switch (type) {
                    case INT8, UINT8 -> b.put(n.byteValue());
                    case INT16, UINT16 -> b.putShort(n.shortValue());
                    case INT32, UINT32 -> b.putInt(n.intValue());
                    case INT64, UINT64 -> b.putLong(n.longValue());
                    case FLOAT32 -> b.putFloat(n.floatValue());
                    case FLOAT64 -> b.putDouble(n.doubleValue());
                }
            }
            return b.array();
        }

        @Override
        ByteBuffer buffer() {
            return current;
        }

        @Override
        int offset() {
            return offset;
        }
    }
}

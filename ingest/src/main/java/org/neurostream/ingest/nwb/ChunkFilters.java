package org.neurostream.ingest.nwb;

import io.jhdf.filter.PipelineFilterWithData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes chunks stored with the deflate (gzip) and shuffle filters, the pipelines nearly all NWB
 * files use, into a caller's array with one reused {@link Inflater} and scratch array: nothing is
 * allocated per chunk. Pipelines with other filters (LZF, Fletcher-32, LZ4, ...) are not handled
 * here ({@link #handles}); the reader hands those chunks to jhdf, which decodes them.
 */
final class ChunkFilters {
    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;

    private final int[] ids;
    private final int[] shuffleElementSize;
    private final Inflater inflater = new Inflater();
    private byte[] scratch = new byte[0];
    private byte[] input = new byte[0];

    private ChunkFilters(final List<PipelineFilterWithData> pipeline, final int elementSize) {
        ids = new int[pipeline.size()];
        shuffleElementSize = new int[pipeline.size()];
        for (int i = 0; i < ids.length; i++) {
            final PipelineFilterWithData f = pipeline.get(i);
            ids[i] = f.getId();
            final int[] data = f.getFilterData();
            shuffleElementSize[i] = data != null && data.length > 0 ? data[0] : elementSize;
        }
    }

    /** True when every filter of the pipeline is deflate or shuffle. */
    static boolean handles(final List<PipelineFilterWithData> pipeline) {
        for (final PipelineFilterWithData f : pipeline) {
            if (f.getId() != DEFLATE && f.getId() != SHUFFLE) {
                return false;
            }
        }
        return true;
    }

    /** Filters for a pipeline that {@link #handles} accepted. */
    static ChunkFilters of(final List<PipelineFilterWithData> pipeline, final int elementSize) {
        return new ChunkFilters(pipeline, elementSize);
    }

    /**
     * Decodes one stored chunk into {@code out[0, length)}, undoing the filters in reverse order.
     *
     * @throws DataFormatException when the stored bytes do not decode to exactly {@code length}
     *     bytes
     */
    void decode(final ByteBuffer stored, final byte[] out, final int length)
            throws DataFormatException {
        if (ids.length == 0) {
            if (stored.remaining() != length) {
                throw new DataFormatException(
                        "unfiltered chunk holds " + stored.remaining() + " bytes, not " + length);
            }
            stored.get(out, 0, length);
            return;
        }
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        // each stage writes where the last stage must end up in out: stages alternate arrays
        byte[] target = ids.length % 2 == 1 ? out : scratch;
        byte[] source = null;
        for (int i = ids.length - 1; i >= 0; i--) {
            if (ids[i] == DEFLATE) {
                if (source == null) {
                    inflate(stored, target, length);
                } else {
                    inflate(ByteBuffer.wrap(source, 0, length), target, length);
                }
            } else {
                if (source == null) {
                    if (input.length < length) {
                        input = new byte[length];
                    }
                    copyExactly(stored, input, length);
                    unshuffle(input, target, length, shuffleElementSize[i]);
                } else {
                    unshuffle(source, target, length, shuffleElementSize[i]);
                }
            }
            source = target;
            target = target == out ? scratch : out;
        }
    }

    private void inflate(final ByteBuffer in, final byte[] out, final int length)
            throws DataFormatException {
        if (in.remaining() == length && !zlibHeader(in)) {
            // an optional deflate filter that HDF5 skipped for this chunk (its filter mask, which
            // jhdf does not expose, says so): the bytes are stored as they are
            in.get(out, 0, length);
            return;
        }
        inflater.reset();
        inflater.setInput(in);
        int done = 0;
        while (done < length) {
            final int n = inflater.inflate(out, done, length - done);
            if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                throw new DataFormatException(
                        "deflate stream ends after " + done + " of " + length + " bytes");
            }
            done += n;
        }
    }

    /** True when the two bytes at the buffer's position open a zlib stream (RFC 1950). */
    private static boolean zlibHeader(final ByteBuffer in) {
        if (in.remaining() < 2) {
            return false;
        }
        final int cmf = in.get(in.position()) & 0xFF;
        final int flg = in.get(in.position() + 1) & 0xFF;
        return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
    }

    private static void copyExactly(final ByteBuffer in, final byte[] out, final int length)
            throws DataFormatException {
        if (in.remaining() != length) {
            throw new DataFormatException(
                    "shuffled chunk holds " + in.remaining() + " bytes, not " + length);
        }
        in.get(out, 0, length);
    }

    /** HDF5's shuffle: byte b of every element stored together, element after element. */
    static void unshuffle(
            final byte[] in, final byte[] out, final int length, final int elementSize) {
        final int elements = length / elementSize;
        if (elementSize <= 1 || elements <= 1) {
            System.arraycopy(in, 0, out, 0, length);
            return;
        }
        for (int b = 0; b < elementSize; b++) {
            final int from = b * elements;
            for (int e = 0; e < elements; e++) {
                out[e * elementSize + b] = in[from + e];
            }
        }
        final int tail = elements * elementSize;
        System.arraycopy(in, tail, out, tail, length - tail);
    }
}

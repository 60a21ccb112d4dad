package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.dvs.RealFiles.Decoded;

/**
 * The real AEDAT 4.0 sample rewritten with uncompressed and with zstd-compressed packets (and data
 * table) decodes to the same events as the LZ4 original.
 */
class Aedat4VariantsTest {
    @TempDir Path dir;

    /** Rewrites the sample with every packet and the table recompressed, and the header patched. */
    private Path recompress(final int compression, final UnaryOperator<byte[]> compress)
            throws Exception {
        final byte[] in = Files.readAllBytes(RealFiles.dvs("sample.aedat4"));
        final int length = Bytes.intLe(in, 14);
        final byte[] header = Arrays.copyOfRange(in, 18, 18 + length);
        final FlatBufferView view = new FlatBufferView().wrap(header, header.length);
        final int root = view.root(0);
        final int compressionAt = view.field(root, 0);
        final int tableAt = view.field(root, 1);
        final long table = Bytes.longLe(header, tableAt);
        final Lz4FrameDecoder lz4 = new Lz4FrameDecoder();
        final ByteArrayOutputStream packets = new ByteArrayOutputStream();
        final ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        int at = 18 + length;
        while (at < table) {
            final int stream = Bytes.intLe(in, at);
            final int size = Bytes.intLe(in, at + 4);
            final int n = lz4.decompress(in, at + 8, at + 8 + size);
            final byte[] out = compress.apply(Arrays.copyOf(lz4.buffer(), n));
            word.clear();
            packets.write(word.putInt(stream).putInt(out.length).array(), 0, 8);
            packets.write(out, 0, out.length);
            at += 8 + size;
        }
        final int n = lz4.decompress(in, (int) table, in.length);
        final byte[] newTable = compress.apply(Arrays.copyOf(lz4.buffer(), n));
        ByteBuffer.wrap(header)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(compressionAt, compression)
                .putLong(tableAt, 18 + length + packets.size());
        final ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(in, 0, 18);
        file.write(header, 0, header.length);
        packets.writeTo(file);
        file.write(newTable, 0, newTable.length);
        final Path path = dir.resolve("sample-" + compression + ".aedat4");
        Files.write(path, file.toByteArray());
        return path;
    }

    private void checkSameEvents(final Path file) throws IOException {
        final Decoded d = Decoded.all(file, 5000);
        assertNull(d.fault);
        assertEquals(111954, d.count);
        assertEquals(RealFiles.golden("sample.aedat4").get("hash").asLong(), d.hash);
        try (EventFileReader reader = EventFileReader.open(file)) {
            assertEquals(OptionalLong.of(111954), reader.declaredEventCount());
        }
    }

    @Test
    void shouldReadUncompressedPackets() throws Exception {
        checkSameEvents(recompress(0, bytes -> bytes));
    }

    @Test
    void shouldReadZstdCompressedPackets() throws Exception {
        checkSameEvents(recompress(3, bytes -> Zstd.compress(bytes, 3)));
    }
}

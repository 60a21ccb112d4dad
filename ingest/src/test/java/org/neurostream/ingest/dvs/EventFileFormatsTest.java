package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format recognition, header geometry, DAT records, and the refusal of unusable files. */
class EventFileFormatsTest {
    @TempDir Path dir;

    private Path write(final String name, final byte[] bytes) throws IOException {
        final Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static PropheseeHeader header(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return PropheseeHeader.parse(bytes, bytes.length, true);
    }

    @Test
    void shouldTakeGeometryFromEachKindOfHeaderLine() {
        final PropheseeHeader geometry = header("% evt 3.0\n% geometry 1280x720\n");
        assertEquals(1280, geometry.width());
        assertEquals(720, geometry.height());
        final PropheseeHeader format = header("% format EVT3;height=720;width=1280\n");
        assertEquals(EventFormat.EVT3, format.rawFormat());
        assertEquals(1280, format.width());
        assertEquals(720, format.height());
        final PropheseeHeader keys = header("% Width 304\n% Height 240\n");
        assertEquals(304, keys.width());
        assertEquals(240, keys.height());
        final PropheseeHeader plugin = header("% evt 2.0\n% plugin_name hal_plugin_gen3_fx3\n");
        assertEquals(640, plugin.width());
        assertEquals(480, plugin.height());
        final PropheseeHeader evk3 = header("% plugin_name hal_plugin_gen41_evk3\n");
        assertEquals(1280, evk3.width());
        assertEquals(720, evk3.height());
    }

    @Test
    void shouldPreferAGeometryLineToThePluginName() {
        final PropheseeHeader h = header("% plugin_name hal_plugin_gen3_fx3\n% geometry 320x320\n");
        assertEquals(320, h.width());
        assertEquals(320, h.height());
    }

    @Test
    void shouldLeaveGeometryUnknownWithoutAClue() {
        final PropheseeHeader h = header("% evt 2.0\n% plugin_name hal_plugin_unknown\n");
        assertEquals(0, h.width());
        assertEquals(0, h.height());
    }

    @Test
    void shouldEndTheHeaderAtPercentEndEvenWhenTheDataStartsWithPercent() {
        final PropheseeHeader h = header("% evt 3.0\r\n% end\r\n%\u0080");
        assertEquals(2, h.lines().size());
        assertEquals(18, h.length());
        assertEquals("% end", h.lines().get(1));
    }

    @Test
    void shouldAskForMoreBytesWhenALineIsCut() {
        final byte[] bytes = "% evt 3.0\n% geome".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(PropheseeHeader.parse(bytes, bytes.length, false).complete());
        assertTrue(PropheseeHeader.parse(bytes, bytes.length, true).complete());
    }

    @Test
    void shouldDecodeDatRecords() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ("% Data file containing CD events.\n% Version 2\n% Width 120\n% Height 100\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.write(0); // CD
        out.write(8); // bytes per event
        final ByteBuffer records = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        records.putInt(1000).putInt(5 | 7 << 14 | 1 << 28);
        records.putInt(1001).putInt(119 | 99 << 14);
        records.putInt(0xFFFF_FFF0).putInt(16383 | 16383 << 14 | 0xF << 28);
        out.writeBytes(records.array());
        try (EventFileReader reader = EventFileReader.open(write("cars.dat", out.toByteArray()))) {
            assertEquals(EventFormat.DAT, reader.format());
            assertEquals(120, reader.width());
            assertEquals(100, reader.height());
            final EventBatch batch = new EventBatch(16);
            assertEquals(3, reader.read(batch));
            assertEquals(1000, batch.t()[0]);
            assertEquals(5, batch.x()[0]);
            assertEquals(7, batch.y()[0]);
            assertEquals(1, batch.p()[0]);
            assertEquals(119, batch.x()[1]);
            assertEquals(99, batch.y()[1]);
            assertEquals(0, batch.p()[1]);
            assertEquals(0xFFFF_FFF0L, batch.t()[2], "times are unsigned 32-bit");
            assertEquals(16383, batch.x()[2]);
            assertEquals(1, batch.p()[2]);
            assertEquals(0, reader.read(batch));
        }
    }

    private void assertRefused(
            final String name, final byte[] bytes, final long offset, final String reason)
            throws IOException {
        final Path file = write(name, bytes);
        final EventFormatException e =
                assertThrows(EventFormatException.class, () -> EventFileReader.open(file));
        assertEquals(file, e.file());
        assertEquals(offset, e.offset());
        assertEquals(reason, e.reason());
    }

    @Test
    void shouldRefuseUnusableFilesWithOffsetAndReason() throws IOException {
        assertRefused("empty.raw", new byte[0], 0, "empty file");
        assertRefused(
                "notes.txt",
                "hello\n".getBytes(StandardCharsets.US_ASCII),
                0,
                "not an event file this reader knows: no '%' header, no AEDAT 4.0 magic, and not an N-MNIST .bin");
        assertRefused(
                "old.aedat",
                "#!AER-DAT3.1\r\n".getBytes(StandardCharsets.US_ASCII),
                0,
                "AEDAT version 'AER-DAT3.1' is not supported (AER-DAT4.0 is)");
        assertRefused(
                "v21.raw",
                "% evt 2.1\n\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                0,
                "RAW encoding 'EVT2.1' is not supported (EVT 2.0 and EVT 3.0 are)");
        assertRefused(
                "plain.raw",
                "% Date 2020-09-14\n\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                0,
                "'%' header names no encoding (no '% evt' or '% format' line) and is not a DAT header");
        final byte[] aedat =
                "#!AER-DAT4.0\r\n\u00ff\u00ff\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(
                "short.aedat4",
                aedat,
                14,
                "header length 65535 does not fit in the file (18 bytes)");
    }
}

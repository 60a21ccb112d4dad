package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.dvs.RealFiles.Decoded;

/**
 * Truncated and corrupted copies of the real recordings: every event before the fault is delivered,
 * then one exception names the file, the byte offset and the reason.
 */
class TruncatedRealFilesTest {
    @TempDir Path dir;

    private Path copy(final String name, final byte[] bytes) throws IOException {
        final Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private void checkCutMidWord(final String name, final int wordBytes, final int words)
            throws IOException {
        final byte[] whole = Files.readAllBytes(RealFiles.dvs(name));
        final int header = RealFiles.golden(name).get("header_bytes").asInt();
        final int aligned = header + wordBytes * words;
        final Decoded clean =
                Decoded.all(copy("aligned-" + name, Arrays.copyOf(whole, aligned)), 4096);
        final Path cut = copy("cut-" + name, Arrays.copyOf(whole, aligned + 1));
        final Decoded d = Decoded.all(cut, 4096);

        assertNull(clean.fault, "a cut at a word boundary reads as a shorter file");
        assertTrue(clean.count > 1000, name + ": " + clean.count);
        assertEquals(clean.count, d.count, "the events before the fault are all kept");
        assertEquals(clean.hash, d.hash);
        assertNotNull(d.fault);
        assertEquals(cut, d.fault.file());
        assertEquals(aligned, d.fault.offset());
        assertEquals(
                "truncated: the last 1 byte(s) do not form a whole " + wordBytes + "-byte word",
                d.fault.reason());
    }

    @Test
    void shouldKeepTheEventsOfATruncatedEvt2File() throws IOException {
        checkCutMidWord("evt2_sample.raw", 4, 300_000);
    }

    @Test
    void shouldKeepTheEventsOfATruncatedEvt3File() throws IOException {
        checkCutMidWord("evt3_sample.raw", 2, 150_001);
    }

    @Test
    void shouldKeepTheCompletePacketsOfATruncatedAedat4File() throws IOException {
        final byte[] whole = Files.readAllBytes(RealFiles.dvs("sample.aedat4"));
        final Path cut = copy("cut.aedat4", Arrays.copyOf(whole, 500_000));
        final Decoded d = Decoded.all(cut, 4096);
        final var golden = RealFiles.golden("sample.aedat4").get("truncated_at_500000");
        assertEquals(golden.get("events").asLong(), d.count);
        assertNotNull(d.fault);
        assertEquals(golden.get("fault_offset").asLong(), d.fault.offset());
        assertEquals(
                "truncated or corrupt packet of stream 0: it declares 22957 bytes, 5902 remain",
                d.fault.reason());
    }

    @Test
    void shouldNameTheCorruptPacketOfAnAedat4File() throws IOException {
        final byte[] bytes = Files.readAllBytes(RealFiles.dvs("sample.aedat4"));
        final int packet =
                RealFiles.golden("sample.aedat4")
                        .get("truncated_at_500000")
                        .get("fault_offset")
                        .asInt();
        bytes[packet + 8] = 'X'; // the LZ4 frame magic of that packet
        final Decoded d = Decoded.all(copy("corrupt.aedat4", bytes), 4096);
        assertEquals(
                RealFiles.golden("sample.aedat4").get("truncated_at_500000").get("events").asLong(),
                d.count);
        assertEquals(packet, d.fault.offset());
        assertEquals("packet of stream 0: LZ4: bad frame magic 0x184D2258", d.fault.reason());
    }

    @Test
    void shouldSayWhenAnAedat4FileEndsBeforeItsDataTable() throws IOException {
        final byte[] whole = Files.readAllBytes(RealFiles.dvs("sample.aedat4"));
        final int table = 945_243; // dataTablePosition in the file's header
        final Decoded d = Decoded.all(copy("notable.aedat4", Arrays.copyOf(whole, table)), 4096);
        assertEquals(111954, d.count, "all packets are there");
        assertEquals(table, d.fault.offset());
        assertEquals(
                "truncated: the file ends before the data table declared at byte 945243",
                d.fault.reason());
    }

    @Test
    void shouldStopAtACorruptEvt2WordAndKeepTheEventsBeforeIt() throws IOException {
        final byte[] bytes = Files.readAllBytes(RealFiles.dvs("evt2_sample.raw"));
        final int header = RealFiles.golden("evt2_sample.raw").get("header_bytes").asInt();
        final int bad = header + 4 * 200_000;
        final Decoded clean = Decoded.all(copy("head.raw", Arrays.copyOf(bytes, bad)), 4096);
        bytes[bad + 3] = 0x55; // type 0x5 in the word's top nibble
        final Decoded d = Decoded.all(copy("corrupt.raw", bytes), 4096);
        assertEquals(clean.count, d.count);
        assertEquals(clean.hash, d.hash);
        assertEquals(bad, d.fault.offset());
        assertTrue(
                d.fault.reason().startsWith("undefined EVT 2.0 word type 0x5"), d.fault.reason());
    }

    @Test
    void shouldKeepTheWholeRecordsOfATruncatedNmnistFile() throws IOException {
        final byte[] whole = Files.readAllBytes(RealFiles.dvs("sample_nmnist.bin"));
        final Decoded d = Decoded.all(copy("cut.bin", Arrays.copyOf(whole, 5 * 1000 + 3)), 64);
        assertEquals(1000, d.count);
        assertEquals(5000, d.fault.offset());
        assertEquals(
                "truncated: the last 3 byte(s) do not form a whole 5-byte word", d.fault.reason());
    }
}

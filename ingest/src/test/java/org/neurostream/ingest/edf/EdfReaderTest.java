package org.neurostream.ingest.edf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdfReaderTest {
    private static final int SPR = 10;
    private static final int RECORDS = 4;

    /** Digital values with the 16-bit extremes; channel 0 cycles through them. */
    private static final int[] EDF_SPECIAL = {-32768, 32767, -1, 0, 1, -12345, 23456, -32767};

    /** Digital values with the 24-bit extremes and negatives in every byte pattern. */
    private static final int[] BDF_SPECIAL = {
        -8388608, 8388607, -1, 0, 1, -2, -123456, 0x7FFF00, -0x10000, -256, 65535, -8388607
    };

    @TempDir Path dir;

    /** Fp1 (0.5 uV per count), annotations, Fp2 (offset scaling), Temp (tiny range). */
    private static SyntheticEdf edfPlus() {
        return SyntheticEdf.edf()
                .signal(SyntheticEdf.Signal.data("Fp1", "-16384", "16383.5", -32768, 32767, SPR))
                .signal(SyntheticEdf.Signal.annotations("EDF Annotations", 30))
                .signal(SyntheticEdf.Signal.data("Fp2  ", "-3276.8", "3276.7", -32768, 32767, SPR))
                .signal(SyntheticEdf.Signal.data("Temp", "34.5", "41", -2000, 2000, SPR))
                .digital(EdfReaderTest::edfDigital)
                .tals(EdfReaderTest::edfTals);
    }

    private static int edfDigital(int channel, long sample) {
        if (channel == 0) {
            return EDF_SPECIAL[(int) (sample % EDF_SPECIAL.length)];
        }
        if (channel == 1) {
            return (int) ((sample * 7919 + 13) % 65536) - 32768;
        }
        return (int) (sample * 97 % 4001) - 2000;
    }

    private static String edfTals(int record) {
        final String keeping = "+" + (record * 0.5) + "\u0014\u0014\u0000";
        switch (record) {
            case 0:
                return keeping + "+0.25\u00151.5\u0014Stim A\u0014\u0000";
            case 1:
                return keeping + "+0.75\u0014Note\u0014Second\u0014\u0000";
            case 2:
                return keeping + "+1.2\u00150\u0014\u00b5V caf\u00e9\u0014\u0000";
            default:
                return keeping;
        }
    }

    private float[] expectedEdf(SyntheticEdf.Signal[] data, int records) {
        final float[] out = new float[records * SPR * data.length];
        for (int s = 0; s < records * SPR; s++) {
            for (int c = 0; c < data.length; c++) {
                out[s * data.length + c] = (float) data[c].physical(edfDigital(c, s));
            }
        }
        return out;
    }

    private static SyntheticEdf.Signal[] edfDataSignals() {
        return new SyntheticEdf.Signal[] {
            SyntheticEdf.Signal.data("Fp1", "-16384", "16383.5", -32768, 32767, SPR),
            SyntheticEdf.Signal.data("Fp2", "-3276.8", "3276.7", -32768, 32767, SPR),
            SyntheticEdf.Signal.data("Temp", "34.5", "41", -2000, 2000, SPR)
        };
    }

    private static float[] readAll(EdfReader reader, int chunk) throws IOException {
        final int channels = reader.channelCount();
        final float[] all = new float[(int) reader.totalSamplesPerChannel() * channels];
        final float[] buffer = new float[chunk * channels];
        int at = 0;
        int n;
        while ((n = reader.read(buffer, chunk)) > 0) {
            System.arraycopy(buffer, 0, all, at * channels, n * channels);
            at += n;
        }
        assertEquals(reader.totalSamplesPerChannel(), at);
        return all;
    }

    @Test
    void shouldParseHeaderFieldsOfSyntheticEdfPlus() throws IOException {
        final Path file = edfPlus().write(dir.resolve("plus.edf"), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            final EdfHeader h = reader.header();
            assertFalse(h.isBdf());
            assertEquals("0", h.version());
            assertEquals("X X X X", h.patient());
            assertEquals("Startdate 02-MAR-2021 X X synthetic", h.recording());
            assertEquals(LocalDateTime.of(2021, 3, 2, 10, 20, 30), h.startDateTime());
            assertEquals(256 * 5, h.headerBytes());
            assertEquals("EDF+C", h.reserved());
            assertTrue(h.isPlus());
            assertFalse(h.isDiscontinuous());
            assertEquals(RECORDS, h.recordsDeclared());
            assertEquals(0.5, h.recordDurationSeconds());
            assertEquals(4, h.signalCount());
            assertEquals(2L * (3 * SPR + 30), h.recordBytes());
            final EdfSignal annotations = h.signals().get(1);
            assertTrue(annotations.annotationChannel());
            assertEquals(30, annotations.samplesPerRecord());

            assertEquals(3, reader.channelCount());
            assertEquals(List.of("Fp1", "Fp2", "Temp"), reader.labels());
            assertEquals(List.of("uV", "uV", "uV"), reader.physicalDimensions());
            assertEquals(20.0, reader.sampleRate());
            assertEquals(SPR, reader.samplesPerRecord());
            assertEquals(RECORDS * SPR, reader.totalSamplesPerChannel());
            assertEquals(RECORDS, reader.recordsAvailable());
            assertFalse(reader.isTruncated());
            assertEquals(-1, reader.truncationOffset());
            final EdfSignal temp = reader.signal(2);
            assertEquals("Temp", temp.label());
            assertEquals("AgAgCl electrode", temp.transducer());
            assertEquals(34.5, temp.physicalMin());
            assertEquals(41.0, temp.physicalMax());
            assertEquals(-2000, temp.digitalMin());
            assertEquals(2000, temp.digitalMax());
            assertEquals("HP:0.1Hz", temp.prefilter());
            assertEquals(SPR, temp.samplesPerRecord());
        }
    }

    @Test
    void shouldReadSyntheticEdfDigitalValuesBackAsExactPhysicalValues() throws IOException {
        final Path file = edfPlus().write(dir.resolve("values.edf"), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            // A chunk of 7 samples makes reads start and end inside records.
            final float[] all = readAll(reader, 7);
            assertArrayEquals(expectedEdf(edfDataSignals(), RECORDS), all);
            // 0.5 uV per count: the extremes are exact in float.
            assertEquals(-16384.0f, all[0]);
            assertEquals(16383.5f, all[3]);
            assertEquals(-0.5f, all[6]);
            assertEquals(0, reader.read(new float[21], 7));
        }
    }

    @Test
    void shouldReadSyntheticBdfNegative24BitValuesExactly() throws IOException {
        final SyntheticEdf.Signal quarter =
                SyntheticEdf.Signal.data("Cz", "-1048576", "1048575", -8388608, 8388600, 6);
        final SyntheticEdf.Signal offset =
                SyntheticEdf.Signal.data("Pz", "-100", "300", -8388608, 8388607, 6);
        final Path file =
                SyntheticEdf.bdf()
                        .signal(quarter)
                        .signal(SyntheticEdf.Signal.annotations("BDF Annotations", 10))
                        .signal(offset)
                        .durationField("1")
                        .digital((c, s) -> BDF_SPECIAL[(int) ((s + 5 * c) % BDF_SPECIAL.length)])
                        .tals(
                                r ->
                                        "+"
                                                + r
                                                + "\u0014\u0014\u0000"
                                                + (r == 1 ? "+1.5\u0014R\u0014" : ""))
                        .write(dir.resolve("neg.bdf"), 3);
        try (EdfReader reader = EdfReader.open(file)) {
            assertTrue(reader.header().isBdf());
            assertEquals(3, reader.header().bytesPerSample());
            assertEquals("BDF+C", reader.header().reserved());
            assertEquals(List.of("Cz", "Pz"), reader.labels());
            assertEquals(6.0, reader.sampleRate());
            final float[] all = readAll(reader, 4);
            for (int s = 0; s < 18; s++) {
                final int d0 = BDF_SPECIAL[s % BDF_SPECIAL.length];
                final int d1 = BDF_SPECIAL[(s + 5) % BDF_SPECIAL.length];
                assertEquals((float) quarter.physical(d0), all[2 * s], "Cz sample " + s);
                assertEquals((float) offset.physical(d1), all[2 * s + 1], "Pz sample " + s);
            }
            // An eighth per count: the 24-bit values come back exact, even beyond digital max.
            assertEquals(-1048576.0f, all[0]);
            assertEquals(1048575.875f, all[2]);
            assertEquals(-0.125f, all[4]);
            assertEquals(-0.25f, all[10]);
            assertEquals(-15432.0f, all[12]);
            assertEquals(-1048575.875f, all[22]);
            assertEquals(List.of(new EdfAnnotation(1.5, 0, "R")), reader.readAnnotations());
        }
    }

    @Test
    void shouldReturnAnnotationsWithoutTimekeepingEntries() throws IOException {
        final Path file = edfPlus().write(dir.resolve("annotations.edf"), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            reader.seekSample(13);
            assertEquals(
                    List.of(
                            new EdfAnnotation(0.25, 1.5, "Stim A"),
                            new EdfAnnotation(0.75, 0, "Note"),
                            new EdfAnnotation(0.75, 0, "Second"),
                            new EdfAnnotation(1.2, 0, "\u00b5V caf\u00e9")),
                    reader.readAnnotations());
            assertEquals(13, reader.position());
        }
    }

    @Test
    void shouldCountAnnotationOnsetsFromTheFirstSample() throws IOException {
        final Path file =
                edfPlus()
                        .tals(
                                r ->
                                        "+"
                                                + (0.125 + r * 0.5)
                                                + "\u0014\u0014\u0000"
                                                + (r == 2
                                                        ? "+1.625\u00150.25\u0014Late\u0014\u0000"
                                                        : ""))
                        .write(dir.resolve("offset.edf"), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(List.of(new EdfAnnotation(1.5, 0.25, "Late")), reader.readAnnotations());
        }
    }

    @Test
    void shouldReturnNoAnnotationsForPlainEdf() throws IOException {
        final SyntheticEdf.Signal[] data = edfDataSignals();
        final Path file =
                SyntheticEdf.edf()
                        .reserved("")
                        .signal(data[0])
                        .digital(EdfReaderTest::edfDigital)
                        .write(dir.resolve("plain.edf"), 2);
        try (EdfReader reader = EdfReader.open(file)) {
            assertFalse(reader.header().isPlus());
            assertEquals(List.of(), reader.readAnnotations());
            assertEquals(-16384.0f, readAll(reader, 3)[0]);
        }
    }

    @Test
    void shouldSeekAndSkipToReadASpan() throws IOException {
        final Path file = edfPlus().write(dir.resolve("seek.edf"), RECORDS);
        final float[] expected = expectedEdf(edfDataSignals(), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            final float[] span = new float[12 * 3];
            reader.seekSample(17);
            assertEquals(12, reader.read(span, 12));
            assertArrayEquals(Arrays.copyOfRange(expected, 17 * 3, 29 * 3), span);
            assertEquals(29, reader.position());

            reader.seekSeconds(0.5);
            assertEquals(10, reader.position());
            assertEquals(5, reader.read(span, 5));
            assertArrayEquals(
                    Arrays.copyOfRange(expected, 30, 45), Arrays.copyOfRange(span, 0, 15));

            assertEquals(20, reader.skipSamples(20));
            assertEquals(35, reader.position());
            assertEquals(5, reader.skipSamples(100));
            assertEquals(0, reader.read(span, 12));

            reader.seekSample(0);
            assertEquals(1, reader.read(span, 1));
            assertEquals(-16384.0f, span[0]);
            assertThrows(IllegalArgumentException.class, () -> reader.seekSample(41));
            assertThrows(IllegalArgumentException.class, () -> reader.seekSeconds(-1));
        }
    }

    @Test
    void shouldRefuseDestinationTooSmallForAllChannels() throws IOException {
        final Path file = edfPlus().write(dir.resolve("small.edf"), RECORDS);
        try (EdfReader reader = EdfReader.open(file)) {
            assertThrows(IllegalArgumentException.class, () -> reader.read(new float[8], 3));
            assertEquals(0, reader.position());
        }
    }

    @Test
    void shouldDeriveRecordCountFromFileSizeWhenHeaderSaysMinusOne() throws IOException {
        final Path file = edfPlus().recordsField("-1").write(dir.resolve("unknown.edf"), 3);
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(-1, reader.recordsDeclared());
            assertEquals(3, reader.recordsAvailable());
            assertEquals(30, reader.totalSamplesPerChannel());
            assertFalse(reader.isTruncated());
            assertArrayEquals(expectedEdf(edfDataSignals(), 3), readAll(reader, 16));
        }
    }

    @Test
    void shouldReadCompleteRecordsOfFileCutMidRecord() throws IOException {
        final SyntheticEdf edf = edfPlus();
        final byte[] whole = edf.bytes(RECORDS);
        final int cut = edf.headerBytes() + 2 * edf.recordBytes() + 17;
        final Path file = Files.write(dir.resolve("cut.edf"), Arrays.copyOf(whole, cut));
        try (EdfReader reader = EdfReader.open(file)) {
            assertTrue(reader.isTruncated());
            assertEquals(RECORDS, reader.recordsDeclared());
            assertEquals(2, reader.recordsAvailable());
            assertEquals(edf.headerBytes() + 2L * edf.recordBytes(), reader.truncationOffset());
            assertEquals(2 * SPR, reader.totalSamplesPerChannel());
            assertArrayEquals(expectedEdf(edfDataSignals(), 2), readAll(reader, 7));
            assertEquals(3, reader.readAnnotations().size());
        }
    }

    @Test
    void shouldFlagPartialLastRecordWhenRecordCountIsUnknown() throws IOException {
        final SyntheticEdf edf = edfPlus().recordsField("-1");
        final byte[] whole = edf.bytes(RECORDS);
        final int cut = whole.length - 5;
        final Path file = Files.write(dir.resolve("cut-unknown.edf"), Arrays.copyOf(whole, cut));
        try (EdfReader reader = EdfReader.open(file)) {
            assertTrue(reader.isTruncated());
            assertEquals(3, reader.recordsAvailable());
            assertEquals(edf.headerBytes() + 3L * edf.recordBytes(), reader.truncationOffset());
        }
    }

    @Test
    void shouldIgnoreBytesAfterTheDeclaredRecords() throws IOException {
        final SyntheticEdf edf = edfPlus().recordsField("2");
        final Path file = edf.write(dir.resolve("extra.edf"), 3);
        try (EdfReader reader = EdfReader.open(file)) {
            assertFalse(reader.isTruncated());
            assertEquals(2, reader.recordsAvailable());
            assertEquals(20, reader.totalSamplesPerChannel());
        }
    }

    @Test
    void shouldRejectSignalsWithMixedSampleRates() throws IOException {
        final SyntheticEdf.Signal[] data = edfDataSignals();
        final Path file =
                SyntheticEdf.edf()
                        .signal(data[0])
                        .signal(SyntheticEdf.Signal.annotations("EDF Annotations", 30))
                        .signal(SyntheticEdf.Signal.data("ECG", "-1", "1", -100, 100, 20))
                        .write(dir.resolve("mixed.edf"), 1);
        final EdfFormatException e =
                assertThrows(EdfFormatException.class, () -> EdfReader.open(file));
        assertEquals(256 + 3 * 216 + 2 * 8, e.offset());
        assertTrue(e.reason().contains("mixed sample rates"), e.reason());
        assertTrue(e.reason().contains("ECG"), e.reason());
        // The header alone stays readable for such files.
        assertEquals(3, EdfHeader.read(file).signalCount());
    }

    @Test
    void shouldRejectTextFileAtTheVersionField() throws IOException {
        final Path file =
                Files.write(
                        dir.resolve("notes.txt"),
                        "Shopping list\nmilk\n".repeat(30).getBytes(StandardCharsets.US_ASCII));
        final EdfFormatException e =
                assertThrows(EdfFormatException.class, () -> EdfReader.open(file));
        assertEquals(0, e.offset());
        assertEquals(file, e.file());
        assertTrue(e.reason().contains("not an EDF or BDF file"), e.reason());
        assertEquals(file + ": byte 0: " + e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void shouldRejectPngAtTheVersionField() throws IOException {
        final byte[] png = new byte[300];
        final byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, png, 0, magic.length);
        final Path file = Files.write(dir.resolve("image.png"), png);
        final EdfFormatException e =
                assertThrows(EdfFormatException.class, () -> EdfReader.open(file));
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("\\x89PNG\\x0D\\x0A\\x1A\\x0A"), e.reason());
    }

    @Test
    void shouldRejectEmptyFile() throws IOException {
        final Path file = Files.write(dir.resolve("empty.edf"), new byte[0]);
        final EdfFormatException e =
                assertThrows(EdfFormatException.class, () -> EdfReader.open(file));
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("empty"), e.reason());
    }

    @Test
    void shouldNameTheOffsetOfTheFirstBadNumericField() throws IOException {
        final EdfFormatException records =
                assertThrows(
                        EdfFormatException.class,
                        () ->
                                EdfReader.open(
                                        edfPlus()
                                                .recordsField("many")
                                                .write(dir.resolve("records.edf"), 1)));
        assertEquals(236, records.offset());

        final EdfFormatException date =
                assertThrows(
                        EdfFormatException.class,
                        () ->
                                EdfReader.open(
                                        edfPlus()
                                                .start("31.02.21", "10.20.30")
                                                .recordsField("many")
                                                .write(dir.resolve("date.edf"), 1)));
        assertEquals(168, date.offset());
        assertTrue(date.reason().contains("not a valid date"), date.reason());
        assertTrue(records.reason().contains("\"many    \""), records.reason());

        final EdfFormatException headerBytes =
                assertThrows(
                        EdfFormatException.class,
                        () ->
                                EdfReader.open(
                                        edfPlus()
                                                .headerBytesField("1024")
                                                .write(dir.resolve("hb.edf"), 1)));
        assertEquals(184, headerBytes.offset());

        final SyntheticEdf.Signal bad =
                new SyntheticEdf.Signal("X", "", "uV", "-1", "1", "-1O0", "100", "", SPR);
        final EdfFormatException digitalMin =
                assertThrows(
                        EdfFormatException.class,
                        () ->
                                EdfReader.open(
                                        edfPlus().signal(bad).write(dir.resolve("dmin.edf"), 1)));
        // Fifth signal's digital minimum: 256 + 5 signals * (16 + 80 + 8 + 8 + 8) + 4 * 8.
        assertEquals(256 + 5 * 120 + 4 * 8, digitalMin.offset());
        assertTrue(digitalMin.reason().contains("digital minimum of signal 4"));
    }

    @Test
    void shouldNameTheFieldWhereACutHeaderEnds() throws IOException {
        final byte[] whole = edfPlus().bytes(1);
        // 4 signals: labels 256..319, transducers 320..639; cut inside the third transducer.
        final Path file = Files.write(dir.resolve("cut-header.edf"), Arrays.copyOf(whole, 500));
        final EdfFormatException e =
                assertThrows(EdfFormatException.class, () -> EdfReader.open(file));
        assertEquals(320 + 2 * 80, e.offset());
        assertTrue(e.reason().contains("transducer"), e.reason());
    }

    @Test
    void shouldTolerateLenientlyWrittenHeaderFields() throws IOException {
        final SyntheticEdf.Signal fp1 =
                new SyntheticEdf.Signal(
                        "Fp1\u0000\u0000",
                        "",
                        "uV",
                        "+-16384",
                        "16383.5",
                        "-32768",
                        "32767",
                        "",
                        SPR);
        final SyntheticEdf.Signal lenient =
                new SyntheticEdf.Signal(
                        "Fp1", "", "uV", " -16384", "16383,5", "-32768.0", "+32767", "", SPR);
        assertThrows(
                EdfFormatException.class,
                () ->
                        EdfReader.open(
                                SyntheticEdf.edf().signal(fp1).write(dir.resolve("sign.edf"), 1)));
        final Path file =
                SyntheticEdf.edf()
                        .reserved("")
                        .start("2.3.21", "10:20:30")
                        .durationField(" 0,5")
                        .signal(lenient)
                        .signal(
                                new SyntheticEdf.Signal(
                                        "EDF Annotations",
                                        "BCI2000",
                                        "-",
                                        "-32768",
                                        "32767",
                                        "-32768",
                                        "32767",
                                        "HP:0Hz LP:0Hz N:0Hz",
                                        4))
                        .digital((c, s) -> EDF_SPECIAL[(int) s % EDF_SPECIAL.length])
                        .write(dir.resolve("lenient.edf"), 2);
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(LocalDateTime.of(2021, 3, 2, 10, 20, 30), reader.header().startDateTime());
            assertEquals(20.0, reader.sampleRate());
            assertEquals(1, reader.channelCount());
            assertEquals(16383.5, reader.signal(0).physicalMax());
            assertEquals(-16384.0f, readAll(reader, 5)[0]);
        }
    }

    @Test
    void shouldNotAllocateWhileReading() throws IOException {
        final Path file = edfPlus().write(dir.resolve("alloc.edf"), RECORDS);
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(
                threads.isThreadAllocatedMemorySupported()
                        && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        final long thread = Thread.currentThread().getId();
        try (EdfReader reader = EdfReader.open(file)) {
            final float[] buffer = new float[7 * 3];
            for (int warm = 0; warm < 200; warm++) {
                reader.seekSample(warm % 30);
                reader.read(buffer, 7);
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            long samples = 0;
            for (int i = 0; i < 10_000; i++) {
                reader.seekSample(i % 34);
                samples += reader.read(buffer, 7);
            }
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertEquals(70_000, samples);
            // Only the measuring call itself may allocate a few bytes; one float[] would be more.
            assertTrue(allocated < 256, allocated + " bytes allocated by 10000 reads");
        }
    }

    @Test
    void shouldNotAllocateWhileReloadingRecordsFromTheFile() throws IOException {
        // Records over 1 MiB: every record change reads the file again.
        final int spr = 600_000;
        final SyntheticEdf.Signal big =
                SyntheticEdf.Signal.data("Big", "-1", "1", -32768, 32767, spr);
        final Path file =
                SyntheticEdf.edf()
                        .reserved("")
                        .durationField("1")
                        .signal(big)
                        .digital((c, s) -> (int) (s / spr) - 1)
                        .write(dir.resolve("big.edf"), 3);
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(
                threads.isThreadAllocatedMemorySupported()
                        && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        final long thread = Thread.currentThread().getId();
        try (EdfReader reader = EdfReader.open(file)) {
            final float[] buffer = new float[4];
            final float[] firstOfRecord = new float[3];
            for (int warm = 0; warm < 30; warm++) {
                reader.seekSample((long) (warm % 3) * spr + 1);
                reader.read(buffer, 4);
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 300; i++) {
                reader.seekSample((long) (i % 3) * spr + 1);
                reader.read(buffer, 4);
                firstOfRecord[i % 3] = buffer[0];
            }
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertArrayEquals(
                    new float[] {
                        (float) big.physical(-1), (float) big.physical(0), (float) big.physical(1)
                    },
                    firstOfRecord);
            assertTrue(allocated < 256, allocated + " bytes allocated by 300 record loads");
        }
    }
}

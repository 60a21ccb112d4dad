package org.neurostream.ingest.edf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdfWriterTest {
    @TempDir Path tmp;

    private static EdfWriter.Header header(int fs) {
        return new EdfWriter.Header(
                List.of("C3..", "C4..", "Oz.."),
                fs,
                "uV",
                -8092,
                8092,
                -8092,
                8092,
                "simulated",
                "X X test",
                LocalDateTime.of(2026, 12, 4, 9, 30, 5));
    }

    @Test
    void shouldReadBackSamplesAnnotationsAndHeader() throws IOException {
        final int fs = 16;
        final float[][] signal = new float[3][3 * fs];
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 3 * fs; t++) {
                signal[c][t] = (float) ((c + 1) * (t - 20));
            }
        }
        signal[1][5] = 9000; // clamped to the physical maximum
        final List<EdfAnnotation> annotations =
                List.of(
                        new EdfAnnotation(0, 4.2, "T0"),
                        new EdfAnnotation(1.5, 1.25, "T2"),
                        new EdfAnnotation(2.0625, 0.5, "T1"));
        final Path file = tmp.resolve("w.edf");
        EdfWriter.write(file, header(fs), signal, annotations);
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(List.of("C3..", "C4..", "Oz.."), reader.labels());
            assertEquals(fs, reader.sampleRate());
            assertEquals(3 * fs, reader.totalSamplesPerChannel());
            assertEquals(annotations, reader.readAnnotations());
            final float[][] back = reader.readChannelMajor(3 * fs);
            signal[1][5] = 8092;
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(signal[c], back[c], "channel " + c);
            }
            assertEquals("EDF+C", reader.header().reserved());
        }
    }

    @Test
    void shouldRefuseSignalsThatAreNotWholeRecords() {
        final float[][] signal = new float[3][20];
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> EdfWriter.write(tmp.resolve("x.edf"), header(16), signal, List.of()));
        assertEquals("20 samples are not a whole number of 16-sample records", e.getMessage());
    }

    @Test
    void shouldRefuseAnAnnotationAfterTheEnd() {
        final float[][] signal = new float[3][16];
        final List<EdfAnnotation> late = List.of(new EdfAnnotation(1.5, 1, "T1"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EdfWriter.write(tmp.resolve("x.edf"), header(16), signal, late));
    }
}

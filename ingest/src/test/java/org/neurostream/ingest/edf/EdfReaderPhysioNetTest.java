package org.neurostream.ingest.edf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the PhysioNet EEG Motor Movement/Imagery recordings in the shared data folder and compares
 * with MNE 1.3.0 (golden values made by {@code src/test/resources/edf/make_golden.py}).
 */
class EdfReaderPhysioNetTest {

    private static Path eegFile(String name) {
        final String shared = System.getProperty("neurostream.shared.data");
        assumeTrue(shared != null, "neurostream.shared.data is not set: skipping real EDF files");
        final Path file = Path.of(shared, "eeg", name);
        assumeTrue(Files.isRegularFile(file), file + " is absent: skipping real EDF files");
        return file;
    }

    private static JsonNode golden() throws IOException {
        try (InputStream in = resource("/edf/S001R01_golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static InputStream resource(String name) {
        final InputStream in = EdfReaderPhysioNetTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return in;
    }

    /** Tolerance for a float reading of a double reference: one ulp of the float. */
    private static double floatTolerance(double expected) {
        return Math.ulp((float) expected);
    }

    @Test
    void shouldReadHeaderOfS001R01AsMneDoes() throws IOException {
        final Path file = eegFile("S001R01.edf");
        final JsonNode golden = golden();
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(64, reader.channelCount());
            assertEquals(65, reader.header().signalCount());
            assertEquals(golden.get("sfreq").asDouble(), reader.sampleRate());
            assertEquals(160.0, reader.sampleRate());
            assertEquals(61, reader.recordsDeclared());
            assertEquals(61, reader.recordsAvailable());
            assertFalse(reader.isTruncated());
            assertEquals(golden.get("n_times").asLong(), reader.totalSamplesPerChannel());
            final List<String> mneLabels = new ArrayList<>();
            golden.get("ch_names").forEach(n -> mneLabels.add(n.asText()));
            assertEquals(mneLabels, reader.labels());
            assertEquals(Collections.nCopies(64, "uV"), reader.physicalDimensions());
            assertEquals("EDF+C", reader.header().reserved());
            assertEquals(LocalDateTime.of(2009, 8, 12, 16, 15, 0), reader.header().startDateTime());
            // The deviation that makes EDFlib refuse the file: a prefilter on the annotation
            // channel, whose fields EDF+ wants blank.
            final EdfSignal annotations = reader.header().signals().get(64);
            assertTrue(annotations.annotationChannel());
            assertEquals("HP:0Hz LP:0Hz N:0Hz", annotations.prefilter());
        }
    }

    @Test
    void shouldReadEverySampleOfS001R01AsMneDoes() throws IOException {
        final Path file = eegFile("S001R01.edf");
        final JsonNode golden = golden();
        try (EdfReader reader = EdfReader.open(file)) {
            final int channels = reader.channelCount();
            final int total = (int) reader.totalSamplesPerChannel();
            final float[] all = new float[total * channels];
            final float[] chunk = new float[100 * channels];
            int at = 0;
            int n;
            while ((n = reader.read(chunk, 100)) > 0) {
                System.arraycopy(chunk, 0, all, at * channels, n * channels);
                at += n;
            }
            assertEquals(total, at);

            int checked = 0;
            for (JsonNode s : golden.get("samples_uV")) {
                final int c = s.get("channel").asInt();
                final int i = s.get("sample").asInt();
                final double expected = s.get("value").asDouble();
                assertEquals(
                        expected,
                        all[i * channels + c],
                        floatTolerance(expected),
                        "channel " + c + " sample " + i);
                checked++;
            }
            assertEquals(6 * 24, checked);

            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < total; i++) {
                    final double v = all[i * channels + c];
                    sum += v;
                    squares += v * v;
                }
                final double expectedSum = golden.get("channel_sum_uV").get(c).asDouble();
                final double expectedSquares =
                        golden.get("channel_sum_squares_uV2").get(c).asDouble();
                assertEquals(
                        expectedSum,
                        sum,
                        1e-6 * Math.max(1, Math.abs(expectedSum)),
                        "sum of channel " + c);
                assertEquals(
                        expectedSquares,
                        squares,
                        1e-6 * expectedSquares,
                        "sum of squares of channel " + c);
            }
        }
    }

    @Test
    void shouldReadASpanInTheMiddleOfS001R01AfterSeeking() throws IOException {
        final Path file = eegFile("S001R01.edf");
        final JsonNode golden = golden();
        try (EdfReader reader = EdfReader.open(file)) {
            final int channels = reader.channelCount();
            final float[] span = new float[10 * channels];
            reader.seekSeconds(4875 / 160.0);
            assertEquals(10, reader.read(span, 10));
            int checked = 0;
            for (JsonNode s : golden.get("samples_uV")) {
                final int i = s.get("sample").asInt() - 4875;
                if (i >= 0 && i < 10) {
                    final int c = s.get("channel").asInt();
                    final double expected = s.get("value").asDouble();
                    assertEquals(expected, span[i * channels + c], floatTolerance(expected));
                    checked++;
                }
            }
            assertEquals(6 * 10, checked);
        }
    }

    @Test
    void shouldReadAnnotationsOfS001R04AsMneDoes() throws IOException {
        final Path file = eegFile("S001R04.edf");
        final List<String[]> mne = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                resource("/edf/S001R04_annotations.csv"),
                                StandardCharsets.UTF_8))) {
            assertEquals("onset,duration,description", in.readLine());
            String line;
            while ((line = in.readLine()) != null) {
                mne.add(line.split(",", -1));
            }
        }
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(125, reader.recordsAvailable());
            final List<EdfAnnotation> annotations = reader.readAnnotations();
            assertEquals(30, mne.size());
            assertEquals(mne.size(), annotations.size());
            for (int i = 0; i < mne.size(); i++) {
                final EdfAnnotation a = annotations.get(i);
                assertEquals(
                        Double.parseDouble(mne.get(i)[0]), a.onsetSeconds(), 1e-9, "onset " + i);
                assertEquals(
                        Double.parseDouble(mne.get(i)[1]),
                        a.durationSeconds(),
                        1e-9,
                        "duration " + i);
                assertEquals(mne.get(i)[2], a.text(), "description " + i);
            }
        }
    }

    @Test
    void shouldReadS002R01WhichEdflibAlsoRefuses() throws IOException {
        final Path file = eegFile("S002R01.edf");
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(64, reader.channelCount());
            assertEquals(160.0, reader.sampleRate());
            assertEquals(61 * 160, reader.totalSamplesPerChannel());
            final float[] chunk = new float[160 * 64];
            long read = 0;
            int n;
            while ((n = reader.read(chunk, 160)) > 0) {
                read += n;
            }
            assertEquals(61 * 160, read);
            assertEquals(1, reader.readAnnotations().size());
        }
    }
}

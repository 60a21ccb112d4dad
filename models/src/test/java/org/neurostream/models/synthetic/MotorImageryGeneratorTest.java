package org.neurostream.models.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

class MotorImageryGeneratorTest {
    @TempDir Path tmp;

    private static JsonNode golden() throws IOException {
        try (InputStream in =
                MotorImageryGeneratorTest.class.getResourceAsStream("/decoders/golden.json")) {
            return new ObjectMapper().readTree(in).get("synth_edf");
        }
    }

    @Test
    void shouldWriteARunThatMneReadsAsWeDo() throws IOException {
        // make_golden.py read synth-s3-r01.edf (seed 3, depth 0.4) with mne.io.read_raw_edf
        final JsonNode g = golden();
        final Path file =
                new MotorImageryGenerator(g.get("seed").asLong(), g.get("depth").asDouble())
                        .writeRuns(tmp, 1)
                        .get(0);
        assertEquals("synth-s3-r01.edf", file.getFileName().toString());
        try (EdfReader reader = EdfReader.open(file)) {
            assertEquals(g.get("sfreq").asDouble(), reader.sampleRate());
            assertEquals(g.get("samples").asLong(), reader.totalSamplesPerChannel());
            for (int c = 0; c < 64; c++) {
                assertEquals(g.get("channels").get(c).asText(), reader.labels().get(c));
            }
            final List<EdfAnnotation> annotations = reader.readAnnotations();
            assertEquals(g.get("annotations").size(), annotations.size());
            for (int i = 0; i < annotations.size(); i++) {
                final JsonNode a = g.get("annotations").get(i);
                assertEquals(a.get(0).asDouble(), annotations.get(i).onsetSeconds(), 1e-9);
                assertEquals(a.get(1).asDouble(), annotations.get(i).durationSeconds(), 1e-9);
                assertEquals(a.get(2).asText(), annotations.get(i).text());
            }
            final float[][] signal = reader.readChannelMajor(20000);
            for (int c = 0; c < 64; c++) {
                double sum = 0;
                for (float v : signal[c]) {
                    sum += v;
                }
                assertEquals(g.get("channel_sums").get(c).asDouble(), sum, 1e-3, "channel " + c);
                for (int t = 0; t < 5; t++) {
                    assertEquals(
                            g.get("first_samples").get(c).get(t).asDouble(), signal[c][t], 1e-6);
                }
            }
        }
    }

    @Test
    void shouldWriteTheSameBytesForTheSameArguments() throws IOException {
        final Path a = new MotorImageryGenerator(9, 0.3).writeRuns(tmp.resolve("a"), 1).get(0);
        final Path b = new MotorImageryGenerator(9, 0.3).writeRuns(tmp.resolve("b"), 1).get(0);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void shouldFollowTheDataSetsScheduleOfBalancedTrials() {
        final MotorImageryGenerator.Run run = new MotorImageryGenerator(4, 0.5).run(2);
        final List<EdfAnnotation> a = run.annotations();
        assertEquals(30, a.size());
        long rests = a.stream().filter(x -> x.text().equals("T0")).count();
        long left = a.stream().filter(x -> x.text().equals("T1")).count();
        assertEquals(15, rests);
        assertTrue(left == 7 || left == 8, "T1 trials: " + left);
        assertEquals(new EdfAnnotation(4.2, 4.1, a.get(1).text()), a.get(1));
        assertEquals(8.3, a.get(2).onsetSeconds(), 1e-12);
    }

    /** The known answer: imagery lowers the contralateral mu amplitude by about the depth. */
    @Test
    void shouldLowerContralateralMuPowerDuringImagery() {
        final MotorImageryGenerator.Run run = new MotorImageryGenerator(4, 0.6).run(1);
        final int c3 = MotorImageryGenerator.LABELS.indexOf("C3..");
        final int c4 = MotorImageryGenerator.LABELS.indexOf("C4..");
        final double[] left = new double[2]; // C3, C4 power during T1 (left hand)
        final double[] right = new double[2];
        for (EdfAnnotation a : run.annotations()) {
            if (a.text().equals("T0")) {
                continue;
            }
            final double[] target = a.text().equals("T1") ? left : right;
            final int from = (int) ((a.onsetSeconds() + 1) * 160);
            for (int t = from; t < from + 480; t++) {
                target[0] += run.signal()[c3][t] * run.signal()[c3][t];
                target[1] += run.signal()[c4][t] * run.signal()[c4][t];
            }
        }
        // C4 over C3 is lower for the left hand than for the right
        assertTrue(left[1] / left[0] < 0.85 * (right[1] / right[0]));
    }
}

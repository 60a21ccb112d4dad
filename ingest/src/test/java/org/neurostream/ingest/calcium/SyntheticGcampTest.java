package org.neurostream.ingest.calcium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic GCaMP-like session: its model, its files, and the shipped demo copy. */
class SyntheticGcampTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path SHIPPED = HOME.resolve("replay-data/calcium");

    @TempDir Path dir;

    @Test
    void shouldGiveFluorescenceAtItsRestingLevelPlusCalciumOfTheTrueSpikes() {
        final SyntheticGcamp.Parameters p =
                new SyntheticGcamp.Parameters(5, 30.0, 20.0, 1.0, 0.3, 0.2, 0.5, 0.0, 0.0, 7L);
        final SyntheticGcamp s = SyntheticGcamp.generate(p);
        final CalciumTraces f = s.traces();
        assertEquals(5, f.roiCount());
        assertEquals(600, f.frameCount());
        assertTrue(s.spikeCount() > 10, "spikes " + s.spikeCount());
        final double g = Math.exp(-1.0 / 30.0);
        for (int r = 0; r < 5; r++) {
            // without noise, F_t / F_0 - 1 is the calcium; its AR(1) innovations are the spikes
            final double f0 = f.value(r, 0) / (1 + s.spike(r, 0));
            double c = 0;
            for (int t = 0; t < 600; t++) {
                c = g * c + s.spike(r, t);
                assertEquals(
                        f0 * (1 + c),
                        f.value(r, t),
                        1e-4 * f0 * (1 + c),
                        "ROI " + r + " frame " + t);
                assertTrue(s.spike(r, t) == 0 || (s.spike(r, t) >= 0.8 && s.spike(r, t) < 3.2));
            }
        }
    }

    @Test
    void shouldGiveTheSameBytesForTheSameSeed() throws IOException {
        final SyntheticGcamp.Parameters p =
                new SyntheticGcamp.Parameters(4, 10.0, 30.0, 1.0, 0.2, 0.1, 0.5, 0.1, 0.03, 3L);
        final Path[] a = SyntheticGcamp.generate(p).write(dir.resolve("a"), "x");
        final Path[] b = SyntheticGcamp.generate(p).write(dir.resolve("b"), "x");
        assertArrayEquals(Files.readAllBytes(a[0]), Files.readAllBytes(b[0]));
        assertArrayEquals(Files.readAllBytes(a[1]), Files.readAllBytes(b[1]));
        final CalciumTraces back = CalciumTraceReader.read(a[0], TraceFileOptions.DEFAULTS);
        assertEquals(4, back.roiCount());
        assertEquals(300, back.frameCount());
        final List<String> lines = Files.readAllLines(a[1]);
        assertEquals("t_us,address,amplitude", lines.get(0));
        assertEquals(SyntheticGcamp.generate(p).spikeCount(), lines.size() - 1);
    }

    @Test
    void shouldRegenerateTheShippedDemoSessionByteForByte() throws IOException {
        assumeTrue(Files.isDirectory(SHIPPED), "no replay-data/calcium under " + HOME);
        final SyntheticGcamp demo = SyntheticGcamp.generate(SyntheticGcamp.Parameters.demo());
        final Path[] files = demo.write(dir, SyntheticGcamp.DEMO_NAME);
        assertArrayEquals(
                Files.readAllBytes(SHIPPED.resolve("synthetic-gcamp.npy")),
                Files.readAllBytes(files[0]));
        assertArrayEquals(
                Files.readAllBytes(SHIPPED.resolve("synthetic-gcamp-spikes.csv")),
                Files.readAllBytes(files[1]));
        assertTrue(Files.size(files[0]) < 1 << 20);
    }

    @Test
    void shouldRejectAProbabilityAboveOne() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new SyntheticGcamp.Parameters(
                                1, 30.0, 1.0, 1.0, 0.1, 0.1, 1.5, 0.1, 0.0, 1L));
    }
}

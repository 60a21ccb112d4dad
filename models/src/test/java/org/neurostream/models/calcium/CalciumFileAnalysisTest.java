package org.neurostream.models.calcium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.operators.calcium.CalciumOptions;

class CalciumFileAnalysisTest {
    @TempDir Path dir;

    private Path csv(final String name, final String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Runs the analysis with the default layout and settings at {@code rate}, into dir/out. */
    private String analyse(final Path f, final Path neuropil, final double fs, final Double rate)
            throws IOException {
        return CalciumFileAnalysis.run(
                f,
                neuropil,
                TraceFileOptions.DEFAULTS,
                fs,
                rate,
                CalciumOptions.builder(rate == null ? fs : rate).build(),
                dir.resolve("out"));
    }

    private static String traces(final int rois, final int frames) {
        final StringBuilder s = new StringBuilder();
        for (int r = 0; r < rois; r++) {
            for (int t = 0; t < frames; t++) {
                s.append(t == 0 ? "" : ",").append(100 + (t % 7 == r ? 50 : 0));
            }
            s.append('\n');
        }
        return s.toString();
    }

    @Test
    void shouldWriteTheThreeTablesAndReturnTheSummaryLine() throws IOException {
        final Path out = dir.resolve("out");
        final String line = analyse(csv("F.csv", traces(2, 300)), null, 10, null);
        assertTrue(line.startsWith("calcium: 2 ROIs x 300 frames at 10 Hz;"), line);
        assertTrue(line.endsWith(" -> " + out), line);
        for (final String table : new String[] {"dff.csv", "events.csv", "rois.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(table)), table);
        }
    }

    @Test
    void shouldRefuseANeuropilOfAnotherShapeAsBadInputNotABadRate() throws IOException {
        final Path f = csv("F.csv", traces(2, 3));
        final Path neuropil = csv("Fneu.csv", traces(2, 2));
        final CalciumFileAnalysis.BadInputException e =
                assertThrows(
                        CalciumFileAnalysis.BadInputException.class,
                        () -> analyse(f, neuropil, 30, null));
        assertFalse(e instanceof CalciumFileAnalysis.BadRateException);
        assertEquals(
                neuropil + " holds 2 ROIs x 2 frames, " + f + " holds 2 x 3: they must match",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void shouldRefuseRatesInNoWholeRatioAsABadRate() throws IOException {
        final Path f = csv("F.csv", traces(2, 30));
        final CalciumFileAnalysis.BadRateException e =
                assertThrows(
                        CalciumFileAnalysis.BadRateException.class,
                        () -> analyse(f, null, 30, 29.1234567));
        assertTrue(
                e.getMessage().startsWith("cannot resample 30.0 Hz to 29.1234567 Hz"),
                e.getMessage());
    }
}

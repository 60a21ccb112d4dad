package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench command's section choice: only the named sections run, unknown names are refused. */
class BenchCommandTest {
    @Test
    void shouldPrintOnlyTheFiguresOfTheNamedSection() {
        CommandRun run = CommandRun.of("bench", "--only", "calcium");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Arrays.asList(run.out().strip().split("\n"));
        assertEquals(1, lines.size(), run.out());
        assertTrue(
                lines.get(0).matches("bench: calcium\\.roi_frames_per_s=[0-9.e+]+ ROI-frames/s"),
                lines.get(0));
    }

    @Test
    void shouldRefuseAnUnknownSectionNamingTheKnownOnes() {
        CommandRun run = CommandRun.of("bench", "--only", "calcium,gpu");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("unknown section 'gpu'"), run.err());
        assertTrue(run.err().contains("bandpower, eeg, avalanche"), run.err());
    }

    @Test
    void shouldRefuseAProbeCountBelowOne() {
        CommandRun run = CommandRun.of("bench", "--only", "bandpower", "--probes", "0");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--probes"), run.err());
    }
}

package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBenchmarkTest {
    @Test
    void shouldRunTheWholeJobOnTheRecordedJournalAndReportItsRate() throws Exception {
        // one stream of 30 s at 160 Hz: windows of 320 samples every 40 -> (4800 - 320) / 40 + 1
        final List<String> lines = ReplayBenchmark.run(1, 8, 160, 30);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("replay.job.samples_per_s="), lines.get(0));
        assertTrue(
                lines.get(0).endsWith("(1 streams x 8 channels, 113 feature rows)"), lines.get(0));
        final double rate = Double.parseDouble(lines.get(0).split("[= ]")[1]);
        assertTrue(rate > 0, lines.get(0));
        assertTrue(lines.get(1).startsWith("replay.job.seconds="), lines.get(1));
    }
}

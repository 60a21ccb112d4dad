package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The descriptor benchmark measures what it says on a small stream (no speed is asserted). */
class DescriptorBenchmarkTest {

    @Test
    void shouldCountTheRecordsOfTheMeasuredStretchAndTheStateOfSixtySeconds() throws IOException {
        final DescriptorBenchmark.StreamResult r = DescriptorBenchmark.stream(4, 160, 16, 61, 10);
        // 10 s measured: 10 fast windows of 5 kinds, and one DFA window at 70 s
        assertEquals(10 * 5 + 1, r.records());
        // 9 ints/longs of header, the ring length and 60 s x 160 Hz x 4 channels of float32
        assertEquals(4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 4 + 4L * 9600 * 4, r.stateBytes());
        assertTrue(r.threadCoreFraction() > 0 && r.coreFraction() > 0);
        assertTrue(r.checkpointMs() > 0);
    }

    @Test
    void shouldTimeAConnectivityWindow() {
        assertTrue(DescriptorBenchmark.connectivitySecondsPerWindow(8, 160) > 0);
    }
}

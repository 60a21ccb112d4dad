package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpcLatencyBenchmarkTest {
    @Test
    void shouldReceiveEveryTimedPredictionAndReportOrderedPercentiles() throws Exception {
        final IpcLatencyBenchmark.Result r = IpcLatencyBenchmark.measure(5_000, 0.1, 0.4);
        assertEquals(2_000, r.received());
        assertEquals(0, r.dropped());
        assertTrue(r.p50Us() > 0 && r.p50Us() <= r.p99Us() && r.p99Us() <= r.maxUs(), r.toString());
        assertTrue(r.emitP50Us() <= r.p50Us(), r.toString());
    }
}

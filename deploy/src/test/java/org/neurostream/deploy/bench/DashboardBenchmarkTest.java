package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DashboardBenchmarkTest {
    @Test
    void shouldFeedEveryUpdateAndDeliverAboutTenMessagesASecond() throws Exception {
        final DashboardBenchmark.Result r = DashboardBenchmark.measure(8, 10, 0.5, 1.5);
        assertEquals(80, r.updatesPerSecond(), 15, r.toString());
        // one coalesced delta per 100 ms tick
        assertTrue(
                r.clientMessagesPerSecond() > 5 && r.clientMessagesPerSecond() <= 12, r.toString());
        assertTrue(r.dashboardCores() > 0 && r.dashboardCores() <= r.processCores(), r.toString());
        assertTrue(r.usPerUpdate() > 0, r.toString());
        assertEquals(0, r.dropped(), r.toString());
    }
}

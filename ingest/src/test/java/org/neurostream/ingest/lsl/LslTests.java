package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: the loopback-only configuration, refused unless it is loopback-only. */
final class LslTests {
    private LslTests() {}

    static LslConfig loopback() {
        final LslConfig c = LslConfig.loopback();
        assertTrue(c.isLoopbackOnly(), "the test configuration must keep LSL on 127.0.0.1");
        return c;
    }
}

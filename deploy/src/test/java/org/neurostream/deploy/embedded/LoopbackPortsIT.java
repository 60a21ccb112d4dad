package org.neurostream.deploy.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every port the embedded runtime opens (the broker's listeners and controller, the MiniCluster's
 * REST, RPC, blob and data ports) is bound to 127.0.0.1, read from the kernel's own tables.
 */
class LoopbackPortsIT {
    @TempDir Path dir;

    @Test
    void shouldOpenEveryPortOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
        final List<String> before = ListeningSockets.of("self");
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(dir, 1)) {
            final List<String> open = ListeningSockets.of("self");
            open.removeAll(before);
            System.out.println("LoopbackPortsIT: " + open);
            assertFalse(open.isEmpty(), "the runtime listens somewhere");
            for (final String socket : open) {
                assertTrue(
                        socket.startsWith("127.0.0.1:"),
                        "not on loopback: " + socket + " of " + open);
            }
        }
    }
}

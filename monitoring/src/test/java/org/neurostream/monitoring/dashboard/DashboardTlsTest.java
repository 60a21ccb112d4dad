package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The choice between plain HTTP and TLS made from the two files a user may give. */
class DashboardTlsTest {
    private static final String TOGETHER =
            "--dashboard-tls-keystore and --dashboard-tls-password-file go together";

    @Test
    void shouldServePlainHttpWhenNeitherFileIsGiven() throws Exception {
        assertNull(DashboardTls.loadIfGiven(null, null));
    }

    @Test
    void shouldRefuseAKeyStoreWithoutItsPasswordFile() {
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DashboardTls.loadIfGiven(Path.of("k.p12"), null));
        assertEquals(TOGETHER, e.getMessage());
    }

    @Test
    void shouldRefuseAPasswordFileWithoutItsKeyStore() {
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DashboardTls.loadIfGiven(null, Path.of("password")));
        assertEquals(TOGETHER, e.getMessage());
    }
}

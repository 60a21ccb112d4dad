package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardAccessTest {
    @TempDir Path dir;

    @Test
    void shouldReadTheTokenFromTheFileElseTheEnvironment() throws IOException {
        final Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        final Map<String, String> env = Map.of(DashboardAccess.TOKEN_VARIABLE, " from-env ");
        assertEquals("from-file", DashboardAccess.token(file, env));
        assertEquals("from-env", DashboardAccess.token(null, env));
        assertNull(DashboardAccess.token(null, Map.of()));
        final IOException missing =
                assertThrows(
                        IOException.class, () -> DashboardAccess.token(dir.resolve("none"), env));
        assertTrue(
                missing.getMessage().contains(dir.resolve("none").toString()),
                missing.getMessage());
    }

    @Test
    void shouldTakeBothTlsFilesOrNeither() throws IOException {
        assertNull(DashboardTls.loadIfGiven(null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> DashboardTls.loadIfGiven(dir.resolve("store.p12"), null));
    }

    @Test
    void shouldLetEveryoneInOnLoopbackWithoutAToken() throws UnknownHostException {
        final DashboardAccess access =
                DashboardAccess.forBind(InetAddress.getByName("127.0.0.1"), null);
        assertFalse(access.requiresToken());
        assertTrue(access.allows(null));
    }

    @Test
    void shouldMakeUpARandomTokenWhenBoundElsewhere() throws UnknownHostException {
        final InetAddress any = InetAddress.getByName("0.0.0.0");
        final DashboardAccess a = DashboardAccess.forBind(any, null);
        final DashboardAccess b = DashboardAccess.forBind(any, null);
        assertTrue(a.requiresToken());
        assertTrue(a.token().matches("[0-9a-f]{32}"), a.token());
        assertNotEquals(a.token(), b.token());
        assertFalse(a.allows(null));
        assertTrue(a.allows(a.token()));
    }

    @Test
    void shouldAcceptOnlyTheExactToken() {
        final DashboardAccess access = DashboardAccess.withToken("s3cret");
        assertTrue(access.allows("s3cret"));
        assertFalse(access.allows("s3cre"));
        assertFalse(access.allows("s3cret "));
        assertFalse(access.allows("S3CRET"));
        assertFalse(access.allows(""));
        assertFalse(access.allows(null));
    }

    @Test
    void shouldRequireAGivenTokenEvenOnLoopback() throws UnknownHostException {
        final DashboardAccess access =
                DashboardAccess.forBind(InetAddress.getByName("127.0.0.1"), "t");
        assertTrue(access.requiresToken());
        assertFalse(access.allows(null));
    }

    @Test
    void shouldRejectABlankToken() {
        assertThrows(IllegalArgumentException.class, () -> DashboardAccess.withToken(" "));
    }
}

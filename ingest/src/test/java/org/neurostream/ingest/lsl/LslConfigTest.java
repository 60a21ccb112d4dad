package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LslConfigTest {
    @TempDir Path tmp;

    @Test
    void shouldReadTheLoopbackConfigurationAsLoopbackOnly() throws Exception {
        final LslConfig c = LslConfig.loopback();
        assertEquals("machine", c.resolveScope);
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), c.multicastAddresses);
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), c.interfaces);
        assertEquals(List.of("127.0.0.1"), c.knownPeers);
        assertFalse(c.allowIpv6);
        assertEquals(0, c.multicastTtl);
        assertEquals("127.0.0.1", c.listenAddress);
        assertTrue(c.isLoopbackOnly());
    }

    @Test
    void shouldKeepTheRepositoryCopyEqualToTheBundledOne() throws Exception {
        final Path repo =
                Path.of(System.getProperty("neurostream.home", ".."))
                        .resolve("config/lsl_loopback.cfg");
        try (var in = LslConfig.class.getResourceAsStream("lsl_loopback.cfg")) {
            assertEquals(Files.readString(repo), new String(in.readAllBytes()));
        }
    }

    @Test
    void shouldUseLiblslDefaultsWithoutAFile() throws Exception {
        final LslConfig c = LslConfig.load(null, tmp, tmp, tmp);
        assertEquals("liblsl defaults", c.source);
        assertEquals("127.0.0.1", c.listenAddress, "outlets serve this machine only");
        assertEquals("site", c.resolveScope);
        assertEquals(16571, c.multicastPort);
        assertEquals(16572, c.basePort);
        assertEquals(32, c.portRange);
        assertEquals(24, c.multicastTtl);
        assertEquals(
                List.of(
                        InetAddress.getByName("127.0.0.1"),
                        InetAddress.getByName("255.255.255.255"),
                        InetAddress.getByName("224.0.0.1"),
                        InetAddress.getByName("224.0.0.183"),
                        InetAddress.getByName("239.255.172.215")),
                c.multicastAddresses);
        assertEquals("default", c.sessionId);
        assertEquals(2.0, c.timeUpdateInterval);
        assertEquals(8, c.timeProbeCount);
        assertFalse(c.isLoopbackOnly());
    }

    @Test
    void shouldFindTheFileWhereLiblslLooksInItsOrder() throws Exception {
        final Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        final Path home = Files.createDirectories(tmp.resolve("home/lsl_api"));
        final Path etc = Files.createDirectories(tmp.resolve("etc/lsl_api"));
        Files.writeString(etc.resolve("lsl_api.cfg"), "[lab]\nSessionID = etc\n");
        assertEquals(
                "etc",
                LslConfig.load(null, cwd, tmp.resolve("home"), tmp.resolve("etc")).sessionId);
        Files.writeString(home.resolve("lsl_api.cfg"), "[lab]\nSessionID = home\n");
        assertEquals(
                "home",
                LslConfig.load(null, cwd, tmp.resolve("home"), tmp.resolve("etc")).sessionId);
        Files.writeString(cwd.resolve("lsl_api.cfg"), "[lab]\nSessionID = cwd\n");
        assertEquals(
                "cwd",
                LslConfig.load(null, cwd, tmp.resolve("home"), tmp.resolve("etc")).sessionId);
        final Path named = tmp.resolve("named.cfg");
        Files.writeString(named, "; LSLAPICFG wins\n[lab]\nSessionID = named\n");
        assertEquals(
                "named",
                LslConfig.load(named.toString(), cwd, tmp.resolve("home"), tmp.resolve("etc"))
                        .sessionId);
    }

    @Test
    void shouldRefuseANamedFileThatIsMissing() {
        final LslException e =
                assertThrows(
                        LslException.class,
                        () -> LslConfig.load(tmp.resolve("nope.cfg").toString(), tmp, tmp, tmp));
        assertTrue(e.getMessage().contains("LSLAPICFG"), e.getMessage());
    }

    @Test
    void shouldApplyScopesOverridesAndTuning() {
        final LslConfig c =
                LslConfig.fromText(
                        "t.cfg",
                        "[ports]\nBasePort = 20000\nPortRange = 4\n[multicast]\nResolveScope = link\n"
                                + "TTLOverride = 3\n[tuning]\nTimeProbeCount = 3\nUseProtocolVersion = 100\n");
        assertEquals(20000, c.basePort);
        assertEquals(4, c.portRange);
        assertEquals(4, c.multicastAddresses.size());
        assertEquals(3, c.multicastTtl);
        assertEquals(3, c.timeProbeCount);
        assertEquals(100, c.useProtocolVersion);
        assertEquals("", c.listenAddress, "a lab's file without ListenAddress: every interface");
        final LslConfig o =
                LslConfig.fromText("o.cfg", "[multicast]\nAddressesOverride = {239.1.2.3}\n");
        assertEquals(1, o.multicastAddresses.size());
    }

    @Test
    void shouldBindClientsWhereTheFileListensOrOnLoopbackForTheMachineScope() {
        assertEquals("127.0.0.1", LslConfig.loopback().clientAddress);
        assertEquals(
                "10.1.2.3",
                LslConfig.fromText("a.cfg", "[multicast]\nListenAddress = 10.1.2.3\n")
                        .clientAddress);
        assertEquals(
                "127.0.0.1",
                LslConfig.fromText("m.cfg", "[multicast]\nResolveScope = machine\n").clientAddress,
                "queries of the machine scope are answered from this machine only");
        assertEquals(
                "",
                LslConfig.fromText("l.cfg", "[multicast]\nResolveScope = link\n").clientAddress,
                "a lab's file without ListenAddress: every interface");
        assertEquals(
                "",
                LslConfig.defaults().clientAddress,
                "without a file, answers come from the lab network, as liblsl's");
        assertEquals("127.0.0.1", LslConfig.defaults().listenAddress, "outlets stay local");
    }

    @Test
    void shouldNameTheFileTheKeyAndTheReasonOfAnError() {
        LslException e =
                assertThrows(
                        LslException.class,
                        () ->
                                LslConfig.fromText(
                                        "bad.cfg", "[multicast]\nResolveScope = planet\n"));
        assertEquals(
                "bad.cfg: multicast.ResolveScope = 'planet': expected machine, link, site,"
                        + " organization or global",
                e.getMessage());
        e = assertThrows(LslException.class, () -> LslConfig.fromText("bad.cfg", "[ports\n"));
        assertEquals("bad.cfg: line 1: no closing ] in '[ports'", e.getMessage());
        e =
                assertThrows(
                        LslException.class,
                        () -> LslConfig.fromText("bad.cfg", "[p]\nA = 1\nA = 2\n"));
        assertEquals("bad.cfg: line 3: key p.A given twice", e.getMessage());
        e =
                assertThrows(
                        LslException.class,
                        () -> LslConfig.fromText("bad.cfg", "[ports]\nBasePort = many\n"));
        assertEquals("bad.cfg: ports.BasePort = 'many': expected an integer", e.getMessage());
    }
}

package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of liblsl's configuration file ({@code lsl_api.cfg}), read the way liblsl reads it,
 * so that a lab's existing file applies to our inlets and outlets unchanged. The file is found as
 * liblsl finds it: the file named by the environment variable {@code LSLAPICFG} (or, for programs
 * that embed us, the system property of the same name), else {@code lsl_api.cfg} in the working
 * folder, {@code ~/lsl_api/lsl_api.cfg}, {@code /etc/lsl_api/lsl_api.cfg}; without any, liblsl's
 * defaults (multicast discovery on the site scope, which sends beyond this machine).
 *
 * <p>Immutable; the fields are public and final, named after the file's keys.
 */
public final class LslConfig {
    /** The name of the environment variable (and system property) naming the file. */
    public static final String ENV = "LSLAPICFG";

    /** Protocol version 1.10, the one this implementation speaks. */
    public static final int PROTOCOL_VERSION = 110;

    /** The address outlets listen on when no configuration file is found. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Where the settings came from: a file path, or "liblsl defaults". */
    public final String source;

    public final int multicastPort;
    public final int basePort;
    public final int portRange;
    public final boolean allowRandomPorts;
    public final boolean allowIpv4;
    public final boolean allowIpv6;
    public final String resolveScope;
    public final String listenAddress;

    /**
     * Where resolvers and inlets' clock probes bind their UDP sockets: the file's ListenAddress;
     * 127.0.0.1 where it names none but the scope is the machine; else (and without a file) every
     * interface, empty here, as liblsl, since answers come from the outlets' hosts.
     */
    public final String clientAddress;

    /** Addresses a resolver sends its queries to and an outlet's responder listens on (IPv4). */
    public final List<InetAddress> multicastAddresses;

    public final int multicastTtl;

    /** Local interface addresses that multicast queries leave by; empty: every interface. */
    public final List<InetAddress> interfaces;

    public final List<String> knownPeers;
    public final String sessionId;
    public final int useProtocolVersion;
    public final double watchdogCheckInterval;
    public final double watchdogTimeThreshold;
    public final double multicastMinRtt;
    public final double multicastMaxRtt;
    public final double unicastMinRtt;
    public final double unicastMaxRtt;
    public final double continuousResolveInterval;
    public final double timeUpdateInterval;
    public final int timeUpdateMinProbes;
    public final int timeProbeCount;
    public final double timeProbeInterval;
    public final double timeProbeMaxRtt;

    private LslConfig(final String source, final Map<String, String> ini) {
        this(source, ini, null);
    }

    private LslConfig(
            final String source, final Map<String, String> ini, final String clientAddress) {
        this.source = source;
        final Settings s = new Settings(source, ini);
        multicastPort = s.integer("ports.MulticastPort", 16571);
        basePort = s.integer("ports.BasePort", 16572);
        portRange = s.integer("ports.PortRange", 32);
        allowRandomPorts = s.bool("ports.AllowRandomPorts", true);
        final String ipv6 = s.text("ports.IPv6", "allow");
        switch (ipv6) {
            case "disabled", "disable" -> {
                allowIpv4 = true;
                allowIpv6 = false;
            }
            case "allowed", "allow" -> {
                allowIpv4 = true;
                allowIpv6 = true;
            }
            case "forced", "force" -> {
                allowIpv4 = false;
                allowIpv6 = true;
            }
            default -> throw s.bad("ports.IPv6", ipv6, "allow, disable or force");
        }
        resolveScope = s.text("multicast.ResolveScope", "site");
        listenAddress = s.text("multicast.ListenAddress", "");
        this.clientAddress =
                clientAddress != null
                        ? clientAddress
                        : !listenAddress.isEmpty()
                                ? listenAddress
                                : resolveScope.equals("machine") ? LOOPBACK : "";
        final List<String> machine = s.set("multicast.MachineAddresses", "{127.0.0.1}");
        final List<String> link =
                s.set("multicast.LinkAddresses", "{255.255.255.255, 224.0.0.1, 224.0.0.183}");
        final List<String> site = s.set("multicast.SiteAddresses", "{239.255.172.215}");
        final List<String> organization = s.set("multicast.OrganizationAddresses", "{}");
        final List<String> global = s.set("multicast.GlobalAddresses", "{}");
        final int scope =
                switch (resolveScope) {
                    case "machine" -> 0;
                    case "link" -> 1;
                    case "site" -> 2;
                    case "organization" -> 3;
                    case "global" -> 4;
                    default ->
                            throw s.bad(
                                    "multicast.ResolveScope",
                                    resolveScope,
                                    "machine, link, site, organization or global");
                };
        final List<String> addresses = new ArrayList<>(machine);
        int ttl = 0;
        if (scope >= 1) {
            addresses.addAll(link);
            ttl = 1;
        }
        if (scope >= 2) {
            addresses.addAll(site);
            ttl = 24;
        }
        if (scope >= 3) {
            addresses.addAll(organization);
            ttl = 32;
        }
        if (scope >= 4) {
            addresses.addAll(global);
            ttl = 255;
        }
        final int ttlOverride = s.integer("multicast.TTLOverride", -1);
        if (ttlOverride >= 0) {
            ttl = ttlOverride;
        }
        final List<String> override = s.set("multicast.AddressesOverride", "{}");
        if (!override.isEmpty()) {
            addresses.clear();
            addresses.addAll(override);
        }
        multicastTtl = ttl;
        final List<InetAddress> parsed = new ArrayList<>();
        for (final String a : addresses) {
            final InetAddress address = s.address("multicast addresses", a);
            // IPv6 discovery is not implemented: IPv6 groups are left out, as liblsl does with
            // IPv6 = disable
            if (address.getAddress().length == 4 && allowIpv4) {
                parsed.add(address);
            }
        }
        multicastAddresses = Collections.unmodifiableList(parsed);
        final List<InetAddress> ifs = new ArrayList<>();
        for (final String a : s.set("multicast.Interfaces", "{}")) {
            ifs.add(s.address("multicast.Interfaces", a));
        }
        interfaces = Collections.unmodifiableList(ifs);
        knownPeers = Collections.unmodifiableList(s.set("lab.KnownPeers", "{}"));
        sessionId = s.text("lab.SessionID", "default");
        useProtocolVersion =
                Math.min(
                        PROTOCOL_VERSION, s.integer("tuning.UseProtocolVersion", PROTOCOL_VERSION));
        watchdogCheckInterval = s.decimal("tuning.WatchdogCheckInterval", 15.0);
        watchdogTimeThreshold = s.decimal("tuning.WatchdogTimeThreshold", 15.0);
        multicastMinRtt = s.decimal("tuning.MulticastMinRTT", 0.5);
        multicastMaxRtt = s.decimal("tuning.MulticastMaxRTT", 3.0);
        unicastMinRtt = s.decimal("tuning.UnicastMinRTT", 0.75);
        unicastMaxRtt = s.decimal("tuning.UnicastMaxRTT", 5.0);
        continuousResolveInterval = s.decimal("tuning.ContinuousResolveInterval", 0.5);
        timeUpdateInterval = s.decimal("tuning.TimeUpdateInterval", 2.0);
        timeUpdateMinProbes = s.integer("tuning.TimeUpdateMinProbes", 6);
        timeProbeCount = s.integer("tuning.TimeProbeCount", 8);
        timeProbeInterval = s.decimal("tuning.TimeProbeInterval", 0.064);
        timeProbeMaxRtt = s.decimal("tuning.TimeProbeMaxRTT", 0.128);
    }

    /**
     * The loopback-only configuration kept with the code (a copy of {@code
     * config/lsl_loopback.cfg}): discovery on 127.0.0.1 only, no IPv6. Benchmarks and tests use it.
     */
    public static LslConfig loopback() {
        try (var in = LslConfig.class.getResourceAsStream("lsl_loopback.cfg")) {
            if (in == null) {
                throw new IllegalStateException("lsl_loopback.cfg missing from the classpath");
            }
            return fromText(
                    "lsl_loopback.cfg", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalStateException("cannot read the bundled lsl_loopback.cfg", e);
        }
    }

    /**
     * liblsl's defaults, as when no file is found, but for one: outlets listen on 127.0.0.1 only
     * (liblsl listens on every interface), so that a stream is not served to the network unless a
     * configuration file says so ({@code ListenAddress} empty or absent: every interface).
     */
    public static LslConfig defaults() {
        // outlets only: clients hear the lab network as liblsl's do
        return new LslConfig("liblsl defaults", Map.of("multicast.ListenAddress", LOOPBACK), "");
    }

    /**
     * The configuration this process uses, found as liblsl finds it (see the class comment).
     *
     * @throws LslException when the file found cannot be read or has an error (liblsl would log it
     *     and fall back to its defaults, which would send discovery beyond this machine; we refuse)
     */
    public static LslConfig load() {
        String named = System.getenv(ENV);
        if (named == null || named.isEmpty()) {
            named = System.getProperty(ENV);
        }
        return load(
                named,
                Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home", "/")),
                Path.of("/etc"));
    }

    /**
     * As {@link #load()}, with the named file ({@code LSLAPICFG}, may be null), the working folder,
     * the home folder and the system folder given.
     */
    static LslConfig load(final String named, final Path cwd, final Path home, final Path etc) {
        if (named != null && !named.isEmpty()) {
            final Path file = Path.of(named);
            if (!Files.isReadable(file)) {
                throw new LslException(ENV + " names " + named + ", which cannot be read");
            }
            return fromFile(file);
        }
        for (final Path candidate :
                List.of(
                        cwd.resolve("lsl_api.cfg"),
                        home.resolve("lsl_api").resolve("lsl_api.cfg"),
                        etc.resolve("lsl_api").resolve("lsl_api.cfg"))) {
            if (Files.isReadable(candidate)) {
                return fromFile(candidate);
            }
        }
        return defaults();
    }

    /**
     * Reads a configuration file.
     *
     * @throws LslException naming the file, the line and the reason when it has an error
     */
    public static LslConfig fromFile(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new LslException(file + ": cannot read: " + e.getMessage(), e);
        }
        return fromText(file.toString(), text);
    }

    /**
     * Parses configuration text in liblsl's INI dialect: {@code [section]} lines, {@code key =
     * value} lines, {@code ;} comments; keys are {@code section.Key}, case-sensitive.
     *
     * @param source the name used in messages
     */
    public static LslConfig fromText(final String source, final String text) {
        final Map<String, String> values = new LinkedHashMap<>();
        String section = "";
        int lineNumber = 0;
        for (final String raw : text.split("\n", -1)) {
            lineNumber++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                final int close = line.indexOf(']');
                if (close < 0) {
                    throw new LslException(
                            source + ": line " + lineNumber + ": no closing ] in '" + line + "'");
                }
                section = line.substring(1, close).strip() + ".";
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq < 0) {
                throw new LslException(
                        source
                                + ": line "
                                + lineNumber
                                + ": not a key = value pair: '"
                                + line
                                + "'");
            }
            final String key = line.substring(0, eq).strip();
            final String value = line.substring(eq + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                throw new LslException(
                        source + ": line " + lineNumber + ": empty key or value in '" + line + "'");
            }
            if (values.put(section + key, value) != null) {
                throw new LslException(
                        source
                                + ": line "
                                + lineNumber
                                + ": key "
                                + section
                                + key
                                + " given twice");
            }
        }
        return new LslConfig(source, values);
    }

    /**
     * Whether discovery stays on this machine: every query target and multicast interface is a
     * loopback address, outlets listen on one, and no known peer is elsewhere. Tests refuse to
     * start peers otherwise.
     */
    public boolean isLoopbackOnly() {
        if (interfaces.isEmpty() || listenAddress.isEmpty()) {
            return false;
        }
        try {
            if (!InetAddress.getByName(listenAddress).isLoopbackAddress()) {
                return false;
            }
        } catch (final UnknownHostException e) {
            return false;
        }
        for (final InetAddress a : multicastAddresses) {
            if (!a.isLoopbackAddress()) {
                return false;
            }
        }
        for (final InetAddress a : interfaces) {
            if (!a.isLoopbackAddress()) {
                return false;
            }
        }
        for (final String peer : knownPeers) {
            try {
                for (final InetAddress a : InetAddress.getAllByName(peer)) {
                    if (!a.isLoopbackAddress()) {
                        return false;
                    }
                }
            } catch (final UnknownHostException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "LslConfig[" + source + ", scope " + resolveScope + "]";
    }

    /** Typed reads of the INI values with liblsl's defaults, and errors that name the key. */
    private static final class Settings {
        private final String source;
        private final Map<String, String> ini;

        Settings(final String source, final Map<String, String> ini) {
            this.source = source;
            this.ini = ini;
        }

        String text(final String key, final String defaultValue) {
            return ini.getOrDefault(key, defaultValue);
        }

        int integer(final String key, final int defaultValue) {
            final String v = ini.get(key);
            if (v == null) {
                return defaultValue;
            }
            try {
                return Integer.parseInt(v.strip());
            } catch (final NumberFormatException e) {
                throw bad(key, v, "an integer");
            }
        }

        double decimal(final String key, final double defaultValue) {
            final String v = ini.get(key);
            if (v == null) {
                return defaultValue;
            }
            try {
                return Double.parseDouble(v.strip());
            } catch (final NumberFormatException e) {
                throw bad(key, v, "a number");
            }
        }

        boolean bool(final String key, final boolean defaultValue) {
            final String v = ini.get(key);
            if (v == null) {
                return defaultValue;
            }
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> true;
                case "0", "false", "no", "off" -> false;
                default -> throw bad(key, v, "true or false");
            };
        }

        List<String> set(final String key, final String defaultValue) {
            final String v = ini.getOrDefault(key, defaultValue).strip();
            if (v.length() < 2 || v.charAt(0) != '{' || v.charAt(v.length() - 1) != '}') {
                throw bad(key, v, "a set such as {a, b}");
            }
            final List<String> out = new ArrayList<>();
            for (final String part : v.substring(1, v.length() - 1).split(",")) {
                final String p = part.strip();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        }

        InetAddress address(final String key, final String text) {
            // literal addresses only: a name here would need DNS, which liblsl does not do either
            if (!text.matches("[0-9.]+|[0-9A-Fa-f:.%]+")) {
                throw bad(key, text, "an IP address");
            }
            try {
                return InetAddress.getByName(text);
            } catch (final UnknownHostException e) {
                throw bad(key, text, "an IP address");
            }
        }

        LslException bad(final String key, final String value, final String expected) {
            return new LslException(
                    source + ": " + key + " = '" + value + "': expected " + expected);
        }
    }
}

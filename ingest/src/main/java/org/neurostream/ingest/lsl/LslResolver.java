package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds LSL streams as liblsl's resolver does: waves of {@code LSL:shortinfo} queries sent to the
 * configured multicast addresses (through each configured interface; on the machine scope that is
 * 127.0.0.1 only), then, after MulticastMinRTT, to every port of the range on each KnownPeer; the
 * answers (a query id line and a short info) are collected by uid, with the address they came from.
 * Queries carry the configured session id, as liblsl's do. Its sockets are bound to the configured
 * listen address, where outlets listen too: 127.0.0.1 under {@code config/lsl_loopback.cfg} and
 * without a configuration file, every interface where {@code ListenAddress} is empty.
 */
public final class LslResolver {
    private final LslConfig config;
    private final Consumer<String> problems;

    /**
     * @param problems receives one line per malformed answer (naming the peer and the reason)
     */
    public LslResolver(final LslConfig config, final Consumer<String> problems) {
        this.config = config;
        this.problems = problems;
    }

    /** The configuration the resolver sends by. */
    public LslConfig config() {
        return config;
    }

    /**
     * Resolves the streams matching {@code predicate}: keeps sending query waves and collecting
     * answers until {@code timeoutNs} has passed, or, with {@code minimum} above 0, until that many
     * streams were found.
     *
     * @return the streams found, sorted by name then uid
     * @throws IOException when no socket can be opened
     */
    public List<StreamInfo> resolve(
            final StreamQuery predicate, final int minimum, final long timeoutNs)
            throws IOException {
        final StreamQuery query = StreamQuery.forSession(config.sessionId, predicate);
        final String queryId = Long.toUnsignedString(fnv1a(query.text()));
        final Map<String, StreamInfo> found = new LinkedHashMap<>();
        final long start = System.nanoTime();
        final long end = start + timeoutNs;
        // every socket on the configured listen address, as outlets: a loopback configuration
        // (ListenAddress = 127.0.0.1) keeps discovery off the network; empty: every interface
        final InetAddress local = Ports.listenAddress(config);
        try (DatagramSocket receive = new DatagramSocket(null);
                DatagramSocket unicast = new DatagramSocket(new InetSocketAddress(local, 0));
                MulticastSocket multicast = new MulticastSocket(new InetSocketAddress(local, 0))) {
            try {
                Ports.bind(receive, config, local);
            } catch (final LslException e) {
                receive.bind(new InetSocketAddress(local, 0));
            }
            unicast.setBroadcast(true);
            multicast.setTimeToLive(Math.max(0, Math.min(255, config.multicastTtl)));
            final byte[] message =
                    ("LSL:shortinfo\r\n"
                                    + query.text()
                                    + "\r\n"
                                    + receive.getLocalPort()
                                    + " "
                                    + queryId
                                    + "\r\n")
                            .getBytes(StandardCharsets.UTF_8);
            final boolean peers = !config.knownPeers.isEmpty();
            final long waveNs =
                    seconds(config.multicastMinRtt + (peers ? config.unicastMinRtt : 0));
            long nextWave = start;
            long nextUnicast = Long.MAX_VALUE;
            final byte[] buf = new byte[65536];
            final DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (true) {
                long now = System.nanoTime();
                if (now - end >= 0 || (minimum > 0 && found.size() >= minimum)) {
                    break;
                }
                if (now - nextWave >= 0) {
                    multicastBurst(message, unicast, multicast);
                    nextUnicast = peers ? now + seconds(config.multicastMinRtt) : Long.MAX_VALUE;
                    nextWave = now + waveNs;
                }
                if (nextUnicast != Long.MAX_VALUE && now - nextUnicast >= 0) {
                    unicastBurst(message, unicast);
                    nextUnicast = Long.MAX_VALUE;
                }
                now = System.nanoTime();
                long wait = Math.min(end - now, nextWave - now);
                if (nextUnicast != Long.MAX_VALUE) {
                    wait = Math.min(wait, nextUnicast - now);
                }
                receive.setSoTimeout((int) Math.max(1, wait / 1_000_000));
                try {
                    packet.setLength(buf.length);
                    receive.receive(packet);
                } catch (final SocketTimeoutException e) {
                    continue;
                }
                final StreamInfo info = parseAnswer(packet, queryId);
                if (info != null) {
                    found.putIfAbsent(info.uid(), info);
                }
            }
        }
        final List<StreamInfo> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparing(StreamInfo::name).thenComparing(StreamInfo::uid));
        return out;
    }

    /** Resolves every stream of the session for {@code timeoutNs}. */
    public List<StreamInfo> resolveAll(final long timeoutNs) throws IOException {
        return resolve(StreamQuery.of(""), 0, timeoutNs);
    }

    private StreamInfo parseAnswer(final DatagramPacket packet, final String queryId) {
        final String text = Ports.text(packet);
        final int nl = text.indexOf('\n');
        if (nl < 0 || !text.substring(0, nl).strip().equals(queryId)) {
            return null;
        }
        final String peer = packet.getAddress().getHostAddress() + ":" + packet.getPort();
        try {
            return StreamInfo.parse(text.substring(nl + 1))
                    .withV4Address(packet.getAddress().getHostAddress());
        } catch (final LslProtocolException e) {
            problems.accept("LSL peer " + peer + ": " + e.getMessage() + "; answer ignored");
            return null;
        }
    }

    private void multicastBurst(
            final byte[] message, final DatagramSocket unicast, final MulticastSocket multicast)
            throws IOException {
        final List<NetworkInterface> ifs = interfaces();
        for (final NetworkInterface ni : ifs) {
            if (ni != null) {
                try {
                    multicast.setNetworkInterface(ni);
                } catch (final SocketException e) {
                    continue;
                }
            }
            for (final InetAddress target : config.multicastAddresses) {
                final DatagramPacket p =
                        new DatagramPacket(
                                message,
                                message.length,
                                new InetSocketAddress(target, config.multicastPort));
                try {
                    if (target.isMulticastAddress()) {
                        multicast.send(p);
                    } else {
                        unicast.send(p);
                    }
                } catch (final IOException e) {
                    // an interface without a route to this target: liblsl goes on as well
                }
            }
        }
    }

    private void unicastBurst(final byte[] message, final DatagramSocket unicast) {
        for (final String peer : config.knownPeers) {
            final InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(peer);
            } catch (final IOException e) {
                problems.accept("LSL known peer " + peer + " cannot be resolved; skipped");
                continue;
            }
            for (final InetAddress a : addresses) {
                if (a.getAddress().length != 4) {
                    continue;
                }
                for (int port = config.basePort;
                        port < config.basePort + config.portRange;
                        port++) {
                    try {
                        unicast.send(
                                new DatagramPacket(
                                        message, message.length, new InetSocketAddress(a, port)));
                    } catch (final IOException e) {
                        // unreachable port: go on
                    }
                }
            }
        }
    }

    /** The interfaces multicast queries leave by; a null entry means the system's default. */
    private List<NetworkInterface> interfaces() throws SocketException {
        final List<NetworkInterface> out = Ports.multicastInterfaces(config);
        if (out.isEmpty() && config.interfaces.isEmpty()) {
            out.add(null);
        }
        return out;
    }

    static long seconds(final double s) {
        return (long) (s * 1e9);
    }

    private static long fnv1a(final String s) {
        long h = 0xcbf29ce484222325L;
        for (final byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

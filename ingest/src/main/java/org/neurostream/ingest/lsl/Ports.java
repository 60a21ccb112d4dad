package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Binding in liblsl's port range, and this host's name as liblsl reports it. */
final class Ports {
    private Ports() {}

    /** Binds to one address; throws BindException when it is taken. */
    private interface Binder {
        void bind(InetSocketAddress address) throws IOException;
    }

    /**
     * Binds {@code socket} to the first free port of [BasePort, BasePort + PortRange), or to a
     * random one where the configuration allows it.
     */
    static int bind(final DatagramSocket socket, final LslConfig config, final InetAddress address)
            throws IOException {
        final int port = bind(socket::bind, config, address);
        return port != 0 ? port : socket.getLocalPort();
    }

    /** As {@link #bind(DatagramSocket, LslConfig, InetAddress)} for a TCP listener. */
    static int bind(final ServerSocket socket, final LslConfig config, final InetAddress address)
            throws IOException {
        final int port = bind(a -> socket.bind(a, 16), config, address);
        return port != 0 ? port : socket.getLocalPort();
    }

    /** The port bound in the range, or 0 when a random one was bound. */
    private static int bind(final Binder binder, final LslConfig config, final InetAddress address)
            throws IOException {
        for (int port = config.basePort; port < config.basePort + config.portRange; port++) {
            try {
                binder.bind(new InetSocketAddress(address, port));
                return port;
            } catch (final BindException e) {
                // taken: try the next one
            }
        }
        if (config.allowRandomPorts) {
            binder.bind(new InetSocketAddress(address, 0));
            return 0;
        }
        throw new LslException(
                "all ports from "
                        + config.basePort
                        + " to "
                        + (config.basePort + config.portRange - 1)
                        + " are taken; raise PortRange in the LSL configuration");
    }

    /**
     * The interfaces multicast leaves by and is joined on: the configured ones, or every interface
     * that is up and supports multicast.
     */
    static List<NetworkInterface> multicastInterfaces(final LslConfig config)
            throws SocketException {
        final List<NetworkInterface> out = new ArrayList<>();
        if (config.interfaces.isEmpty()) {
            NetworkInterface.networkInterfaces().filter(Ports::up).forEach(out::add);
        } else {
            for (final InetAddress a : config.interfaces) {
                final NetworkInterface ni = NetworkInterface.getByInetAddress(a);
                if (ni != null) {
                    out.add(ni);
                }
            }
        }
        return out;
    }

    private static boolean up(final NetworkInterface ni) {
        try {
            return ni.isUp() && ni.supportsMulticast();
        } catch (final SocketException e) {
            return false;
        }
    }

    /** The address outlets listen on: the configured ListenAddress, or every interface. */
    static InetAddress listenAddress(final LslConfig config) throws IOException {
        return address(config.listenAddress);
    }

    /**
     * The address resolvers and clock probes bind their UDP sockets to ({@link
     * LslConfig#clientAddress}), or every interface.
     */
    static InetAddress clientAddress(final LslConfig config) throws IOException {
        return address(config.clientAddress);
    }

    private static InetAddress address(final String configured) throws IOException {
        return InetAddress.getByName(configured.isEmpty() ? "0.0.0.0" : configured);
    }

    /** A datagram's payload as UTF-8 text. */
    static String text(final java.net.DatagramPacket packet) {
        return new String(
                packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
    }

    /** This host's name without a DNS look-up (the kernel's, as liblsl's asio reads it). */
    static String hostname() {
        try {
            final Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                return Files.readString(p, StandardCharsets.US_ASCII).strip();
            }
        } catch (final IOException e) {
            // fall through
        }
        final String env = System.getenv("HOSTNAME");
        return env == null || env.isEmpty() ? "localhost" : env;
    }
}

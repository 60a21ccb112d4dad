package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binding in liblsl's port range, and this host's name as liblsl reports it. */
final class Ports {
    private Ports() {}

    /**
     * Binds {@code socket} to the first free port of [BasePort, BasePort + PortRange), or to a
     * random one where the configuration allows it.
     */
    static int bind(final DatagramSocket socket, final LslConfig config, final InetAddress address)
            throws IOException {
        for (int port = config.basePort; port < config.basePort + config.portRange; port++) {
            try {
                socket.bind(new InetSocketAddress(address, port));
                return port;
            } catch (final BindException e) {
                // taken: try the next one
            }
        }
        if (config.allowRandomPorts) {
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        }
        throw new LslException(
                "all ports from "
                        + config.basePort
                        + " to "
                        + (config.basePort + config.portRange - 1)
                        + " are taken; raise PortRange in the LSL configuration");
    }

    /** As {@link #bind(DatagramSocket, LslConfig, InetAddress)} for a TCP listener. */
    static int bind(final ServerSocket socket, final LslConfig config, final InetAddress address)
            throws IOException {
        for (int port = config.basePort; port < config.basePort + config.portRange; port++) {
            try {
                socket.bind(new InetSocketAddress(address, port), 16);
                return port;
            } catch (final BindException e) {
                // taken: try the next one
            }
        }
        if (config.allowRandomPorts) {
            socket.bind(new InetSocketAddress(address, 0), 16);
            return socket.getLocalPort();
        }
        throw new LslException(
                "all ports from "
                        + config.basePort
                        + " to "
                        + (config.basePort + config.portRange - 1)
                        + " are taken; raise PortRange in the LSL configuration");
    }

    /** The address outlets listen on: the configured ListenAddress, or every interface. */
    static InetAddress listenAddress(final LslConfig config) throws IOException {
        return config.listenAddress.isEmpty()
                ? InetAddress.getByName("0.0.0.0")
                : InetAddress.getByName(config.listenAddress);
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

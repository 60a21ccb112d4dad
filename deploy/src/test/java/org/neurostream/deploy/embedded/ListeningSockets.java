package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: the inodes of its socket
 * descriptors, matched against the kernel's tables of listening sockets ({@code /proc/net/tcp},
 * {@code tcp6}), each as {@code ADDRESS:PORT}. UDP sockets ({@code udp}, {@code udp6}) count when
 * bound to a port.
 */
public final class ListeningSockets {
    private ListeningSockets() {}

    /** Whether this machine has the tables ({@code /proc}, Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** The listening sockets of process {@code pid} ({@code "self"} for this one). */
    public static List<String> of(final String pid) throws IOException {
        final Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            for (final Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (final NoSuchFileException e) {
                    // closed while we looked
                }
            }
        }
        final List<String> sockets = new ArrayList<>();
        for (final String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            final boolean udp = table.startsWith("udp");
            final List<String> lines = Files.readAllLines(Path.of("/proc", pid, "net", table));
            for (final String line : lines.subList(1, lines.size())) {
                final String[] f = line.trim().split("\\s+");
                // local address, state (0A: LISTEN; UDP: 07, unconnected), inode
                if (!inodes.contains(f[9]) || !(udp ? f[3].equals("07") : f[3].equals("0A"))) {
                    continue;
                }
                sockets.add((udp ? "udp " : "") + address(f[1]));
            }
        }
        return sockets;
    }

    /** {@code 0100007F:1F90} as {@code 127.0.0.1:8080}; IPv6 in full, lower case. */
    private static String address(final String hex) {
        final String[] hp = hex.split(":");
        final int port = Integer.parseInt(hp[1], 16);
        final String h = hp[0];
        if (h.length() == 8) {
            final StringBuilder ip = new StringBuilder();
            for (int i = 6; i >= 0; i -= 2) {
                ip.append(Integer.parseInt(h.substring(i, i + 2), 16)).append(i > 0 ? "." : "");
            }
            return ip + ":" + port;
        }
        // IPv6: four little-endian 32-bit words
        if (h.equals("00000000000000000000000000000000")) {
            return "[::]:" + port;
        }
        if (h.equals("00000000000000000000000001000000")) {
            return "[::1]:" + port;
        }
        if (h.startsWith("0000000000000000FFFF0000")) {
            return address(h.substring(24) + ":" + hp[1]);
        }
        return "[" + h.toLowerCase() + "]:" + port;
    }
}

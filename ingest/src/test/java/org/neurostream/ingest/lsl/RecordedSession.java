package org.neurostream.ingest.lsl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real liblsl 1.17.7 session recorded in {@code src/test/resources/lsl/lsl_loopback.pcap} (an
 * outlet 'probe', 2 x float32 at 100 Hz, and an inlet, on loopback), read back: the UDP payloads in
 * order, and each direction of the TCP stream feed reassembled. The pcap is read by this small
 * reader (Ethernet link type, IPv4, microsecond stamps), not by the code under test.
 */
final class RecordedSession {
    /** One UDP datagram. */
    record Datagram(int sourcePort, int destinationPort, byte[] payload) {}

    final List<Datagram> datagrams = new ArrayList<>();

    /** TCP bytes by "sourcePort>destinationPort", in sequence order. */
    final Map<String, byte[]> tcp = new HashMap<>();

    private RecordedSession() {}

    static RecordedSession load() throws IOException {
        final byte[] pcap;
        try (InputStream in = RecordedSession.class.getResourceAsStream("/lsl/lsl_loopback.pcap")) {
            pcap = in.readAllBytes();
        }
        final ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4 || b.getInt(20) != 1) {
            throw new IOException("not a little-endian Ethernet pcap");
        }
        final RecordedSession s = new RecordedSession();
        final Map<String, ByteArrayOutputStream> streams = new HashMap<>();
        final Map<String, Long> nextSeq = new HashMap<>();
        int off = 24;
        while (off + 16 <= pcap.length) {
            final int captured = b.getInt(off + 8);
            final int frame = off + 16;
            off = frame + captured;
            final ByteBuffer ip = ByteBuffer.wrap(pcap, frame + 14, captured - 14).slice();
            final int ihl = (ip.get(0) & 0x0F) * 4;
            final int protocol = ip.get(9) & 0xFF;
            final int total = ip.getShort(2) & 0xFFFF;
            final int l4 = ihl;
            final int sp = ip.getShort(l4) & 0xFFFF;
            final int dp = ip.getShort(l4 + 2) & 0xFFFF;
            if (protocol == 17) {
                final byte[] payload = new byte[total - ihl - 8];
                ip.get(l4 + 8, payload);
                s.datagrams.add(new Datagram(sp, dp, payload));
            } else if (protocol == 6) {
                final long seq = ip.getInt(l4 + 4) & 0xFFFFFFFFL;
                final int dataOffset = ((ip.get(l4 + 12) >> 4) & 0x0F) * 4;
                final int length = total - ihl - dataOffset;
                if (length <= 0) {
                    continue;
                }
                final String key = sp + ">" + dp;
                final Long expected = nextSeq.get(key);
                if (expected != null && seq != expected) {
                    continue; // a retransmission
                }
                final byte[] payload = new byte[length];
                ip.get(l4 + dataOffset, payload);
                streams.computeIfAbsent(key, k -> new ByteArrayOutputStream()).write(payload);
                nextSeq.put(key, seq + length);
            }
        }
        streams.forEach((k, v) -> s.tcp.put(k, v.toByteArray()));
        return s;
    }

    /** The first datagram from {@code sourcePort} to {@code destinationPort}. */
    Datagram datagram(final int sourcePort, final int destinationPort) {
        return datagrams.stream()
                .filter(d -> d.sourcePort() == sourcePort && d.destinationPort() == destinationPort)
                .findFirst()
                .orElseThrow();
    }

    /** The query datagram (to the multicast port), its answer, the feed in both directions. */
    Datagram query() {
        return datagram(34187, 16571);
    }

    Datagram answer() {
        return datagram(16571, 16573);
    }

    byte[] feedRequest() {
        return tcp.get("56090>16572");
    }

    byte[] feed() {
        return tcp.get("16572>56090");
    }
}

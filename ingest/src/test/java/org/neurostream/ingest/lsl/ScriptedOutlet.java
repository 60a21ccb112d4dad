package org.neurostream.ingest.lsl;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A fake LSL outlet on 127.0.0.1 for the tests of faulty and unsteady peers: it answers a full-info
 * request with its stream's XML (or the text it was given instead) and a stream-feed request, once
 * its headers are read, with whatever its {@link FeedWriter} writes; with {@code once} it is gone
 * (its server socket closed) after the first feed, as an outlet that was destroyed.
 */
final class ScriptedOutlet implements AutoCloseable {
    /** Writes the answer to a feed request; the connection is closed after it. */
    @FunctionalInterface
    interface FeedWriter {
        void write(OutputStream out, byte[] feed) throws Exception;
    }

    final StreamInfo info;
    private final ServerSocket server;
    private final DatagramSocket service;

    /**
     * Serves {@code stream} as {@code uid} on ports of its own.
     *
     * @param fullInfo the answer to a full-info request; null: the stream's own XML
     * @param feed the bytes handed to {@code writer} for each feed request
     */
    ScriptedOutlet(
            final StreamInfo stream,
            final String uid,
            final String fullInfo,
            final byte[] feed,
            final FeedWriter writer,
            final boolean once)
            throws Exception {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        service = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        info =
                stream.served(
                                uid,
                                1,
                                "default",
                                "fakehost",
                                server.getLocalPort(),
                                service.getLocalPort())
                        .withV4Address("127.0.0.1");
        final byte[] infoXml =
                (fullInfo == null ? info.toFullInfoXml() : fullInfo)
                        .getBytes(StandardCharsets.UTF_8);
        final Thread t =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    try (Socket c = server.accept()) {
                                        final InputStream in = c.getInputStream();
                                        final OutputStream out = c.getOutputStream();
                                        if (RecordedSessionTest.readLine(in)
                                                .startsWith("LSL:fullinfo")) {
                                            out.write(infoXml);
                                            out.flush();
                                            continue;
                                        }
                                        while (!RecordedSessionTest.readLine(in).isBlank()) {
                                            // headers
                                        }
                                        writer.write(out, feed);
                                        out.flush();
                                        if (once) {
                                            server.close();
                                        }
                                    }
                                }
                            } catch (final Exception e) {
                                // closed
                            }
                        },
                        "scripted-outlet");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws Exception {
        server.close();
        service.close();
    }
}

package org.neurostream.ingest.lsl;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.VarHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one LSL stream, wire-compatible with liblsl (protocol 1.10): answers discovery queries (on
 * its UDP service port and on the multicast port that resolvers query), serves its short and full
 * info and its stream feed on its TCP data port to any number of inlets (each its own consumer with
 * a bounded buffer), and answers clock-offset probes ({@code LSL:timedata}).
 *
 * <p>Pushing never blocks and allocates nothing for numeric samples: each push encodes the samples
 * once per connected inlet straight into that inlet's preallocated ring ({@link
 * OneToOneRingBuffer}); the inlet's sender thread writes them to its socket. An inlet that does not
 * keep up loses the samples that do not fit its ring; they are counted ({@link #droppedSamples()}).
 * Push from one thread at a time.
 */
public final class LslOutlet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LslOutlet.class);

    private static final int MIN_RING = 64 << 10;
    private static final int MAX_RING = 64 << 20;

    private final StreamInfo info;
    private final LslConfig config;
    private final ChannelFormat format;
    private final int channels;
    private final double srate;
    private final ServerSocket server;
    private final DatagramSocket service;
    private final MulticastSocket responder;
    private final String shortInfo;
    private final byte[] fullInfo;
    private final Map<String, Boolean> queryCache = new LinkedHashMap<>(16, 0.75f, true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<String> problems;

    /** Connected inlets; replaced as a whole when one comes or goes (copy on write). */
    private volatile Session[] sessions = new Session[0];

    private volatile boolean closed;

    private LslOutlet(
            final StreamInfo template, final LslConfig config, final Consumer<String> problems)
            throws IOException {
        this.config = config;
        this.problems = problems;
        this.format = template.channelFormat();
        this.channels = template.channelCount();
        this.srate = template.nominalSrate();
        final InetAddress listen = Ports.listenAddress(config);
        server = new ServerSocket();
        service = new DatagramSocket(null);
        try {
            final int dataPort = Ports.bind(server, config, listen);
            final int servicePort = Ports.bind(service, config, listen);
            info =
                    template.served(
                            UUID.randomUUID().toString(),
                            LslClock.now(),
                            config.sessionId,
                            Ports.hostname(),
                            dataPort,
                            servicePort);
            shortInfo = info.toShortInfoXml();
            fullInfo = info.toFullInfoXml().getBytes(StandardCharsets.UTF_8);
            responder = openResponder(listen);
        } catch (final IOException | RuntimeException e) {
            server.close();
            service.close();
            throw e;
        }
    }

    /**
     * Starts serving {@code info} with the configuration of this process ({@link LslConfig#load}).
     */
    public static LslOutlet open(final StreamInfo info) throws IOException {
        return open(info, LslConfig.load(), m -> LOG.warn(m));
    }

    /**
     * Starts serving {@code info}: binds its data and service ports in the configured range and the
     * multicast responder, and starts their threads.
     *
     * @param problems receives one line per fault of a peer (a bad request, a lost connection)
     * @throws IOException when no port can be bound
     */
    public static LslOutlet open(
            final StreamInfo info, final LslConfig config, final Consumer<String> problems)
            throws IOException {
        final LslOutlet o = new LslOutlet(info, config, problems);
        o.start();
        return o;
    }

    private void start() {
        final String n = info.name();
        threads.add(daemon("lsl-accept-" + n, this::acceptLoop));
        threads.add(daemon("lsl-service-" + n, () -> udpLoop(service, true)));
        if (responder != null) {
            threads.add(daemon("lsl-responder-" + n, () -> udpLoop(responder, false)));
        }
        threads.forEach(Thread::start);
    }

    /** The info as served: with its uid, creation time, host and ports. */
    public StreamInfo info() {
        return info;
    }

    /** Inlets connected now. */
    public int consumers() {
        return sessions.length;
    }

    /** Waits until at least one inlet is connected, or the timeout passes. */
    public boolean waitForConsumers(final long timeoutNs) {
        final long end = System.nanoTime() + timeoutNs;
        while (sessions.length == 0) {
            if (System.nanoTime() - end > 0 || closed) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** Samples not delivered to some inlet because its buffer was full, over all inlets. */
    public long droppedSamples() {
        return dropped.get();
    }

    /**
     * Pushes one sample; a {@code timestamp} of 0 means now ({@link LslClock#now()}). Values are
     * converted to the stream's format as liblsl converts them (a C cast).
     */
    public void pushSample(final float[] values, final double timestamp) {
        pushChunk(values, 0, 1, timestamp);
    }

    /**
     * Pushes {@code samples} samples of {@code data[offset...]} (sample-major: {@code samples x
     * channels}) as one chunk. As liblsl, {@code timestamp} (0 = now) is that of the last sample;
     * on a regular stream the first sample carries {@code timestamp - (samples - 1) / rate} and the
     * others are deduced from it, on an irregular stream every sample carries {@code timestamp}.
     */
    public synchronized void pushChunk(
            final float[] data, final int offset, final int samples, final double timestamp) {
        checkNumeric(data.length, offset, samples);
        final double last = timestamp == 0 ? LslClock.now() : timestamp;
        final double first = srate > 0 ? last - (samples - 1) / srate : last;
        final Session[] s = sessions;
        for (final Session session : s) {
            session.writeFloats(data, offset, samples, first);
        }
    }

    /** Pushes one sample of doubles (converted to the stream's format); timestamp 0 = now. */
    public void pushSample(final double[] values, final double timestamp) {
        pushNumeric(values, null, values.length, timestamp);
    }

    /** Pushes one sample of integers (converted to the stream's format); timestamp 0 = now. */
    public void pushSample(final long[] values, final double timestamp) {
        pushNumeric(null, values, values.length, timestamp);
    }

    private synchronized void pushNumeric(
            final double[] doubles, final long[] longs, final int length, final double timestamp) {
        checkNumeric(length, 0, 1);
        final double t = timestamp == 0 ? LslClock.now() : timestamp;
        final Session[] s = sessions;
        for (final Session session : s) {
            session.writeSample(doubles, longs, t);
        }
    }

    /** Pushes one sample of a string stream (a marker has one channel); timestamp 0 = now. */
    public synchronized void pushSample(final String[] values, final double timestamp) {
        if (format != ChannelFormat.STRING) {
            throw new LslException(info.name() + ": not a string stream");
        }
        if (values.length != channels) {
            throw new LslException(
                    info.name() + ": " + values.length + " values for " + channels + " channels");
        }
        final byte[][] utf8 = new byte[channels][];
        int length = 1 + Double.BYTES;
        for (int k = 0; k < channels; k++) {
            utf8[k] = values[k].getBytes(StandardCharsets.UTF_8);
            length += SampleDescriptor.stringLength(utf8[k].length);
        }
        final double t = timestamp == 0 ? LslClock.now() : timestamp;
        final Session[] s = sessions;
        for (final Session session : s) {
            session.writeStrings(utf8, length, t);
        }
    }

    /** Pushes a marker (one string) on a one-channel string stream; timestamp 0 = now. */
    public void pushMarker(final String label, final double timestamp) {
        pushSample(new String[] {label}, timestamp);
    }

    private void checkNumeric(final int length, final int offset, final int samples) {
        if (format == ChannelFormat.STRING) {
            throw new LslException(info.name() + ": a string stream takes strings");
        }
        if (samples < 0 || offset < 0 || (long) offset + (long) samples * channels > length) {
            throw new LslException(
                    info.name()
                            + ": "
                            + samples
                            + " samples of "
                            + channels
                            + " channels do not fit the array from "
                            + offset);
        }
    }

    /** Stops serving: closes the ports and every inlet's connection, ends the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (final IOException e) {
            // closing
        }
        service.close();
        if (responder != null) {
            responder.close();
        }
        for (final Session s : sessions) {
            s.close();
        }
        for (final Thread t : threads) {
            try {
                t.join(2000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // discovery and clock service over UDP

    private MulticastSocket openResponder(final InetAddress listen) {
        if (config.multicastAddresses.isEmpty()) {
            return null;
        }
        MulticastSocket socket = null;
        try {
            socket = new MulticastSocket(null);
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(listen, config.multicastPort));
            boolean joinedAll = true;
            for (final InetAddress group : config.multicastAddresses) {
                if (!group.isMulticastAddress()) {
                    continue;
                }
                final List<NetworkInterface> ifs = Ports.multicastInterfaces(config);
                for (final NetworkInterface ni : ifs) {
                    try {
                        socket.joinGroup(new InetSocketAddress(group, config.multicastPort), ni);
                    } catch (final IOException e) {
                        joinedAll = false;
                    }
                }
            }
            if (!joinedAll) {
                LOG.debug("{}: could not join every multicast group on every interface", info);
            }
            socket.setSoTimeout(250);
            return socket;
        } catch (final IOException e) {
            if (socket != null) {
                socket.close();
            }
            problems.accept(
                    info.name()
                            + ": no multicast responder on port "
                            + config.multicastPort
                            + " ("
                            + e.getMessage()
                            + "); resolvers find it through KnownPeers only");
            return null;
        }
    }

    private void udpLoop(final DatagramSocket socket, final boolean timeServices) {
        final byte[] buf = new byte[65536];
        final DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(250);
        } catch (final SocketException e) {
            return;
        }
        while (!closed) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
                final double t1 = LslClock.now();
                answer(socket, packet, t1, timeServices);
            } catch (final SocketTimeoutException e) {
                // look at closed again
            } catch (final IOException e) {
                if (!closed) {
                    problems.accept(info.name() + ": UDP service: " + e.getMessage());
                }
            }
        }
    }

    private void answer(
            final DatagramSocket socket,
            final DatagramPacket packet,
            final double t1,
            final boolean timeServices)
            throws IOException {
        final String text = Ports.text(packet);
        final int nl = text.indexOf('\n');
        final String method = (nl < 0 ? text : text.substring(0, nl)).strip();
        final String rest = nl < 0 ? "" : text.substring(nl + 1);
        if (method.equals("LSL:shortinfo")) {
            final int nl2 = rest.indexOf('\n');
            final String query = (nl2 < 0 ? rest : rest.substring(0, nl2)).strip();
            final String[] tail = (nl2 < 0 ? "" : rest.substring(nl2 + 1)).strip().split("\\s+");
            if (tail.length < 2) {
                return;
            }
            final int returnPort;
            try {
                returnPort = Integer.parseInt(tail[0]);
            } catch (final NumberFormatException e) {
                return;
            }
            if (returnPort < 1 || returnPort > 65535 || !matches(query)) {
                return;
            }
            final byte[] reply = (tail[1] + "\r\n" + shortInfo).getBytes(StandardCharsets.UTF_8);
            socket.send(
                    new DatagramPacket(
                            reply,
                            reply.length,
                            new InetSocketAddress(packet.getAddress(), returnPort)));
        } else if (timeServices && method.equals("LSL:timedata")) {
            final String[] parts = rest.strip().split("\\s+");
            if (parts.length < 2) {
                return;
            }
            final long wave;
            final double t0;
            try {
                wave = Long.parseLong(parts[0]);
                t0 = Double.parseDouble(parts[1]);
            } catch (final NumberFormatException e) {
                return;
            }
            final String reply =
                    " "
                            + wave
                            + " "
                            + formatG16(t0)
                            + " "
                            + formatG16(t1)
                            + " "
                            + formatG16(LslClock.now());
            final byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
        }
    }

    /** Whether a query matches this stream; results are kept for the last 100 queries. */
    private boolean matches(final String query) {
        synchronized (queryCache) {
            final Boolean known = queryCache.get(query);
            if (known != null) {
                return known;
            }
        }
        boolean m;
        try {
            m = StreamQuery.of(query).matches(info);
        } catch (final LslException e) {
            m = false;
        }
        synchronized (queryCache) {
            queryCache.put(query, m);
            if (queryCache.size() > 100) {
                queryCache.remove(queryCache.keySet().iterator().next());
            }
        }
        return m;
    }

    /** A double as C++ streams write it with precision 16 (no trailing zeros). */
    static String formatG16(final double v) {
        String s = String.format(Locale.ROOT, "%.16g", v);
        final int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        final String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + exponent;
    }

    // ---------------------------------------------------------------------------------------
    // TCP: info requests and stream feeds

    private void acceptLoop() {
        while (!closed) {
            final Socket socket;
            try {
                socket = server.accept();
            } catch (final IOException e) {
                if (!closed) {
                    problems.accept(info.name() + ": accept failed: " + e.getMessage());
                }
                return;
            }
            final Thread t = daemon("lsl-session-" + info.name(), () -> serve(socket));
            t.start();
        }
    }

    private void serve(final Socket socket) {
        final String peer = socket.getRemoteSocketAddress().toString();
        Session session = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            final InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            final OutputStream out = socket.getOutputStream();
            final String method = readLine(in).strip();
            if (method.equals("LSL:shortinfo")) {
                final String query = readLine(in).strip();
                if (matches(query)) {
                    out.write(shortInfo.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } else if (method.equals("LSL:fullinfo")) {
                out.write(fullInfo);
                out.flush();
            } else if (method.startsWith("LSL:streamfeed/")) {
                session = handshake(method, in, out, peer, socket);
                if (session != null) {
                    socket.setSoTimeout(0);
                    session.run();
                }
            } else if (method.equals("LSL:streamfeed")) {
                // protocol 1.00 (portable binary archives) is not served
                refuse(
                        out,
                        "505 Version not supported",
                        "inlet " + peer + " asked for protocol 1.00, which is not served");
            }
        } catch (final IOException e) {
            if (!closed) {
                LOG.debug("{}: session with {} ended: {}", info.name(), peer, e.getMessage());
            }
        } finally {
            if (session != null) {
                removeSession(session);
            }
        }
    }

    private Session handshake(
            final String method,
            final InputStream in,
            final OutputStream out,
            final String peer,
            final Socket socket)
            throws IOException {
        final String[] parts = method.split("\\s+");
        final int version;
        try {
            version = Integer.parseInt(parts[0].substring("LSL:streamfeed/".length()));
        } catch (final NumberFormatException e) {
            problems.accept(info.name() + ": inlet " + peer + " sent a bad request: " + method);
            return null;
        }
        final String uid = parts.length > 1 ? parts[1] : "";
        final int ours = config.useProtocolVersion;
        int maxBuffered = 0;
        int valueSize = format.bytes();
        int clientVersion = version;
        String line;
        while (!(line = readLine(in)).isBlank()) {
            final String[] header = FeedHeaders.parse(line);
            if (header == null) {
                continue;
            }
            final String key = header[0];
            final String value = header[1];
            try {
                switch (key) {
                    case "max-buffer-length" -> maxBuffered = Integer.parseInt(value);
                    case "value-size" -> valueSize = Integer.parseInt(value);
                    case "protocol-version", "data-protocol-version" ->
                            clientVersion = Integer.parseInt(value);
                    default -> {
                        // byte order, endian performance, floats, subnormals: we send
                        // little-endian IEEE-754 and let the inlet convert, as liblsl may
                    }
                }
            } catch (final NumberFormatException e) {
                problems.accept(info.name() + ": inlet " + peer + " sent a bad header: " + line);
                return null;
            }
        }
        if (version / 100 > ours / 100) {
            refuse(
                    out,
                    "505 Version not supported",
                    "inlet "
                            + peer
                            + " asked for protocol "
                            + version
                            + ", which is newer than "
                            + ours);
            return null;
        }
        if (!uid.isEmpty() && !uid.equals(info.uid())) {
            refuse(out, "404 Not found", null);
            return null;
        }
        if (Math.min(ours, clientVersion) < 110
                || (format != ChannelFormat.STRING && valueSize != format.bytes())) {
            // liblsl would fall back to protocol 1.00 here; we only serve 1.10
            refuse(
                    out,
                    "505 Version not supported",
                    "inlet "
                            + peer
                            + " needs data protocol 1.00 (version "
                            + clientVersion
                            + ", value size "
                            + valueSize
                            + "), not served");
            return null;
        }
        final String response =
                "LSL/"
                        + ours
                        + " 200 OK\r\n"
                        + "UID: "
                        + info.uid()
                        + "\r\n"
                        + "Byte-Order: 1234\r\n"
                        + "Suppress-Subnormals: 0\r\n"
                        + "Data-Protocol-Version: 110\r\n"
                        + "\r\n";
        final byte[] head = response.getBytes(StandardCharsets.US_ASCII);
        int patternLength = 0;
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            patternLength += SampleDescriptor.testPatternLength(format, channels, offset);
        }
        final UnsafeBuffer feedHeader = new UnsafeBuffer(new byte[head.length + patternLength]);
        feedHeader.putBytes(0, head);
        int at = head.length;
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            at += SampleDescriptor.writeTestPattern(feedHeader, at, format, channels, offset);
        }
        if (maxBuffered <= 0) {
            out.write(feedHeader.byteArray());
            out.flush();
            return null;
        }
        final Session session = new Session(peer, socket, out, ringCapacity(maxBuffered));
        // registered before the header is sent, so that the first sample pushed after the inlet
        // sees the header is never missed
        addSession(session);
        out.write(feedHeader.byteArray());
        out.flush();
        return session;
    }

    /** Answers a feed request with {@code LSL/<version> <status>} and reports why, if given. */
    private void refuse(final OutputStream out, final String status, final String problem)
            throws IOException {
        out.write(
                ("LSL/" + config.useProtocolVersion + " " + status + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (problem != null) {
            problems.accept(info.name() + ": " + problem);
        }
    }

    private int ringCapacity(final int maxBufferedSamples) {
        final long sampleBytes =
                format == ChannelFormat.STRING
                        ? 1 + Double.BYTES + channels * 64L
                        : SampleDescriptor.numericLength(format, channels, true);
        final long want = Math.max(MIN_RING, Math.min(MAX_RING, maxBufferedSamples * sampleBytes));
        return BitUtil.findNextPositivePowerOfTwo((int) want);
    }

    private synchronized void addSession(final Session s) {
        final Session[] now = sessions;
        final Session[] next = java.util.Arrays.copyOf(now, now.length + 1);
        next[now.length] = s;
        sessions = next;
    }

    private synchronized void removeSession(final Session s) {
        final Session[] now = sessions;
        final List<Session> keep = new ArrayList<>();
        for (final Session x : now) {
            if (x != s) {
                keep.add(x);
            }
        }
        sessions = keep.toArray(new Session[0]);
        s.close();
    }

    /** Reads one line ending in LF (a CR before it is kept and stripped by callers). */
    private static String readLine(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 16384) {
                throw new IOException("request line longer than 16 KiB");
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }

    private static Thread daemon(final String name, final Runnable r) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One connected inlet: its ring of encoded samples and the thread that sends them. */
    private final class Session {
        private final String peer;
        private final Socket socket;
        private final OutputStream out;
        private final RingBuffer ring;
        private final AtomicBuffer ringBuffer;
        private final int maxMessage;
        private final byte[] staging = new byte[256 << 10];
        private int staged;
        private volatile boolean waiting;
        private volatile boolean ended;
        private volatile Thread sender;
        private IOException failure;

        Session(
                final String peer,
                final Socket socket,
                final OutputStream out,
                final int capacity) {
            this.peer = peer;
            this.socket = socket;
            this.out = out;
            this.ringBuffer =
                    new UnsafeBuffer(
                            ByteBuffer.allocateDirect(
                                    capacity + RingBufferDescriptor.TRAILER_LENGTH));
            this.ring = new OneToOneRingBuffer(ringBuffer);
            this.maxMessage = ring.maxMsgLength();
        }

        /** The sender loop: ring to socket until the session ends. */
        void run() throws IOException {
            sender = Thread.currentThread();
            while (!ended && !closed) {
                final int n = ring.read(this::stage, 4096);
                if (failure != null) {
                    throw failure;
                }
                if (staged > 0) {
                    out.write(staging, 0, staged);
                    staged = 0;
                }
                if (n == 0) {
                    waiting = true;
                    if (ring.size() == 0 && !ended && !closed) {
                        LockSupport.parkNanos(100_000_000L);
                    }
                    waiting = false;
                }
            }
        }

        private void stage(
                final int type,
                final org.agrona.MutableDirectBuffer buffer,
                final int index,
                final int length) {
            if (failure != null) {
                return;
            }
            try {
                int done = 0;
                while (done < length) {
                    if (staged == staging.length) {
                        out.write(staging, 0, staged);
                        staged = 0;
                    }
                    final int n = Math.min(length - done, staging.length - staged);
                    buffer.getBytes(index + done, staging, staged, n);
                    staged += n;
                    done += n;
                }
            } catch (final IOException e) {
                failure = e;
            }
        }

        void close() {
            ended = true;
            final Thread t = sender;
            if (t != null) {
                LockSupport.unpark(t);
            }
            if (closed) {
                // a sender blocked writing to an inlet that does not read is freed by the close
                try {
                    socket.close();
                } catch (final IOException e) {
                    // closing
                }
            }
        }

        private void wake() {
            // StoreLoad: the ring's ordered stores must be visible before waiting is read, or the
            // sender (waiting = true, then ring.size()) and we could both miss each other and the
            // sample wait for the sender's park timeout
            VarHandle.fullFence();
            if (waiting) {
                final Thread t = sender;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }

        private int claim(final int length, final int samples) {
            final int index = ring.tryClaim(1, length);
            if (index < 0) {
                dropped.addAndGet(samples);
            }
            return index;
        }

        /** Writes a sample's tag and timestamp at {@code at}; returns where its values go. */
        private int stamp(final int at, final double t) {
            ringBuffer.putByte(at, SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP);
            ringBuffer.putDouble(at + 1, t, LITTLE_ENDIAN);
            return at + 1 + Double.BYTES;
        }

        private void publish(final int index) {
            ring.commit(index);
            wake();
        }

        void writeFloats(
                final float[] data, final int offset, final int samples, final double first) {
            final int sampleBytes = SampleDescriptor.numericLength(format, channels, false);
            final int perMessage = Math.max(1, maxMessage / (sampleBytes + Double.BYTES));
            int done = 0;
            double t = first;
            while (done < samples) {
                final int n = Math.min(perMessage, samples - done);
                final int length =
                        srate > 0
                                ? n * sampleBytes + Double.BYTES
                                : n * (sampleBytes + Double.BYTES);
                final int index = claim(length, n);
                if (index >= 0) {
                    int at = index;
                    for (int s = 0; s < n; s++) {
                        if (s == 0 || srate == 0) {
                            at = stamp(at, t);
                        } else {
                            ringBuffer.putByte(at++, SampleDescriptor.TAG_DEDUCED_TIMESTAMP);
                        }
                        final int from = offset + (done + s) * channels;
                        for (int c = 0; c < channels; c++) {
                            at = put(at, data[from + c]);
                        }
                    }
                    publish(index);
                }
                done += n;
                if (srate > 0) {
                    t = first + done / srate;
                }
            }
        }

        /** One sample of {@code doubles}, or of {@code longs} where doubles is null. */
        void writeSample(final double[] doubles, final long[] longs, final double t) {
            final int index = claim(SampleDescriptor.numericLength(format, channels, true), 1);
            if (index >= 0) {
                int at = stamp(index, t);
                for (int c = 0; c < channels; c++) {
                    at = doubles != null ? put(at, doubles[c]) : put(at, longs[c]);
                }
                publish(index);
            }
        }

        /** One value converted to the stream's format as a C cast converts it. */
        private int put(final int at, final double v) {
            switch (format) {
                case FLOAT32 -> ringBuffer.putFloat(at, (float) v, LITTLE_ENDIAN);
                case DOUBLE64 -> ringBuffer.putDouble(at, v, LITTLE_ENDIAN);
                case INT32 -> ringBuffer.putInt(at, (int) v, LITTLE_ENDIAN);
                case INT16 -> ringBuffer.putShort(at, (short) (int) v, LITTLE_ENDIAN);
                case INT8 -> ringBuffer.putByte(at, (byte) (int) v);
                case INT64 -> ringBuffer.putLong(at, (long) v, LITTLE_ENDIAN);
                case STRING -> throw new IllegalStateException("numeric push on strings");
            }
            return at + format.bytes();
        }

        /** One integer value converted to the stream's format (exact for int64). */
        private int put(final int at, final long v) {
            switch (format) {
                case INT64 -> ringBuffer.putLong(at, v, LITTLE_ENDIAN);
                case FLOAT32 -> ringBuffer.putFloat(at, (float) v, LITTLE_ENDIAN);
                case INT32 -> ringBuffer.putInt(at, (int) v, LITTLE_ENDIAN);
                case INT16 -> ringBuffer.putShort(at, (short) v, LITTLE_ENDIAN);
                case INT8 -> ringBuffer.putByte(at, (byte) v);
                default -> {
                    return put(at, (double) v);
                }
            }
            return at + format.bytes();
        }

        void writeStrings(final byte[][] utf8, final int length, final double t) {
            if (length > maxMessage) {
                dropped.incrementAndGet();
                problems.accept(
                        info.name()
                                + ": a string sample of "
                                + length
                                + " bytes exceeds the buffer of inlet "
                                + peer);
                return;
            }
            final int index = claim(length, 1);
            if (index >= 0) {
                int at = stamp(index, t);
                for (final byte[] s : utf8) {
                    at += SampleDescriptor.writeString(ringBuffer, at, s);
                }
                publish(index);
            }
        }
    }
}

package org.neurostream.ingest.lsl;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads one LSL stream from its outlet over the stream feed of protocol 1.10, as liblsl's inlet
 * does: the handshake, the two test-pattern samples checked, then samples (float32, double64,
 * int8/16/32/64 or string) into a bounded buffer preallocated for {@code bufferSeconds} of the
 * stream, from which {@link #pull} hands them out as soon as there are any. A full buffer drops the
 * newest samples and counts them ({@link #overflowedSamples()}; the next sample handed out carries
 * the count). The clock offset to the outlet is estimated all along ({@link ClockOffset}).
 *
 * <p>When the connection breaks (the outlet stopped, a truncated sample, garbage in the feed) the
 * inlet reports one line naming the peer and the reason and, for a stream with a source id,
 * recovers as liblsl does: it resolves the stream again by name, type, source id, format and
 * channel count, connects to it (a restarted outlet has a new uid) and marks the next sample
 * ({@link LslSample#reconnectedBefore()}). A peer that is incompatible (another protocol version, a
 * test pattern that does not match) drops the stream: {@link #pull} then returns -1.
 *
 * <p>One thread reads the socket; one other thread pulls. Nothing is allocated per numeric sample.
 */
public final class LslInlet implements AutoCloseable {
    /** Where the inlet is. */
    public enum State {
        CONNECTING,
        CONNECTED,
        RECOVERING,
        DROPPED,
        CLOSED
    }

    private static final int READ_CHUNK = 256 << 10;

    private final LslConfig config;
    private final Consumer<String> problems;
    private final boolean recover;
    private final String recoverOff;
    private final ChannelFormat format;
    private final int channels;
    private final double srate;
    private final int sampleBytes;
    private final int capacity;
    private final int mask;
    private final double[] stamps;
    private final long[] dropped;
    private final boolean[] reconnected;
    private final UnsafeBuffer slab;
    private final String[] stringSlab;
    private final LslSample view;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread reader;
    private final ClockOffset clock;

    private volatile StreamInfo info;
    private volatile State state = State.CONNECTING;
    private volatile String lastProblem;
    private volatile boolean consumerWaiting;
    private volatile Thread consumer;
    private volatile Socket socket;
    private volatile boolean closed;

    /** Reader-thread state: samples to report as dropped before the next one stored. */
    private long pendingDropped;

    private boolean pendingReconnect;

    private LslInlet(
            final StreamInfo resolved,
            final LslConfig config,
            final double bufferSeconds,
            final boolean recover,
            final Consumer<String> problems)
            throws IOException {
        this.config = config;
        this.problems = problems;
        this.recover = recover && !resolved.sourceId().isEmpty();
        this.recoverOff = !recover ? "recovery is off" : "it has no source id to recover it by";
        this.format = resolved.channelFormat();
        this.channels = resolved.channelCount();
        this.srate = resolved.nominalSrate();
        this.sampleBytes = format == ChannelFormat.STRING ? 0 : channels * format.bytes();
        final long wanted =
                srate > 0 ? (long) Math.ceil(srate * bufferSeconds) : (long) (bufferSeconds * 100);
        final long maxByMemory =
                sampleBytes == 0 ? 1 << 20 : Math.max(16, (512L << 20) / sampleBytes);
        this.capacity =
                BitUtil.findNextPositivePowerOfTwo(
                        (int) Math.max(16, Math.min(wanted, maxByMemory)));
        this.mask = capacity - 1;
        this.stamps = new double[capacity];
        this.dropped = new long[capacity];
        this.reconnected = new boolean[capacity];
        this.slab = new UnsafeBuffer(new byte[Math.max(1, capacity * sampleBytes)]);
        this.stringSlab = format == ChannelFormat.STRING ? new String[capacity * channels] : null;
        this.view = new LslSample(format, channels);
        this.info = fetchFullInfo(resolved);
        this.clock =
                new ClockOffset(
                        config,
                        new InetSocketAddress(resolved.v4address(), resolved.v4servicePort()),
                        resolved.name());
        this.reader = new Thread(this::readLoop, "lsl-inlet-" + resolved.name());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens an inlet on a resolved stream (from {@link LslResolver}) and starts reading.
     *
     * @param bufferSeconds the buffer's size in seconds of the stream (irregular streams: 100
     *     samples a second)
     * @param recover whether to recover the stream when its outlet restarts (needs a source id)
     * @param problems receives one line per fault, naming the peer and the reason
     * @throws IOException when no socket can be opened
     */
    public static LslInlet open(
            final StreamInfo resolved,
            final LslConfig config,
            final double bufferSeconds,
            final boolean recover,
            final Consumer<String> problems)
            throws IOException {
        if (resolved.v4address().isEmpty()) {
            throw new LslException(resolved.name() + ": not a resolved stream (no address)");
        }
        return new LslInlet(resolved, config, bufferSeconds, recover, problems);
    }

    /** The stream's full info (with channel labels), as fetched from its outlet. */
    public StreamInfo info() {
        return info;
    }

    /** Where the inlet is: connecting, connected, recovering, dropped or closed. */
    public State state() {
        return state;
    }

    /** The last fault reported, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    /** Samples dropped because the buffer was full, so far. */
    public long overflowedSamples() {
        return overflowed.get();
    }

    /** Samples received from the outlet(s), so far. */
    public long receivedSamples() {
        return received.get();
    }

    /** Times the inlet reconnected after losing its outlet. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Samples in the buffer now. */
    public int available() {
        return (int) (tail.get() - head.get());
    }

    /** The buffer's capacity in samples. */
    public int capacity() {
        return capacity;
    }

    /** The clock-offset estimator of this inlet. */
    public ClockOffset clock() {
        return clock;
    }

    /**
     * The clock correction (local minus the outlet's clock, s), waiting up to {@code timeoutNs} for
     * the first estimate.
     *
     * @return the correction, or NaN when none came in time
     */
    public double timeCorrection(final long timeoutNs) throws InterruptedException {
        final ClockOffset.Estimate e = clock.await(timeoutNs);
        return e == null ? Double.NaN : e.correction();
    }

    /**
     * Hands the samples there are, at most {@code maxSamples}, to {@code handler}; waits up to
     * {@code timeoutNs} for the first one.
     *
     * @return samples handed out; 0 when none came in time; -1 when the stream was dropped (or the
     *     inlet closed) and every sample was handed out
     */
    public int pull(final SampleHandler handler, final int maxSamples, final long timeoutNs) {
        long h = head.get();
        long t = tail.get();
        if (t == h) {
            if (state == State.DROPPED || state == State.CLOSED) {
                return -1;
            }
            consumer = Thread.currentThread();
            final long end = System.nanoTime() + timeoutNs;
            while ((t = tail.get()) == h) {
                if (state == State.DROPPED || state == State.CLOSED) {
                    return tail.get() == h ? -1 : 0;
                }
                final long left = end - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                consumerWaiting = true;
                if (tail.get() == h) {
                    LockSupport.parkNanos(this, left);
                }
                consumerWaiting = false;
            }
        }
        final int n = (int) Math.min(maxSamples, t - h);
        for (int i = 0; i < n; i++) {
            final int slot = (int) ((h + i) & mask);
            view.wrap(
                    slab,
                    slot * sampleBytes,
                    stringSlab,
                    slot * channels,
                    stamps[slot],
                    dropped[slot],
                    reconnected[slot]);
            handler.onSample(view);
            if (stringSlab != null) {
                for (int c = 0; c < channels; c++) {
                    stringSlab[slot * channels + c] = null;
                }
            }
        }
        head.lazySet(h + n);
        return n;
    }

    /** Receives pulled samples; the sample is a view valid during the call only. */
    @FunctionalInterface
    public interface SampleHandler {
        void onSample(LslSample sample);
    }

    /** Closes the connection and stops the reader and clock threads; a waiting pull returns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = State.CLOSED;
        final Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (final IOException e) {
                // closing
            }
        }
        clock.close();
        reader.interrupt();
        try {
            reader.join(2000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wakeConsumer();
    }

    // ---------------------------------------------------------------------------------------
    // the reader thread

    /** The connection broke; the stream may be recovered. */
    private static final class Lost extends IOException {
        private static final long serialVersionUID = 1L;

        Lost(final String m) {
            super(m);
        }
    }

    private void readLoop() {
        while (!closed) {
            final StreamInfo target = info;
            final String peer = peer(target);
            try {
                stream(target, peer);
            } catch (final LslProtocolException e) {
                if (closed) {
                    return;
                }
                report(peer + ": " + e.getMessage() + "; stream dropped");
                state = State.DROPPED;
                wakeConsumer();
                return;
            } catch (final IOException e) {
                if (closed) {
                    return;
                }
                final String why = e instanceof Lost ? e.getMessage() : describe(e);
                if (!recover) {
                    report(peer + ": " + why + "; stream dropped (" + recoverOff + ")");
                    state = State.DROPPED;
                    wakeConsumer();
                    return;
                }
                report(peer + ": " + why + "; recovering");
                state = State.RECOVERING;
                if (!recoverStream(target)) {
                    return;
                }
            }
        }
    }

    private void stream(final StreamInfo target, final String peer) throws IOException {
        try (Socket s = new Socket()) {
            socket = s;
            if (closed) {
                return;
            }
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(4 << 20);
            s.connect(new InetSocketAddress(target.v4address(), target.v4dataPort()), 5000);
            s.setSoTimeout(5000);
            final OutputStream out = s.getOutputStream();
            out.write(request(target).getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = s.getInputStream();
            final FeedReader feed = new FeedReader(in, peer);
            readResponse(feed, target);
            checkTestPattern(feed);
            state = State.CONNECTED;
            s.setSoTimeout(1000);
            feed.maxTimeouts = (int) Math.max(1, Math.ceil(config.watchdogTimeThreshold));
            readSamples(feed, target);
        } finally {
            socket = null;
        }
    }

    private String request(final StreamInfo target) {
        final int proposed = Math.min(config.useProtocolVersion, target.version());
        // the outlet buffers as much for this inlet as the inlet itself holds
        final long maxBuffer = capacity;
        return "LSL:streamfeed/"
                + proposed
                + " "
                + target.uid()
                + "\r\n"
                + "Native-Byte-Order: 1234\r\n"
                + "Endian-Performance: 0\r\n"
                + "Has-IEEE754-Floats: 1\r\n"
                + "Supports-Subnormals: "
                + (format.isFloatingPoint() ? 1 : 0)
                + "\r\n"
                + "Value-Size: "
                + format.bytes()
                + "\r\n"
                + "Data-Protocol-Version: "
                + proposed
                + "\r\n"
                + "Max-Buffer-Length: "
                + maxBuffer
                + "\r\n"
                + "Max-Chunk-Length: 0\r\n"
                + "Hostname: "
                + target.hostname()
                + "\r\n"
                + "Source-Id: "
                + target.sourceId()
                + "\r\n"
                + "Session-Id: "
                + target.sessionId()
                + "\r\n"
                + "\r\n";
    }

    private void readResponse(final FeedReader feed, final StreamInfo target) throws IOException {
        final String status = feed.line();
        final String[] parts = status.strip().split(" +", 3);
        if (parts.length < 3 || !parts[0].startsWith("LSL/")) {
            throw new LslProtocolException(
                    "malformed stream feed response '" + printable(status) + "'");
        }
        final int version;
        final int code;
        try {
            version = Integer.parseInt(parts[0].substring(4));
            code = Integer.parseInt(parts[1]);
        } catch (final NumberFormatException e) {
            throw new LslProtocolException(
                    "malformed stream feed response '" + printable(status) + "'");
        }
        if (version / 100 > config.useProtocolVersion / 100) {
            throw new LslProtocolException(
                    "answers with protocol version " + version + ", newer than the 1.10 we speak");
        }
        if (code == 404) {
            throw new Lost("no longer serves stream " + target.uid() + " (404)");
        }
        if (code >= 400) {
            throw new LslProtocolException("refused the stream feed: '" + printable(status) + "'");
        }
        if (code >= 300) {
            throw new Lost("asked for a redirect (" + code + ")");
        }
        String line;
        while (!(line = feed.line()).isBlank()) {
            final String[] header = FeedHeaders.parse(line);
            if (header == null) {
                continue;
            }
            final String key = header[0];
            final String value = header[1];
            switch (key) {
                case "byte-order" -> {
                    if (!value.equals("1234") && !value.equals("0")) {
                        throw new LslProtocolException(
                                "sends byte order " + value + "; only little-endian is read");
                    }
                }
                case "uid" -> {
                    if (!value.equals(target.uid())) {
                        throw new Lost("serves uid " + value + ", not " + target.uid());
                    }
                }
                case "data-protocol-version" -> {
                    final int v;
                    try {
                        v = Integer.parseInt(value);
                    } catch (final NumberFormatException e) {
                        throw new LslProtocolException(
                                "malformed Data-Protocol-Version '" + printable(value) + "'");
                    }
                    if (v != 110) {
                        throw new LslProtocolException(
                                "sends data protocol version " + v + "; only 110 is read");
                    }
                }
                default -> {
                    // Suppress-Subnormals: we support subnormals, nothing to do
                }
            }
        }
    }

    private void checkTestPattern(final FeedReader feed) throws IOException {
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            final int tag = feed.u8();
            if (tag != SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP) {
                throw new LslProtocolException(
                        "test pattern does not match: tag " + tag + " instead of 2");
            }
            final double t = feed.f64();
            if (Double.doubleToRawLongBits(t)
                    != Double.doubleToRawLongBits(SampleDescriptor.TEST_PATTERN_TIMESTAMP)) {
                throw new LslProtocolException(
                        "test pattern does not match: timestamp " + t + " instead of 123456.789");
            }
            if (format == ChannelFormat.STRING) {
                for (int c = 0; c < channels; c++) {
                    final String v = feed.string();
                    if (!v.equals(SampleDescriptor.testPatternString(c))) {
                        throw new LslProtocolException(
                                "test pattern does not match: channel "
                                        + c
                                        + " is '"
                                        + printable(v)
                                        + "'");
                    }
                }
            } else {
                feed.need(sampleBytes);
                if (!SampleDescriptor.isNumericTestPattern(
                        feed.view, feed.pos, format, channels, offset)) {
                    throw new LslProtocolException(
                            "test pattern does not match (another channel format or count?)");
                }
                feed.pos += sampleBytes;
            }
        }
    }

    private void readSamples(final FeedReader feed, final StreamInfo target) throws IOException {
        double last = 0;
        final double step = srate > 0 ? 1.0 / srate : 0.0;
        long silentSince = System.nanoTime();
        final long watchdogNs = LslResolver.seconds(config.watchdogTimeThreshold);
        while (!closed) {
            if (!feed.fill(1, true)) {
                // SO_TIMEOUT: silence; check whether our outlet is still served
                if (System.nanoTime() - silentSince > watchdogNs) {
                    silentSince = System.nanoTime();
                    if (!stillServed(target)) {
                        throw new Lost(
                                "silent for "
                                        + config.watchdogTimeThreshold
                                        + " s and no longer announced");
                    }
                }
                continue;
            }
            silentSince = System.nanoTime();
            feed.beginSample();
            final int tag = feed.view.getByte(feed.pos) & 0xFF;
            final double stamp;
            if (tag == SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP) {
                feed.pos++;
                stamp = feed.f64();
            } else if (tag == SampleDescriptor.TAG_DEDUCED_TIMESTAMP) {
                feed.pos++;
                stamp = last + step;
            } else {
                throw new Lost(
                        String.format(
                                Locale.ROOT,
                                "garbage in the stream feed: sample tag 0x%02x after %d samples",
                                tag,
                                received.get()));
            }
            last = stamp;
            final long t = tail.get();
            final boolean room = t - head.get() < capacity;
            final int slot = (int) (t & mask);
            if (format == ChannelFormat.STRING) {
                for (int c = 0; c < channels; c++) {
                    final String v = feed.string();
                    if (room) {
                        stringSlab[slot * channels + c] = v;
                    }
                }
            } else {
                feed.need(sampleBytes);
                if (room) {
                    slab.putBytes(slot * sampleBytes, feed.view, feed.pos, sampleBytes);
                }
                feed.pos += sampleBytes;
            }
            received.incrementAndGet();
            if (!room) {
                pendingDropped++;
                overflowed.incrementAndGet();
                feed.sampleDone();
                continue;
            }
            stamps[slot] = stamp;
            dropped[slot] = pendingDropped;
            reconnected[slot] = pendingReconnect;
            pendingDropped = 0;
            pendingReconnect = false;
            // a volatile store: it must be visible before consumerWaiting is read (StoreLoad), or
            // a consumer about to park would miss this sample until its timeout
            tail.set(t + 1);
            if (consumerWaiting) {
                wakeConsumer();
            }
            feed.sampleDone();
        }
    }

    private void wakeConsumer() {
        final Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    private boolean stillServed(final StreamInfo target) {
        try {
            final List<StreamInfo> found =
                    new LslResolver(config, problems)
                            .resolve(recoveryQuery(target), 0, LslResolver.seconds(2.0));
            return found.stream().anyMatch(i -> i.uid().equals(target.uid()));
        } catch (final IOException e) {
            return true;
        }
    }

    /** Finds the stream again; false when the inlet closed meanwhile. */
    private boolean recoverStream(final StreamInfo lost) {
        final StreamQuery query = recoveryQuery(lost);
        final LslResolver resolver = new LslResolver(config, problems);
        boolean warned = false;
        while (!closed) {
            try {
                Thread.sleep(500);
                final List<StreamInfo> found = resolver.resolve(query, 1, LslResolver.seconds(1.5));
                if (found.stream().anyMatch(i -> i.uid().equals(lost.uid()))) {
                    // the same outlet still serves: a broken connection, not a restart
                    pendingReconnect = true;
                    reconnects.incrementAndGet();
                    return true;
                }
                if (found.size() == 1) {
                    final StreamInfo next = found.get(0);
                    info = fetchFullInfo(next);
                    clock.retarget(new InetSocketAddress(next.v4address(), next.v4servicePort()));
                    pendingReconnect = true;
                    reconnects.incrementAndGet();
                    report(
                            peer(next)
                                    + ": "
                                    + lost.name()
                                    + " recovered (new uid "
                                    + next.uid()
                                    + ")");
                    return true;
                }
                if (found.size() > 1 && !warned) {
                    warned = true;
                    report(
                            lost.name()
                                    + ": "
                                    + found.size()
                                    + " streams with source id '"
                                    + lost.sourceId()
                                    + "'; cannot recover until all but one are closed");
                }
            } catch (final InterruptedException e) {
                return false;
            } catch (final IOException e) {
                // try again
            }
        }
        return false;
    }

    private static StreamQuery recoveryQuery(final StreamInfo s) {
        final StringBuilder q = new StringBuilder();
        q.append("channel_count='").append(s.channelCount()).append('\'');
        if (!s.name().isEmpty()) {
            q.append(" and name='").append(s.name()).append('\'');
        }
        if (!s.type().isEmpty()) {
            q.append(" and type='").append(s.type()).append('\'');
        }
        if (!s.sourceId().isEmpty()) {
            q.append(" and source_id='").append(s.sourceId()).append('\'');
        }
        q.append(" and channel_format='").append(s.channelFormat().xmlName()).append('\'');
        return StreamQuery.of(q.toString());
    }

    /** Fetches the full info (with its desc) from the data port; the short info if that fails. */
    private StreamInfo fetchFullInfo(final StreamInfo resolved) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(resolved.v4address(), resolved.v4dataPort()), 3000);
            s.setSoTimeout(3000);
            s.getOutputStream().write("LSL:fullinfo\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            final ByteArrayOutputStream buf = new ByteArrayOutputStream();
            final byte[] b = new byte[8192];
            int n;
            final InputStream in = s.getInputStream();
            while ((n = in.read(b)) > 0) {
                buf.write(b, 0, n);
                if (buf.size() > (4 << 20)) {
                    throw new LslProtocolException("full info longer than 4 MiB");
                }
            }
            final StreamInfo full = StreamInfo.parse(buf.toString(StandardCharsets.UTF_8));
            if (!full.uid().equals(resolved.uid())) {
                return resolved;
            }
            // the endpoint is the one discovery found, not what the info says of itself
            return full.withEndpointOf(resolved);
        } catch (final LslProtocolException e) {
            report(peer(resolved) + ": " + e.getMessage() + "; using the short info");
            return resolved;
        } catch (final IOException e) {
            return resolved;
        }
    }

    private void report(final String line) {
        lastProblem = line;
        problems.accept(line);
    }

    private static String peer(final StreamInfo s) {
        return "LSL outlet '" + s.name() + "' at " + s.v4address() + ":" + s.v4dataPort();
    }

    private static String describe(final IOException e) {
        if (e instanceof EOFException || e.getMessage() == null) {
            return "connection closed";
        }
        return "connection lost (" + e.getMessage() + ")";
    }

    static String printable(final String s) {
        final String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * The bytes of a stream feed, read in large pieces; knows how to tell a truncated sample (the
     * connection closed inside one) from a clean end between samples.
     */
    private final class FeedReader {
        private final InputStream in;
        private final String peer;
        private final byte[] bytes;
        final UnsafeBuffer view;
        int pos;
        int limit;
        private int sampleStart = -1;

        FeedReader(final InputStream in, final String peer) {
            this.in = in;
            this.peer = peer;
            final int maxSample = 1 + Double.BYTES + sampleBytes;
            this.bytes =
                    new byte
                            [format == ChannelFormat.STRING
                                    ? (int) (4 * SampleDescriptor.MAX_STRING_BYTES)
                                    : Math.max(READ_CHUNK, 2 * maxSample)];
            this.view = new UnsafeBuffer(bytes);
        }

        /** Timeouts of the socket in a row after which a silent peer counts as lost. */
        int maxTimeouts = 1;

        /** Marks the start of a sample at pos: a close after it is a truncated sample. */
        void beginSample() {
            sampleStart = pos;
        }

        /** Marks the end of a sample: a close from here on is a clean end. */
        void sampleDone() {
            sampleStart = -1;
        }

        /**
         * Ensures {@code n} bytes from pos. With {@code idleOk}, returns false on a read timeout
         * while nothing is buffered (silence between samples).
         */
        boolean fill(final int n, final boolean idleOk) throws IOException {
            if (limit - pos >= n) {
                return true;
            }
            if (pos > 0 && (bytes.length - pos < n || pos > bytes.length / 2)) {
                final int from = sampleStart >= 0 ? Math.min(sampleStart, pos) : pos;
                System.arraycopy(bytes, from, bytes, 0, limit - from);
                limit -= from;
                pos -= from;
                if (sampleStart >= 0) {
                    sampleStart -= from;
                }
            }
            if (pos + n > bytes.length) {
                throw new Lost("a sample of " + n + " bytes does not fit the read buffer");
            }
            int timeouts = 0;
            while (limit - pos < n) {
                final int r;
                try {
                    r = in.read(bytes, limit, bytes.length - limit);
                } catch (final SocketTimeoutException e) {
                    if (closed) {
                        throw new EOFException();
                    }
                    if (idleOk && limit - pos == 0) {
                        return false;
                    }
                    if (++timeouts >= maxTimeouts) {
                        throw new Lost(
                                state == State.CONNECTED
                                        ? "stalled inside a sample"
                                        : "no answer to the stream feed request");
                    }
                    continue;
                }
                if (r < 0) {
                    if (sampleStart >= 0 && limit > sampleStart) {
                        throw new Lost(
                                "truncated sample: the connection closed "
                                        + (limit - sampleStart)
                                        + " bytes into sample "
                                        + received.get());
                    }
                    throw new EOFException();
                }
                limit += r;
            }
            return true;
        }

        void need(final int n) throws IOException {
            fill(n, false);
        }

        int u8() throws IOException {
            need(1);
            return bytes[pos++] & 0xFF;
        }

        double f64() throws IOException {
            need(8);
            final double v = view.getDouble(pos, LITTLE_ENDIAN);
            pos += 8;
            return v;
        }

        String string() throws IOException {
            final int lengthBytes = u8();
            final long length;
            switch (lengthBytes) {
                case 1 -> length = u8();
                case 2 -> {
                    need(2);
                    length = view.getShort(pos, LITTLE_ENDIAN) & 0xFFFF;
                    pos += 2;
                }
                case 4 -> {
                    need(4);
                    length = view.getInt(pos, LITTLE_ENDIAN) & 0xFFFFFFFFL;
                    pos += 4;
                }
                case 8 -> {
                    need(8);
                    length = view.getLong(pos, LITTLE_ENDIAN);
                    pos += 8;
                }
                default ->
                        throw new Lost(
                                "garbage in the stream feed: string length of "
                                        + lengthBytes
                                        + " bytes");
            }
            if (length < 0 || length > SampleDescriptor.MAX_STRING_BYTES) {
                throw new Lost("garbage in the stream feed: a string of " + length + " bytes");
            }
            need((int) length);
            final String s = new String(bytes, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        /** A header line (up to LF, CR stripped). */
        String line() throws IOException {
            final StringBuilder sb = new StringBuilder(64);
            while (true) {
                need(1);
                final byte b = bytes[pos++];
                if (b == '\n') {
                    final int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r'
                            ? sb.substring(0, n - 1)
                            : sb.toString();
                }
                if (sb.length() > 16384) {
                    throw new LslProtocolException("a response line longer than 16 KiB");
                }
                sb.append((char) (b & 0xFF));
            }
        }

        @Override
        public String toString() {
            return peer;
        }
    }
}

package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Estimates the clock offset between this machine and an outlet as liblsl's time receiver does:
 * every TimeUpdateInterval a wave of TimeProbeCount {@code LSL:timedata} probes, TimeProbeInterval
 * apart, to the outlet's service port; each answer carries the probe's send time t0, the outlet's
 * receive and send times t1, t2, and its arrival t3 gives round trip {@code (t3 - t0) - (t2 - t1)}
 * and offset {@code ((t1 - t0) + (t2 - t3)) / 2}. With at least TimeUpdateMinProbes answers, the
 * probe with the shortest round trip (as NTP) sets the correction: {@code local - remote}, to be
 * added to the outlet's timestamps.
 */
public final class ClockOffset implements AutoCloseable {
    /**
     * One estimate: the correction (s), its uncertainty (the round trip, s) and when it was made.
     */
    public record Estimate(double correction, double uncertainty, double remoteTime) {}

    private final LslConfig config;
    private final DatagramSocket socket;
    private final Thread thread;
    private volatile InetSocketAddress target;
    private volatile Estimate latest;
    private volatile boolean closed;
    private final Object lock = new Object();

    /**
     * Starts probing {@code target} (an outlet's service port) on a daemon thread of its own, from
     * a UDP socket bound to {@link LslConfig#clientAddress}.
     *
     * @throws IOException when no UDP socket can be opened
     */
    public ClockOffset(final LslConfig config, final InetSocketAddress target, final String name)
            throws IOException {
        this.config = config;
        this.target = target;
        // a loopback configuration keeps it on 127.0.0.1
        this.socket = new DatagramSocket(new InetSocketAddress(Ports.clientAddress(config), 0));
        this.thread = new Thread(this::run, "lsl-clock-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Probes another address from the next wave on (an outlet that came back elsewhere). */
    public void retarget(final InetSocketAddress newTarget) {
        target = newTarget;
        synchronized (lock) {
            latest = null;
        }
    }

    /** The latest estimate, or null while none was made. */
    public Estimate latest() {
        return latest;
    }

    /**
     * Waits up to {@code timeoutNs} for the first estimate.
     *
     * @return the latest estimate, or null when none came in time
     */
    public Estimate await(final long timeoutNs) throws InterruptedException {
        final long end = System.nanoTime() + timeoutNs;
        synchronized (lock) {
            while (latest == null && !closed) {
                final long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return latest;
        }
    }

    private void run() {
        final byte[] buf = new byte[512];
        final DatagramPacket in = new DatagramPacket(buf, buf.length);
        final int probes = config.timeProbeCount;
        final double[] rtt = new double[probes];
        final double[] offset = new double[probes];
        final double[] remote = new double[probes];
        while (!closed) {
            final long waveStart = System.nanoTime();
            final long wave = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
            final InetSocketAddress to = target;
            int answers = 0;
            int sent = 0;
            final long collectUntil =
                    waveStart
                            + LslResolver.seconds(
                                    config.timeProbeMaxRtt + config.timeProbeInterval * probes);
            long nextProbe = waveStart;
            try {
                while (!closed) {
                    final long now = System.nanoTime();
                    if (now - collectUntil >= 0) {
                        break;
                    }
                    if (sent < probes && now - nextProbe >= 0) {
                        final byte[] msg =
                                ("LSL:timedata\r\n"
                                                + wave
                                                + " "
                                                + LslOutlet.formatG16(LslClock.now())
                                                + "\r\n")
                                        .getBytes(StandardCharsets.US_ASCII);
                        socket.send(new DatagramPacket(msg, msg.length, to));
                        sent++;
                        nextProbe = now + LslResolver.seconds(config.timeProbeInterval);
                    }
                    long wait = collectUntil - System.nanoTime();
                    if (sent < probes) {
                        wait = Math.min(wait, nextProbe - System.nanoTime());
                    }
                    socket.setSoTimeout((int) Math.max(1, wait / 1_000_000));
                    try {
                        in.setLength(buf.length);
                        socket.receive(in);
                    } catch (final SocketTimeoutException e) {
                        continue;
                    }
                    final double t3 = LslClock.now();
                    final double[] reply =
                            parseReply(
                                    new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII),
                                    wave);
                    if (reply != null && answers < probes) {
                        rtt[answers] = (t3 - reply[0]) - (reply[2] - reply[1]);
                        offset[answers] = ((reply[1] - reply[0]) + (reply[2] - t3)) / 2;
                        remote[answers] = (reply[2] + reply[1]) / 2;
                        answers++;
                    }
                }
            } catch (final IOException e) {
                // the outlet is gone or unreachable: the next wave tries again
            }
            final Estimate e = best(rtt, offset, remote, answers, config.timeUpdateMinProbes);
            if (e != null) {
                synchronized (lock) {
                    latest = e;
                    lock.notifyAll();
                }
            }
            final long sleep =
                    waveStart + LslResolver.seconds(config.timeUpdateInterval) - System.nanoTime();
            if (sleep > 0 && !closed) {
                synchronized (lock) {
                    try {
                        lock.wait(Math.max(1, sleep / 1_000_000));
                    } catch (final InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * The estimate from one wave's answers: the one with the least round trip, or null with fewer
     * than {@code minProbes} answers.
     */
    static Estimate best(
            final double[] rtt,
            final double[] offset,
            final double[] remote,
            final int answers,
            final int minProbes) {
        if (answers < minProbes || answers == 0) {
            return null;
        }
        int best = 0;
        for (int k = 1; k < answers; k++) {
            if (rtt[k] < rtt[best]) {
                best = k;
            }
        }
        return new Estimate(-offset[best], rtt[best], remote[best]);
    }

    /**
     * Parses an answer {@code " wave t0 t1 t2"}: returns {t0, t1, t2}, or null when it is not an
     * answer to {@code wave}.
     */
    static double[] parseReply(final String text, final long wave) {
        final String[] parts = text.strip().split("\\s+");
        if (parts.length < 4) {
            return null;
        }
        try {
            if (Long.parseLong(parts[0]) != wave) {
                return null;
            }
            return new double[] {
                Double.parseDouble(parts[1]),
                Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3])
            };
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** Stops probing and ends the thread. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        socket.close();
        try {
            thread.join(1000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        final Estimate e = latest;
        return e == null
                ? "no clock offset yet"
                : String.format(
                        Locale.ROOT,
                        "clock correction %.6f s (+- %.6f)",
                        e.correction(),
                        e.uncertainty());
    }
}

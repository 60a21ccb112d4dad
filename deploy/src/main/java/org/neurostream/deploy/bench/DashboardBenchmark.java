package org.neurostream.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neurostream.core.Topics;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.core.stream.StreamId;
import org.neurostream.core.time.WallClock;
import org.neurostream.monitoring.dashboard.DashboardAccess;
import org.neurostream.monitoring.dashboard.DashboardServer;
import org.neurostream.monitoring.dashboard.DashboardState;

/**
 * What the dashboard costs at the load: 64 streams with 10 band-power updates a second each
 * (64 channels x 5 bands, JSON as the job writes it), taken by {@link DashboardState} the way the
 * Kafka feed hands them over, and served to one page over server-sent events.
 *
 * <p>Method: a feeder thread hands the 64 records of each 100 ms period to {@code accept} on a
 * fixed schedule; one client reads {@code /events} over loopback and counts messages and bytes.
 * After {@code warmupSeconds}, the CPU time of the dashboard's threads (feeder, publisher, the
 * client's writer; ThreadMXBean) and of the whole process (client and GC included) is taken over
 * {@code seconds}. The Kafka consumer's own cost is left out: it is the same for any consumer.
 */
public final class DashboardBenchmark {
    private DashboardBenchmark() {}

    /**
     * CPU in cores (1 = one whole core) for the dashboard threads and the whole process, the
     * dashboard's CPU per update, updates fed per second, messages and kB per second the client
     * got, and updates dropped for it.
     */
    public record Result(
            double dashboardCores,
            double processCores,
            double usPerUpdate,
            double updatesPerSecond,
            double clientMessagesPerSecond,
            double clientKbPerSecond,
            long dropped) {}

    /** The reference load: 64 streams x 10 updates/s, 2 s warm-up, 10 s timed. */
    public static Result measure() throws IOException, InterruptedException {
        return measure(64, 10, 2.0, 10.0);
    }

    /** {@code streams} streams at {@code rate} updates/s each; see the class doc. */
    public static Result measure(
            final int streams, final int rate, final double warmupSeconds, final double seconds)
            throws IOException, InterruptedException {
        final byte[][] records = records(streams);
        final DashboardState state = new DashboardState();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong fed = new AtomicLong();
        final AtomicBoolean feeding = new AtomicBoolean(true);
        try (DashboardServer server =
                DashboardServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        DashboardAccess.open(),
                        state)) {
            final Thread client = client(server.port(), messages, bytes);
            final long periodNs = 1_000_000_000L / rate;
            final long start = System.nanoTime();
            final Thread feeder =
                    new Thread(
                            () -> {
                                long due = start;
                                // until told to stop, so that it is alive when its CPU time is read
                                while (feeding.get()) {
                                    while (System.nanoTime() < due) {
                                        java.util.concurrent.locks.LockSupport.parkNanos(
                                                due - System.nanoTime());
                                    }
                                    final long now = WallClock.epochNanos();
                                    for (final byte[] r : records) {
                                        state.accept(Topics.FEATURES, r, now);
                                    }
                                    fed.addAndGet(records.length);
                                    due += periodNs;
                                }
                            },
                            "dashboard-bench-feeder");
            feeder.start();
            Thread.sleep((long) (warmupSeconds * 1000));
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long dash0 = dashboardCpuNs(threads);
            final long proc0 = processCpuNs();
            final long fed0 = fed.get();
            final long msg0 = messages.get();
            final long bytes0 = bytes.get();
            final long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            final long dash = dashboardCpuNs(threads) - dash0;
            final long proc = processCpuNs() - proc0;
            final double wall = (System.nanoTime() - t0) / 1e9;
            final long updates = fed.get() - fed0;
            final Result r =
                    new Result(
                            dash / 1e9 / wall,
                            proc / 1e9 / wall,
                            dash / 1e3 / Math.max(updates, 1),
                            updates / wall,
                            (messages.get() - msg0) / wall,
                            (bytes.get() - bytes0) / 1e3 / wall,
                            server.droppedUpdates());
            feeding.set(false);
            feeder.join();
            client.interrupt();
            return r;
        }
    }

    /** One band-power record per stream, serialized as the job does. */
    private static byte[][] records(final int streams) throws IOException {
        final ObjectMapper mapper = RecordJson.newMapper();
        final SplittableRandom random = new SplittableRandom(7);
        final String[] bands = {"delta", "theta", "alpha", "beta", "gamma"};
        final byte[][] out = new byte[streams][];
        for (int s = 0; s < streams; s++) {
            final BandPowerRecord r = new BandPowerRecord();
            r.kind = BandPowerRecord.KIND;
            r.streamId = StreamId.of("bench" + s, "eeg");
            r.channels = 64;
            r.bands = bands;
            r.bandPower = new double[64 * bands.length];
            r.relativePower = new double[r.bandPower.length];
            r.differentialEntropy = new double[r.bandPower.length];
            for (int i = 0; i < r.bandPower.length; i++) {
                r.bandPower[i] = random.nextDouble(1e-12, 1e-9);
                r.relativePower[i] = random.nextDouble();
                r.differentialEntropy[i] = random.nextDouble(-20, -10);
            }
            r.integration = "simpson";
            r.nperseg = 512;
            r.windowSamples = 512;
            out[s] = mapper.writeValueAsBytes(r);
        }
        return out;
    }

    private static Thread client(final int port, final AtomicLong messages, final AtomicLong bytes)
            throws IOException, InterruptedException {
        final HttpResponse<InputStream> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/events"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
        final Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    response.body(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    bytes.addAndGet(line.length() + 1);
                                    if (line.startsWith("data: ")) {
                                        messages.incrementAndGet();
                                    }
                                }
                            } catch (final IOException e) {
                                // the server closed: the run is over
                            }
                        },
                        "dashboard-bench-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** CPU time of the threads that are the dashboard: feeder, publisher, HTTP writers. */
    private static long dashboardCpuNs(final ThreadMXBean threads) {
        long sum = 0;
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("dashboard-publisher")
                            || info.getThreadName().startsWith("dashboard-http")
                            || info.getThreadName().equals("dashboard-bench-feeder"))) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

package org.neurostream.deploy.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.neurostream.sinks.ipc.IpcPredictionDecoder;
import org.neurostream.sinks.ipc.IpcPredictionReader;

/**
 * A stand-in stimulator for the demo: polls the closed-loop IPC file the job writes predictions to
 * and records the latency from emission (the sink's monotonic stamp) to here, on its own thread, as
 * a stimulator process on the same host would. Between empty polls it parks for {@link
 * #POLL_PARK_NS} rather than spinning (the IPC benchmark measures the spinning reader).
 */
public final class ClosedLoopMonitor implements AutoCloseable {
    /** Idle wait between polls; it bounds what polling adds to the latency. */
    public static final long POLL_PARK_NS = 20_000;

    private final Path file;
    private final Histogram latencyNs = new Histogram(10_000_000_000L, 3);
    private final AtomicLong received = new AtomicLong();
    private final IpcPredictionDecoder decoder = new IpcPredictionDecoder();
    private final Thread thread;
    private volatile boolean running = true;

    public ClosedLoopMonitor(final Path file) {
        this.file = file;
        this.thread = new Thread(this::run, "closed-loop-monitor");
        this.thread.setDaemon(true);
    }

    public ClosedLoopMonitor start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running && !Files.exists(file)) {
                Thread.sleep(10);
            }
            try (IpcPredictionReader reader = IpcPredictionReader.open(file)) {
                while (running) {
                    final int n =
                            reader.poll(
                                    (buffer, offset, length) -> {
                                        final long now = System.nanoTime();
                                        decoder.wrap(buffer, offset, length);
                                        synchronized (latencyNs) {
                                            latencyNs.recordValue(
                                                    Math.max(0, now - decoder.emitMonotonicNs()));
                                        }
                                        received.incrementAndGet();
                                    });
                    if (n == 0) {
                        // a short park, not a spin: the demo shares its cores with Kafka and Flink
                        LockSupport.parkNanos(POLL_PARK_NS);
                    }
                }
            }
        } catch (final IOException e) {
            // the job never wrote the file: nothing to measure
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Predictions read from the ring. */
    public long received() {
        return received.get();
    }

    /** Emission-to-reader latency percentile in microseconds (NaN before the first). */
    public double percentileUs(final double percentile) {
        synchronized (latencyNs) {
            return latencyNs.getTotalCount() == 0
                    ? Double.NaN
                    : latencyNs.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2_000);
    }
}

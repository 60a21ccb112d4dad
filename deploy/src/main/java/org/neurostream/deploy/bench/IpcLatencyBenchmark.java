package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.neurostream.core.time.WallClock;
import org.neurostream.sinks.ipc.IpcPredictionDecoder;
import org.neurostream.sinks.ipc.IpcPredictionHandler;
import org.neurostream.sinks.ipc.IpcPredictionReader;
import org.neurostream.sinks.ipc.IpcPredictionWriter;

/**
 * Latency from emission into the closed-loop IPC ring to a spinning reader: one writer thread and
 * one reader thread in this process, sharing the mapped file (in /dev/shm when there is one).
 *
 * <p>Method: the writer sends at a fixed rate ({@code rate} per second) on a schedule fixed in
 * advance: prediction i is due at {@code t0 + i / rate}; the writer spins until then and offers it,
 * carrying the due time in the ingest-stamp field. The reader spins on {@code poll} and records
 * {@code WallClock.epochNanos() - due} in an HdrHistogram. Measuring from the due time, not from
 * when the writer got round to sending, is the correction for coordinated omission: a writer or
 * reader stall shows up in the latency of every prediction that was due during it, not only in the
 * one being sent. The first {@code warmupSeconds} are not recorded (JIT). The emission stamp the
 * record carries (the writer's clock right before commit) gives a second histogram, the one {@code
 * tail-ipc} shows, which leaves out the writer's lateness.
 */
public final class IpcLatencyBenchmark {
    private IpcLatencyBenchmark() {}

    /**
     * A measurement, microseconds: from due time (corrected) and from the emission stamp; and
     * predictions received and dropped in the timed part.
     */
    public record Result(
            double p50Us,
            double p99Us,
            double p999Us,
            double maxUs,
            double emitP50Us,
            double emitP99Us,
            long received,
            long dropped,
            double rate) {}

    /** The reference measurement: 10 000 predictions/s, 2 s of warm-up, 5 s timed. */
    public static Result measure() throws IOException, InterruptedException {
        return measure(10_000, 2.0, 5.0);
    }

    /** Writer at {@code rate} per second for {@code warmupSeconds + seconds}; see the class doc. */
    public static Result measure(
            final double rate, final double warmupSeconds, final double seconds)
            throws IOException, InterruptedException {
        final Path shm = Path.of("/dev/shm");
        final Path dir =
                Files.createTempDirectory(
                        Files.isDirectory(shm) && Files.isWritable(shm)
                                ? shm
                                : Path.of(System.getProperty("java.io.tmpdir")),
                        "neurostream-ipc-bench-");
        final Path file = dir.resolve("bench.ipc");
        final long warmup = (long) (rate * warmupSeconds);
        final long total = warmup + (long) (rate * seconds);
        final double periodNs = 1e9 / rate;
        final Histogram due = new Histogram(60_000_000_000L, 3);
        final Histogram emitted = new Histogram(60_000_000_000L, 3);
        final AtomicBoolean writerDone = new AtomicBoolean();
        final long[] droppedTimed = new long[1];
        try (IpcPredictionWriter writer = IpcPredictionWriter.open(file);
                IpcPredictionReader reader = IpcPredictionReader.open(file)) {
            final long[] received = new long[1];
            final Thread readerThread =
                    new Thread(
                            () -> {
                                final IpcPredictionDecoder d = new IpcPredictionDecoder();
                                // One handler for the whole run: nothing allocated while spinning.
                                final IpcPredictionHandler record =
                                        (buffer, offset, length) -> {
                                            final long now = WallClock.epochNanos();
                                            d.wrap(buffer, offset, length);
                                            if (d.sequence() >= warmup) {
                                                due.recordValue(Math.max(0, now - d.ingestNs()));
                                                emitted.recordValue(Math.max(0, now - d.emitNs()));
                                            }
                                            received[0]++;
                                        };
                                while (received[0] < total
                                        && !(writerDone.get() && reader.backlogBytes() == 0)) {
                                    reader.poll(record);
                                }
                            },
                            "ipc-bench-reader");
            readerThread.start();
            final Thread writerThread =
                    new Thread(
                            () -> {
                                final long t0 = WallClock.epochNanos() + 1_000_000L;
                                for (long i = 0; i < total; i++) {
                                    final long dueNs = t0 + (long) (i * periodNs);
                                    while (WallClock.epochNanos() < dueNs) {
                                        Thread.onSpinWait();
                                    }
                                    if (i == warmup) {
                                        droppedTimed[0] = -writer.dropped();
                                    }
                                    writer.offer(
                                            "bench/ipc", i, i, i + 1, dueNs, "bench", "go", 0.5);
                                }
                                droppedTimed[0] += writer.dropped();
                                writerDone.set(true);
                            },
                            "ipc-bench-writer");
            writerThread.start();
            writerThread.join();
            readerThread.join();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return new Result(
                due.getValueAtPercentile(50) / 1e3,
                due.getValueAtPercentile(99) / 1e3,
                due.getValueAtPercentile(99.9) / 1e3,
                due.getMaxValue() / 1e3,
                emitted.getValueAtPercentile(50) / 1e3,
                emitted.getValueAtPercentile(99) / 1e3,
                due.getTotalCount(),
                droppedTimed[0],
                rate);
    }
}

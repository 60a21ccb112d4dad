package org.neurostream.deploy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;
import org.neurostream.ingest.dvs.EventBatch;
import org.neurostream.ingest.dvs.Evt2Decoder;
import org.neurostream.ingest.dvs.Evt3Decoder;

/**
 * Single-thread decode rate of Prophesee RAW data from memory ({@link Evt2Decoder}, {@link
 * Evt3Decoder}), the work of the file reader once the bytes are in its buffer.
 *
 * <p>Method: a seeded {@link SyntheticRaw} stream of 4 Mi events held in a byte array; each pass
 * resets the decoder and decodes the whole array into one reused batch of 65536 events (cleared
 * after every call, as a consumer would); passes repeat on the calling thread for a warm-up quarter
 * of the requested time (so that the JIT compiles the loop), then for the rest. The rate is decoded
 * CD events per second of the thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}), a
 * per-core figure that other processes sharing the machine do not lower; wall-clock time where the
 * JVM cannot measure thread CPU time.
 */
public final class DvsDecodeBenchmark {
    /** Events in the generated stream. */
    public static final int DEFAULT_EVENTS = 1 << 22;

    /** Total run time per format, seconds (warm-up included). */
    public static final double DEFAULT_SECONDS = 2.0;

    /** Seed of the generated streams. */
    public static final long DEFAULT_SEED = 20240611L;

    /** Batch capacity of the reference measurement. */
    public static final int BATCH = 1 << 16;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Keeps the results observable so that the JIT cannot drop the work. */
    private static volatile long sink;

    private DvsDecodeBenchmark() {}

    /** EVT 2.0 events decoded per second on the calling thread (reference measurement). */
    public static double evt2EventsPerSecond() {
        return evt2EventsPerSecond(
                SyntheticRaw.evt2(DEFAULT_EVENTS, DEFAULT_SEED), DEFAULT_SECONDS);
    }

    /** EVT 3.0 events decoded per second on the calling thread (reference measurement). */
    public static double evt3EventsPerSecond() {
        return evt3EventsPerSecond(
                SyntheticRaw.evt3(DEFAULT_EVENTS, DEFAULT_SEED), DEFAULT_SECONDS);
    }

    /**
     * Decode rate of an EVT 2.0 word stream (no header).
     *
     * @param words the data words
     * @param seconds total run time, of which the first quarter is warm-up
     * @return CD events decoded per second
     */
    public static double evt2EventsPerSecond(final byte[] words, final double seconds) {
        final Evt2Decoder decoder = new Evt2Decoder();
        return eventsPerSecond(decoder::reset, decoder::decode, decoder::error, words, seconds);
    }

    /**
     * Decode rate of an EVT 3.0 word stream (no header).
     *
     * @param words the data words
     * @param seconds total run time, of which the first quarter is warm-up
     * @return CD events decoded per second
     */
    public static double evt3EventsPerSecond(final byte[] words, final double seconds) {
        final Evt3Decoder decoder = new Evt3Decoder();
        return eventsPerSecond(decoder::reset, decoder::decode, decoder::error, words, seconds);
    }

    /** The decode call of either decoder. */
    @FunctionalInterface
    private interface Decode {
        int decode(byte[] src, int from, int to, EventBatch out);
    }

    /** Warm-up for a quarter of the time, then passes over the words until the time is up. */
    private static double eventsPerSecond(
            final Runnable reset,
            final Decode decode,
            final Supplier<String> error,
            final byte[] words,
            final double seconds) {
        final EventBatch batch = new EventBatch(BATCH);
        final long total = nanos(seconds);
        final long warmUpEnd = System.nanoTime() + total / 4;
        while (System.nanoTime() < warmUpEnd) {
            pass(reset, decode, error, words, batch);
        }
        long events = 0;
        final long cpuStart = cpuNanos();
        final long start = System.nanoTime();
        final long end = start + total - total / 4;
        long now;
        do {
            events += pass(reset, decode, error, words, batch);
            now = System.nanoTime();
        } while (now < end);
        return events / (elapsed(cpuStart, start, now) * 1e-9);
    }

    /** One pass over the words, batch by batch; returns the events decoded. */
    private static long pass(
            final Runnable reset,
            final Decode decode,
            final Supplier<String> error,
            final byte[] words,
            final EventBatch batch) {
        reset.run();
        long events = 0;
        long check = 0;
        int at = 0;
        while (at < words.length) {
            batch.clear();
            final int next = decode.decode(words, at, words.length, batch);
            if (next == at) {
                throw new IllegalStateException(
                        "decoder stopped at byte " + at + ": " + error.get());
            }
            at = next;
            events += batch.size();
            check += batch.t()[Math.max(0, batch.size() - 1)];
        }
        sink += check;
        return events;
    }

    /** CPU time of this thread, or -1 where the JVM cannot measure it. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** The timed span: thread CPU time where measured, else wall-clock time. */
    private static long elapsed(final long cpuStart, final long wallStart, final long wallEnd) {
        final long cpu = cpuStart < 0 ? -1 : cpuNanos() - cpuStart;
        return cpu > 0 ? cpu : wallEnd - wallStart;
    }

    private static long nanos(final double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
        }
        return (long) (seconds * 1e9);
    }
}

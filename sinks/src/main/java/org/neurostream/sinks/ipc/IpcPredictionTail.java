package org.neurostream.sinks.ipc;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Follows a closed-loop IPC ring as {@code tail-ipc} does: waits for the file to appear, then
 * prints each prediction as one line with its emission-to-reader latency ({@code stream=ID seq=N
 * interval=[START, END) s label=L p=P latency_us=U}), and {@code gap: N dropped by the writer}
 * where the ring was full.
 */
public final class IpcPredictionTail implements IpcPredictionHandler {
    private final PrintWriter out;
    private final IpcPredictionDecoder d = new IpcPredictionDecoder();
    private long nextSequence = -1;
    private long printed;

    /** A tail printing to {@code out}. */
    public IpcPredictionTail(final PrintWriter out) {
        this.out = out;
    }

    /**
     * What {@code tail-ipc} does: opens the ring in {@code file} when it is there ({@link
     * #openWhenThere}, {@code onWait} told once), drops its backlog when {@code skipBacklog}, and
     * prints its predictions to {@code out} ({@link #follow}) until {@code count} were printed
     * (never when {@code count <= 0}) or {@code timeout} passed (null: never), idling as {@link
     * #idleStrategy}({@code spin}).
     *
     * @return whether {@code count} predictions were printed (true when {@code count <= 0})
     * @throws IpcFormatException when the file is no ring of this version
     */
    public static boolean tail(
            final Path file,
            final PrintWriter out,
            final long count,
            final Duration timeout,
            final boolean spin,
            final boolean skipBacklog,
            final Runnable onWait)
            throws IOException {
        final long deadline =
                timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = idleStrategy(spin);
        try (IpcPredictionReader reader = openWhenThere(file, idle, deadline, onWait)) {
            if (reader == null) {
                return count <= 0;
            }
            if (skipBacklog) {
                reader.discardBacklog();
            }
            return new IpcPredictionTail(out).follow(reader, count, deadline, idle);
        }
    }

    /**
     * Opens the ring in {@code file}, waiting (with {@code idle}) while it does not exist yet, and
     * calling {@code onWait} once when it starts to wait.
     *
     * @return the reader, or null when {@code deadlineNs} ({@link System#nanoTime()}) passed first
     * @throws IpcFormatException when the file is no ring of this version
     */
    public static IpcPredictionReader openWhenThere(
            final Path file, final IdleStrategy idle, final long deadlineNs, final Runnable onWait)
            throws IOException {
        boolean told = false;
        while (System.nanoTime() < deadlineNs) {
            try {
                return IpcPredictionReader.open(file);
            } catch (final NoSuchFileException e) {
                if (!told && !Files.exists(file)) {
                    onWait.run();
                    told = true;
                }
                idle.idle(0);
            }
        }
        return null;
    }

    /**
     * The idle strategy of a reader: busy-spinning on one core for the lowest latency, or backing
     * off to short sleeps when idle.
     */
    public static IdleStrategy idleStrategy(final boolean spin) {
        return spin ? new BusySpinIdleStrategy() : new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    }

    /**
     * Prints the predictions {@code reader} takes out of the ring, flushing after each batch, until
     * {@code count} were printed (never when {@code count <= 0}), {@code deadlineNs} ({@link
     * System#nanoTime()}) passed or the thread is interrupted.
     *
     * @return whether {@code count} predictions were printed (true when {@code count <= 0})
     */
    public boolean follow(
            final IpcPredictionReader reader,
            final long count,
            final long deadlineNs,
            final IdleStrategy idle) {
        while (!Thread.currentThread().isInterrupted()
                && (count <= 0 || printed < count)
                && System.nanoTime() < deadlineNs) {
            final int limit =
                    count > 0
                            ? (int) Math.min(Integer.MAX_VALUE, count - printed)
                            : Integer.MAX_VALUE;
            final int n = reader.poll(this, limit);
            if (n > 0) {
                out.flush();
            }
            idle.idle(n);
        }
        out.flush();
        return count <= 0 || printed >= count;
    }

    /** Predictions printed so far. */
    public long printed() {
        return printed;
    }

    @Override
    public void onPrediction(final DirectBuffer buffer, final int offset, final int length) {
        final long now = System.nanoTime();
        d.wrap(buffer, offset, length);
        final long sequence = d.sequence();
        if (nextSequence >= 0 && sequence > nextSequence) {
            out.println("gap: " + (sequence - nextSequence) + " dropped by the writer");
        }
        nextSequence = sequence + 1;
        out.printf(
                Locale.ROOT,
                "stream=%s seq=%d interval=[%.3f, %.3f) s label=%s p=%.4f latency_us=%.1f%n",
                d.streamId(),
                d.streamSeq(),
                d.startNs() / 1e9,
                d.endNs() / 1e9,
                d.label(),
                d.probability(),
                (now - d.emitMonotonicNs()) / 1e3);
        printed++;
    }
}

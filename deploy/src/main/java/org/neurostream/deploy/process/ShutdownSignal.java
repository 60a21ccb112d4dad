package org.neurostream.deploy.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C as a request to stop, not an abrupt end: while installed, a JVM shutdown sets {@link
 * #requested()} and waits (up to a grace period) until the work that polls it has wound down and
 * {@link #close()}d the signal, so that it can print what it has and release what it holds.
 *
 * <pre>{@code
 * try (ShutdownSignal stop = ShutdownSignal.install("demo", Duration.ofSeconds(20))) {
 *     while (!stop.await(nanos)) { ... }
 * }
 * }</pre>
 */
public final class ShutdownSignal implements AutoCloseable {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(final String name, final Duration grace) {
        hook =
                new Thread(
                        () -> {
                            requested.countDown();
                            try {
                                finished.await(grace.toNanos(), TimeUnit.NANOSECONDS);
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        name + "-shutdown");
    }

    /** Installs a signal whose shutdown waits up to {@code grace} for {@link #close()}. */
    public static ShutdownSignal install(final String name, final Duration grace) {
        final ShutdownSignal s = new ShutdownSignal(name, grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Whether a shutdown asked to stop. */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code nanos} for a request to stop; true when one came. */
    public boolean await(final long nanos) throws InterruptedException {
        return requested.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The work is done: a shutdown in progress may go on; the hook is taken back. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            // already shutting down: the hook is running and waits for us
        }
    }
}

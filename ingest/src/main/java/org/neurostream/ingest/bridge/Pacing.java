package org.neurostream.ingest.bridge;

import java.util.concurrent.locks.LockSupport;

/**
 * Releases frames at the pace of their device time: a frame becomes due when its last sample would
 * have been recorded, scaled by the speed. Speed {@link Double#POSITIVE_INFINITY} releases
 * everything at once. A pacing {@link #inOrder} also waits for the other streams of its recording
 * ({@link DeviceTimeOrder}), so that they go out in device-time order.
 */
public final class Pacing {
    private final double speed;
    private final DeviceTimeOrder.Participant order;
    private long startNanoTime = Long.MIN_VALUE;

    /**
     * @param speed 1 for real time, N for N times faster, infinity for as fast as possible
     */
    public Pacing(final double speed) {
        this(speed, null);
    }

    private Pacing(final double speed, final DeviceTimeOrder.Participant order) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, not " + speed);
        }
        this.speed = speed;
        this.order = order;
    }

    /**
     * A fresh pacing at this speed that also takes its turn in {@code order}: {@link
     * #awaitDeviceTime} returns only once the other streams of the recording have nothing due
     * earlier.
     */
    public Pacing inOrder(final DeviceTimeOrder.Participant participant) {
        return new Pacing(speed, participant);
    }

    /** Parses "1", "2.5", "max" (as fast as possible); an optional trailing 'x' is allowed. */
    public static Pacing parse(final String text) {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max")) {
            return new Pacing(Double.POSITIVE_INFINITY);
        }
        try {
            return new Pacing(
                    Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(
                    "speed must be a positive number or 'max', not '" + text + "'");
        }
    }

    public double speed() {
        return speed;
    }

    /**
     * Blocks until device time {@code elapsedDeviceNs} (since the stream start) is due and, in
     * order ({@link #inOrder}), until it is this stream's turn; returns early with the thread's
     * interrupt flag set when interrupted.
     */
    public void awaitDeviceTime(final long elapsedDeviceNs) {
        if (order != null) {
            // before sleeping: a stream that had said only its last item's time would hold the
            // others back until it woke (an EDF+ file's frames waited seconds for the next
            // annotation)
            order.announce(elapsedDeviceNs);
        }
        long wait;
        while ((wait = nanosUntilDue(elapsedDeviceNs)) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        if (order != null) {
            try {
                order.awaitTurn(elapsedDeviceNs);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How long until device time {@code elapsedDeviceNs} (since the stream start) is due, 0 or less
     * when it is; the first call starts the clock. For callers that must not block.
     */
    public long nanosUntilDue(final long elapsedDeviceNs) {
        if (speed == Double.POSITIVE_INFINITY) {
            return 0;
        }
        final long now = System.nanoTime();
        if (startNanoTime == Long.MIN_VALUE) {
            startNanoTime = now;
        }
        return startNanoTime + (long) (elapsedDeviceNs / speed) - now;
    }
}

package org.neurostream.deploy.latency;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world garbage-collection pauses of this JVM that start at or after a wall-clock
 * moment (the end of a run's warm-up), from the collectors' notifications: a pause stops every
 * thread of the process at once (the broker, the job, the bridges and the consumers that time
 * them), so it is the first suspect for a latency tail. Collectors that run beside the application
 * ({@code ... Cycles}, {@code ... Concurrent ...}) are not pauses and are left out. Times have the
 * millisecond resolution of the notifications.
 */
public final class GcPauses implements AutoCloseable {
    private final long fromEpochNs;
    private final long jvmStartEpochMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final List<long[]> pauses = new ArrayList<>();

    /**
     * Listens from now on; pauses that start before {@code fromEpochNs} are not counted.
     *
     * @param fromEpochNs wall-clock ns (Unix epoch) from which pauses count
     */
    public GcPauses(final long fromEpochNs) {
        this.fromEpochNs = fromEpochNs;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && isPause(gc.getName())) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** Whether a collector of this name stops the application (not a concurrent cycle). */
    static boolean isPause(final String collectorName) {
        return !collectorName.contains("Cycles") && !collectorName.contains("Concurrent");
    }

    private void onNotification(final Notification n, final Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                n.getType())) {
            return;
        }
        final GcInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        add(
                (jvmStartEpochMs + info.getStartTime()) * 1_000_000L,
                (jvmStartEpochMs + info.getEndTime()) * 1_000_000L);
    }

    /** Counts a pause from {@code startEpochNs} to {@code endEpochNs} if it is in the window. */
    synchronized void add(final long startEpochNs, final long endEpochNs) {
        if (startEpochNs >= fromEpochNs) {
            pauses.add(new long[] {startEpochNs, Math.max(startEpochNs, endEpochNs)});
        }
    }

    /** Pauses counted so far. */
    public synchronized int count() {
        return pauses.size();
    }

    /** Their summed length in ms. */
    public synchronized double totalMs() {
        long ns = 0;
        for (final long[] p : pauses) {
            ns += p[1] - p[0];
        }
        return ns / 1e6;
    }

    /** The longest in ms, 0 without any. */
    public synchronized double maxMs() {
        long ns = 0;
        for (final long[] p : pauses) {
            ns = Math.max(ns, p[1] - p[0]);
        }
        return ns / 1e6;
    }

    /**
     * Whether a pause overlapped {@code [fromEpochNs, toEpochNs]}, a record's flight. A pause's
     * ends are known to the millisecond, so each is widened by 1 ms.
     */
    public synchronized boolean overlaps(final long fromEpochNs, final long toEpochNs) {
        for (final long[] p : pauses) {
            if (p[0] - 1_000_000L <= toEpochNs && p[1] + 1_000_000L >= fromEpochNs) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (final NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (final ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}

package org.neurostream.deploy.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this process's threads by group, read from Linux's {@code /proc/self/task}, so
 * that a benchmark can say where a difference in process CPU goes: the JVM's own threads (garbage
 * collection, the JIT compilers) are native threads that {@link java.lang.management.ThreadMXBean}
 * does not see. A thread is grouped by its native name (at most 15 characters).
 *
 * <p>A window ({@link #between}) counts a thread alive at both ends by its difference and one that
 * started inside it by its whole time; a thread that ended inside the window is lost, so the groups
 * may sum to less than the process's CPU. Elsewhere than Linux every group reads 0.
 */
final class ThreadCpu {
    /** The groups, in the order they are printed. */
    enum Group {
        /** Flink's task threads and the job's own threads. */
        TASKS("tasks"),
        /** Flink's asynchronous snapshot threads (serializing and writing the checkpoint). */
        ASYNC_SNAPSHOT("async snapshot"),
        /**
         * Flink's JobManager and runtime threads (checkpoint coordination, discarding old ones).
         */
        FLINK_RUNTIME("flink runtime"),
        /** The garbage collector and the VM thread that runs its safepoints. */
        GC("gc"),
        /** The JIT compilers. */
        JIT("jit"),
        /** Everything else. */
        OTHER("other");

        final String label;

        Group(final String label) {
            this.label = label;
        }
    }

    private static final Path TASKS = Path.of("/proc/self/task");

    /** Clock ticks per second of {@code /proc} times: USER_HZ, 100 on every Linux ABI. */
    private static final double TICKS_PER_S = 100.0;

    private final Map<String, long[]> byThread;

    private ThreadCpu(final Map<String, long[]> byThread) {
        this.byThread = byThread;
    }

    /** The CPU time of every live thread now. */
    static ThreadCpu now() {
        final Map<String, long[]> threads = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return new ThreadCpu(threads);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (final Path task : tasks) {
                try {
                    final String name = Files.readString(task.resolve("comm")).trim();
                    final String stat = Files.readString(task.resolve("stat"));
                    // fields after the parenthesized name: state is field 3, utime 14, stime 15
                    final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    final long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    threads.put(
                            task.getFileName() + " " + name,
                            new long[] {group(name).ordinal(), ticks});
                } catch (final IOException | RuntimeException e) {
                    // the thread ended while it was read: it is not counted
                }
            }
        } catch (final IOException e) {
            return new ThreadCpu(threads);
        }
        return new ThreadCpu(threads);
    }

    /** CPU seconds per group ({@link Group#ordinal()}) from {@code start} to {@code end}. */
    static double[] between(final ThreadCpu start, final ThreadCpu end) {
        final double[] seconds = new double[Group.values().length];
        for (final Map.Entry<String, long[]> e : end.byThread.entrySet()) {
            final long[] before = start.byThread.get(e.getKey());
            final long ticks = e.getValue()[1] - (before == null ? 0 : before[1]);
            seconds[(int) e.getValue()[0]] += ticks / TICKS_PER_S;
        }
        return seconds;
    }

    /** The group of a thread by its native name. */
    static Group group(final String name) {
        if (name.startsWith("AsyncOperations")) {
            return Group.ASYNC_SNAPSHOT;
        }
        if (name.startsWith("GC Thread") || name.equals("VM Thread")) {
            return Group.GC;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return Group.JIT;
        }
        if (name.startsWith("jobmanager")
                || name.startsWith("flink-")
                || name.startsWith("mini-cluster")
                || name.startsWith("Checkpoint")
                || name.startsWith("cluster-io")) {
            return Group.FLINK_RUNTIME;
        }
        if (name.startsWith("VM ")
                || name.startsWith("Sweeper")
                || name.startsWith("Signal")
                || name.startsWith("Common-Cleaner")
                || name.startsWith("Finalizer")
                || name.startsWith("Reference")
                || name.startsWith("java")
                || name.startsWith("state-bench")) {
            return Group.OTHER;
        }
        return Group.TASKS;
    }
}

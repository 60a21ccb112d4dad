package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldGroupThreadsByTheirNativeNames() {
        assertEquals(ThreadCpu.Group.ASYNC_SNAPSHOT, ThreadCpu.group("AsyncOperations"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.group("GC Thread#1"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.group("VM Thread"));
        assertEquals(ThreadCpu.Group.JIT, ThreadCpu.group("C2 CompilerThre"));
        assertEquals(ThreadCpu.Group.FLINK_RUNTIME, ThreadCpu.group("jobmanager-io-t"));
        assertEquals(ThreadCpu.Group.FLINK_RUNTIME, ThreadCpu.group("flink-pekko.act"));
        assertEquals(ThreadCpu.Group.OTHER, ThreadCpu.group("VM Periodic Tas"));
        assertEquals(ThreadCpu.Group.TASKS, ThreadCpu.group("sequence check "));
        assertEquals(ThreadCpu.Group.TASKS, ThreadCpu.group("Source: raw fra"));
    }

    @Test
    void shouldCountTheCpuOfAThreadThatStartedAndSpunInsideTheWindow() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        final ThreadCpu start = ThreadCpu.now();
        final CountDownLatch spun = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread spinner =
                new Thread(
                        () -> {
                            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                            final long from = threads.getCurrentThreadCpuTime();
                            long x = 0;
                            while (threads.getCurrentThreadCpuTime() - from < 200_000_000L) {
                                x++;
                            }
                            if (x == 42) {
                                System.out.println(x);
                            }
                            spun.countDown();
                            try {
                                done.await();
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "spinner");
        spinner.setDaemon(true);
        spinner.start();
        spun.await();
        final double[] seconds = ThreadCpu.between(start, ThreadCpu.now());
        done.countDown();
        assertTrue(
                seconds[ThreadCpu.Group.TASKS.ordinal()] >= 0.15,
                "spinner counted: " + seconds[ThreadCpu.Group.TASKS.ordinal()] + " s");
    }
}

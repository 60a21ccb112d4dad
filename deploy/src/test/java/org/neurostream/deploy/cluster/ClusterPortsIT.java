package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.embedded.ListeningSockets;

/**
 * Every port a standalone cluster opens with its default configuration (the JobManager's RPC, REST
 * and blob server, the TaskManager's RPC and data port, and the metric query services of both) is
 * bound to 127.0.0.1 only, read from the kernel's tables for each cluster JVM.
 */
class ClusterPortsIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @TempDir Path work;

    @Test
    void shouldOpenEveryPortOfTheClusterOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
        final StandaloneCluster cluster =
                StandaloneCluster.start(
                        ClusterSpec.defaults(work.resolve("cluster"), 1, classpath()));
        try {
            final long jobManager = cluster.jobManagerPid().orElseThrow();
            final List<Long> taskManagers = cluster.taskManagerPids();
            assertEquals(1, taskManagers.size());

            final List<String> jm = ListeningSockets.of(Long.toString(jobManager));
            final List<String> tm = ListeningSockets.of(Long.toString(taskManagers.get(0)));
            System.out.println("ClusterPortsIT: jobmanager " + jm + ", taskmanager " + tm);

            // RPC, REST and the blob server at least; RPC and the data port at least
            assertTrue(jm.size() >= 3, "the JobManager's ports: " + jm);
            assertTrue(jm.contains("127.0.0.1:" + cluster.restPort()), "REST: " + jm);
            assertTrue(tm.size() >= 2, "the TaskManager's ports: " + tm);
            final List<String> all = new ArrayList<>(jm);
            all.addAll(tm);
            for (final String socket : all) {
                assertTrue(
                        socket.replace("udp ", "").startsWith("127.0.0.1:"),
                        "a cluster port not on loopback: " + socket + " of " + all);
            }
        } finally {
            cluster.stop();
        }
    }

    private static String classpath() {
        final Path jar = HOME.resolve("deploy/target/neurostream-cli.jar");
        return Files.exists(jar) ? jar.toString() : System.getProperty("java.class.path");
    }
}

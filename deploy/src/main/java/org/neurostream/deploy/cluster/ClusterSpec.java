package org.neurostream.deploy.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a local standalone cluster is started with.
 *
 * @param dir the cluster's work folder: config, pid files, logs, checkpoints
 * @param taskManagers TaskManager JVMs to start
 * @param slotsPerTaskManager task slots of each TaskManager
 * @param classpath class path of every cluster JVM (the command-line jar: Flink, the Kafka
 *     connector and clients, and the job's classes)
 * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. "768m"
 * @param jobManagerMemory {@code jobmanager.memory.process.size}
 * @param heartbeatInterval {@code heartbeat.interval}
 * @param heartbeatTimeout {@code heartbeat.timeout}: bounds how long a dead TaskManager goes unseen
 * @param startTimeout how long {@code start} waits for the REST endpoint and the TaskManagers
 */
public record ClusterSpec(
        Path dir,
        int taskManagers,
        int slotsPerTaskManager,
        String classpath,
        String taskManagerMemory,
        String jobManagerMemory,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration startTimeout) {

    /**
     * Small JVMs for a shared machine (768 MB per TaskManager, 640 MB JobManager), 2 slots per
     * TaskManager, and heartbeats of 1 s with a 10 s timeout, so that a killed TaskManager is
     * declared lost within 10 s (sooner when its RPC port refuses connections).
     */
    public static ClusterSpec defaults(
            final Path dir, final int taskManagers, final String classpath) {
        return new ClusterSpec(
                dir,
                taskManagers,
                2,
                classpath,
                "768m",
                "640m",
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(120));
    }

    /** This spec with another number of slots per TaskManager. */
    public ClusterSpec withSlots(final int slots) {
        return new ClusterSpec(
                dir,
                taskManagers,
                slots,
                classpath,
                taskManagerMemory,
                jobManagerMemory,
                heartbeatInterval,
                heartbeatTimeout,
                startTimeout);
    }

    /** This spec with another number of TaskManagers. */
    public ClusterSpec withTaskManagers(final int count) {
        return new ClusterSpec(
                dir,
                count,
                slotsPerTaskManager,
                classpath,
                taskManagerMemory,
                jobManagerMemory,
                heartbeatInterval,
                heartbeatTimeout,
                startTimeout);
    }

    /** This spec with another process size of each TaskManager ({@code 768m}). */
    public ClusterSpec withTaskManagerMemory(final String size) {
        return new ClusterSpec(
                dir,
                taskManagers,
                slotsPerTaskManager,
                classpath,
                size,
                jobManagerMemory,
                heartbeatInterval,
                heartbeatTimeout,
                startTimeout);
    }
}

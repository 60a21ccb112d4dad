package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated cluster configuration is what Flink reads back, fits the small JVMs, detects a dead
 * TaskManager well within 30 s, and gives every cluster JVM the project's JVM flags.
 */
class ClusterConfigTest {
    @TempDir Path dir;

    @Test
    void shouldWriteAConfigurationFlinkReadsBack() throws Exception {
        final ClusterSpec spec = ClusterSpec.defaults(dir, 2, "app.jar").withSlots(3);
        final Map<String, String> entries = ClusterConfig.entries(spec, 40001, 40002);
        ClusterConfig.write(dir.resolve("conf"), entries);
        final Configuration conf = ClusterConfig.load(dir.resolve("conf"));
        assertEquals(3, conf.get(TaskManagerOptions.NUM_TASK_SLOTS));
        assertEquals(40002, conf.get(org.apache.flink.configuration.RestOptions.PORT));
        assertEquals(MemorySize.parse("768m"), conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY));
        assertEquals(
                String.join(" ", ClusterConfig.jvmFlags()),
                conf.get(CoreOptions.FLINK_JVM_OPTIONS));
        final Duration timeout = conf.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT);
        assertTrue(timeout.compareTo(Duration.ofSeconds(30)) < 0, timeout.toString());
    }

    @Test
    void shouldCarryTheProjectJvmFlags() {
        final List<String> flags = ClusterConfig.jvmFlags();
        assertTrue(
                flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), flags.toString());
        assertTrue(
                flags.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"),
                flags.toString());
    }

    @Test
    void shouldStartATaskManagerWithFlinksMemoryFlagsAndEntryClass() throws Exception {
        ClusterConfig.write(
                dir.resolve("conf"),
                ClusterConfig.entries(ClusterSpec.defaults(dir, 1, "app.jar"), 40001, 40002));
        final List<String> cmd =
                ClusterConfig.taskManagerCommand(
                        "java", "app.jar", dir.resolve("conf"), dir.resolve("tm.log"));
        final int main = cmd.indexOf("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        assertTrue(main > 0, cmd.toString());
        assertEquals("app.jar", cmd.get(cmd.indexOf("-cp") + 1));
        final long xmx =
                cmd.stream()
                        .filter(a -> a.startsWith("-Xmx"))
                        .mapToLong(a -> Long.parseLong(a.substring(4)))
                        .findFirst()
                        .orElseThrow();
        // framework + task heap of a 768 MB process: well under the process size, not tiny
        assertTrue(xmx > 200L << 20 && xmx < 400L << 20, Long.toString(xmx));
        assertTrue(cmd.subList(0, main).containsAll(ClusterConfig.jvmFlags()));
        // the dynamic memory settings follow the entry class as -D key=value pairs
        assertEquals(dir.resolve("conf").toString(), cmd.get(cmd.indexOf("--configDir") + 1));
        assertTrue(
                cmd.subList(main, cmd.size()).stream()
                        .anyMatch(a -> a.startsWith("taskmanager.memory.task.heap.size=")),
                cmd.toString());
    }
}

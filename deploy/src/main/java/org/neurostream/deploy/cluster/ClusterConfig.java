package org.neurostream.deploy.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The Flink configuration of a local standalone cluster ({@code conf/config.yaml}, the file Flink
 * 2.x reads), and the JVM command lines Flink's own start scripts would derive from it: memory
 * flags and dynamic properties from Flink's memory model, plus {@code env.java.opts.all}.
 */
public final class ClusterConfig {
    /** Flink's configuration file name since 2.0. */
    public static final String FILE = "config.yaml";

    private static final String HOST = "127.0.0.1";

    private ClusterConfig() {}

    /**
     * The JVM flags every NeuroStream JVM needs (the root pom's {@code neurostream.jvm.flags},
     * docs/setup.md#jvm-flags-on-java-17), read from the build-time filtered resource.
     */
    public static List<String> jvmFlags() {
        try (InputStream in = ClusterConfig.class.getResourceAsStream("jvm.properties")) {
            final Properties p = new Properties();
            p.load(in);
            return Arrays.asList(p.getProperty("jvm.flags").trim().split("\\s+"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("jvm.properties missing from the build", e);
        }
    }

    /**
     * The configuration entries of a cluster: loopback addresses, the given JobManager RPC and REST
     * ports, slots, small process sizes, heartbeats, restart strategy and checkpoint folder.
     */
    public static Map<String, String> entries(
            final ClusterSpec spec, final int rpcPort, final int restPort) {
        final Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", HOST);
        c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        c.put("jobmanager.bind-host", HOST);
        c.put("rest.address", HOST);
        c.put("rest.bind-address", HOST);
        c.put("rest.port", Integer.toString(restPort));
        c.put("taskmanager.host", HOST);
        c.put("taskmanager.bind-host", HOST);
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slotsPerTaskManager()));
        // one subtask per TaskManager before two on one: each TaskManager gets its share of keys
        c.put("taskmanager.load-balance.mode", "slots");
        c.put("jobmanager.memory.process.size", spec.jobManagerMemory());
        c.put("taskmanager.memory.process.size", spec.taskManagerMemory());
        // Flink's defaults (256 MB metaspace, 192 MB overhead minimum, 40 % managed memory for
        // RocksDB) do not fit 768 MB; the job keeps its state on the heap
        c.put("jobmanager.memory.jvm-metaspace.size", "192m");
        c.put("jobmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.jvm-metaspace.size", "192m");
        c.put("taskmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.managed.size", "32m");
        // a killed TaskManager refuses the next heartbeat RPCs at once; a hung one times out
        c.put("heartbeat.interval", spec.heartbeatInterval().toMillis() + " ms");
        c.put("heartbeat.timeout", spec.heartbeatTimeout().toMillis() + " ms");
        c.put("heartbeat.rpc-failure-threshold", "2");
        // jobs that set no restart strategy of their own come back after a lost TaskManager
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "30");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        c.put("execution.checkpointing.dir", spec.dir().resolve("checkpoints").toUri().toString());
        // the REST view of subtask metrics (records per TaskManager) at most 1 s old
        c.put("metrics.fetcher.update-interval", "1 s");
        c.put("env.java.opts.all", String.join(" ", jvmFlags()));
        return c;
    }

    /** Writes {@code config.yaml} and a log4j2 file configuration into {@code confDir}. */
    public static void write(final Path confDir, final Map<String, String> entries)
            throws IOException {
        Files.createDirectories(confDir);
        final StringBuilder yaml = new StringBuilder("# written by neurostream cluster start\n");
        entries.forEach((k, v) -> yaml.append(k).append(": ").append(quoted(v)).append('\n'));
        Files.writeString(confDir.resolve(FILE), yaml.toString(), StandardCharsets.UTF_8);
        Files.writeString(
                confDir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "# each cluster JVM logs to the file named by -Dlog.file",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = file",
                        "appender.file.type = File",
                        "appender.file.name = file",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "logger.pekko.name = org.apache.pekko",
                        "logger.pekko.level = WARN",
                        ""),
                StandardCharsets.UTF_8);
    }

    private static String quoted(final String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Flink's view of the configuration in {@code confDir}, as its entry points load it. */
    public static Configuration load(final Path confDir) {
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    /**
     * The JobManager's JVM arguments and program arguments, as {@code jobmanager.sh} derives them:
     * heap, direct and metaspace limits, {@code env.java.opts.all}, the log file, the entry class.
     */
    public static List<String> jobManagerCommand(
            final String java, final String classpath, final Path confDir, final Path logFile) {
        final Configuration conf = load(confDir);
        final JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
        return command(
                java,
                classpath,
                confDir,
                logFile,
                JobManagerProcessUtils.generateJvmParametersStr(spec, conf),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                JobManagerProcessUtils.generateDynamicConfigsStr(spec));
    }

    /** A TaskManager's command line, as {@code taskmanager.sh} derives it. */
    public static List<String> taskManagerCommand(
            final String java, final String classpath, final Path confDir, final Path logFile) {
        final Configuration conf = load(confDir);
        final TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        return command(
                java,
                classpath,
                confDir,
                logFile,
                ProcessMemoryUtils.generateJvmParametersStr(spec),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
    }

    private static List<String> command(
            final String java,
            final String classpath,
            final Path confDir,
            final Path logFile,
            final String memoryFlags,
            final String mainClass,
            final String dynamicConfigs) {
        final Configuration conf = load(confDir);
        final List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(tokens(memoryFlags));
        cmd.addAll(tokens(conf.get(CoreOptions.FLINK_JVM_OPTIONS)));
        cmd.add("-Dlog.file=" + logFile);
        cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j2.properties").toUri());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toString());
        cmd.addAll(tokens(dynamicConfigs));
        return cmd;
    }

    private static List<String> tokens(final String s) {
        final String t = s.trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}

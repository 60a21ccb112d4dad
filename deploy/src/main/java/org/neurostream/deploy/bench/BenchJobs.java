package org.neurostream.deploy.bench;

import java.lang.management.ManagementFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.deploy.embedded.EmbeddedRuntime;

/** What the benchmarks that run the whole job in this process share. */
final class BenchJobs {
    private BenchJobs() {}

    /** A local MiniCluster environment on loopback: parallelism 1, no restarts. */
    static StreamExecutionEnvironment localEnvironment() {
        final Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        return StreamExecutionEnvironment.createLocalEnvironment(
                EmbeddedRuntime.onLoopback(config));
    }

    /** CPU seconds this process has used, all threads. */
    static double processCpuSeconds() {
        final var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }
}

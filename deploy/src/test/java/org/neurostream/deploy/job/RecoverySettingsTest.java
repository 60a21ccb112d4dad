package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The job's recovery settings reach the environment it is built on. */
class RecoverySettingsTest {

    @Test
    void shouldCheckpointAlignedOnTheHeapIntoTheDirectoryAndRestartABoundedNumberOfTimes() {
        final JobConfig options =
                JobConfig.builder()
                        .checkpointInterval(Duration.ofMillis(1500))
                        .restartAttempts(7)
                        .restartDelay(Duration.ofMillis(250))
                        .checkpointDirectory("file:///tmp/neurostream-test-checkpoints")
                        .build();
        final StreamExecutionEnvironment env = build(options, new Configuration());

        assertEquals(1500, env.getCheckpointConfig().getCheckpointInterval());
        assertEquals(
                CheckpointingMode.EXACTLY_ONCE,
                env.getCheckpointConfig().getCheckpointingConsistencyMode());
        assertFalse(env.getCheckpointConfig().isUnalignedCheckpointsEnabled());
        assertEquals("hashmap", env.getConfiguration().get(StateBackendOptions.STATE_BACKEND));
        assertEquals(
                "filesystem", env.getConfiguration().get(CheckpointingOptions.CHECKPOINT_STORAGE));
        assertEquals(
                "file:///tmp/neurostream-test-checkpoints",
                env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals(
                "fixed-delay", env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(
                7,
                env.getConfiguration()
                        .get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS));
        assertEquals(
                Duration.ofMillis(250),
                env.getConfiguration()
                        .get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY));
    }

    @Test
    void shouldCheckpointUnalignedWhenAskedTo() {
        final StreamExecutionEnvironment env =
                build(JobConfig.builder().checkpointUnaligned(true).build(), new Configuration());
        assertTrue(env.getCheckpointConfig().isUnalignedCheckpointsEnabled());
        assertEquals(
                CheckpointingMode.EXACTLY_ONCE,
                env.getCheckpointConfig().getCheckpointingConsistencyMode());
    }

    @Test
    void shouldKeepARestartStrategyTheEnvironmentAlreadyHas() {
        final Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        final StreamExecutionEnvironment env = build(JobConfig.builder().build(), config);
        assertEquals("none", env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(1000, env.getCheckpointConfig().getCheckpointInterval());
    }

    private static StreamExecutionEnvironment build(
            final JobConfig options, final Configuration config) {
        final StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
        NeuroStreamJob.onKafka("127.0.0.1:9", options).build(env);
        return env;
    }
}

package org.neurostream.deploy.cluster;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.NeuroStreamJob;

/**
 * The job's entry class for an application cluster (the Kubernetes FlinkDeployment in deploy/k8s,
 * or {@code flink run}): {@code --bootstrap HOST:PORT --model FILE [--OPTION VALUE]...}, where
 * every {@link JobOptions} option may be given by its command-line name ({@code --parallelism},
 * {@code --delivery}, ...) or by its key in the cluster's configuration ({@code
 * neurostream.parallelism: 4} in {@code config.yaml}); arguments win over the configuration.
 * Delivery defaults to {@link ClusterJob#DELIVERY}, the parallelism to the cluster's ({@code
 * parallelism.default}, the FlinkDeployment's {@code job.parallelism}), the checkpoint folder to
 * the cluster's {@code state.checkpoints.dir} where it names one.
 */
public final class JobMain {
    private JobMain() {}

    /** Builds the job on the Kafka cluster named by {@code --bootstrap} and runs it. */
    public static void main(final String[] args) throws Exception {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, args);
        env.execute("neurostream");
    }

    /**
     * Adds the job that {@code args} and {@code env}'s configuration describe to {@code env}: what
     * {@link #main} runs. The Kafka client settings come from the configuration's {@code
     * neurostream.kafka.*} keys ({@link org.neurostream.deploy.job.KafkaJobSettings}) over the file
     * of {@code neurostream.kafka-config}, if any.
     *
     * @throws IllegalArgumentException on arguments it does not take
     * @throws org.neurostream.deploy.job.JobConfigException on a setting that is wrong
     */
    public static void build(final StreamExecutionEnvironment env, final String[] args) {
        final JobConfig.Builder builder =
                JobConfig.builder().delivery(ClusterJob.DELIVERY).parallelism(env.getParallelism());
        env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .ifPresent(builder::checkpointDirectory);
        builder.configure(env.getConfiguration());
        final Map<String, String> given = new HashMap<>();
        String bootstrap = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--bootstrap")) {
                bootstrap = args[i + 1];
                continue;
            }
            final ConfigOption<?> option = JobOptions.byCliName(args[i]);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            given.put(option.key(), args[i + 1]);
        }
        if (bootstrap == null
                || !given.containsKey(JobOptions.MODEL.key())
                || args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "usage: JobMain --bootstrap HOST:PORT --model FILE [--parallelism N]"
                            + " [--delivery exactly-once|at-least-once] [--OPTION VALUE]...");
        }
        final JobConfig config = builder.configure(Configuration.fromMap(given)).build();
        NeuroStreamJob.onKafka(bootstrap, config).build(env);
    }
}

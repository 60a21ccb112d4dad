package org.neurostream.deploy.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.deploy.job.DeliveryMode;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.NeuroStreamJob;

/**
 * The job's entry class for an application cluster (the Kubernetes FlinkDeployment in deploy/k8s,
 * or {@code flink run}): {@code --bootstrap HOST:PORT --model FILE [--parallelism N]}. The
 * parallelism defaults to the cluster's ({@code parallelism.default}, the FlinkDeployment's {@code
 * job.parallelism}).
 */
public final class JobMain {
    private JobMain() {}

    /** Builds the job on the Kafka cluster named by {@code --bootstrap} and runs it. */
    public static void main(final String[] args) throws Exception {
        String bootstrap = null;
        Path model = null;
        Integer parallelism = null;
        DeliveryMode delivery = DeliveryMode.EXACTLY_ONCE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--model" -> model = Path.of(args[i + 1]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
                case "--delivery" -> delivery = DeliveryMode.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bootstrap == null || model == null || args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "usage: JobMain --bootstrap HOST:PORT --model FILE [--parallelism N]"
                            + " [--delivery exactly-once|at-least-once]");
        }
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        final JobOptions options = new JobOptions();
        options.parallelism = parallelism != null ? parallelism : env.getParallelism();
        options.modelJson = Files.readString(model, StandardCharsets.UTF_8);
        options.modelName = model.getFileName().toString();
        options.delivery = delivery;
        // the deployment's own checkpoint folder (state.checkpoints.dir), where it names one
        env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .ifPresent(dir -> options.checkpointDirectory = dir);
        NeuroStreamJob.onKafka(bootstrap, options).build(env);
        env.execute("neurostream");
    }
}

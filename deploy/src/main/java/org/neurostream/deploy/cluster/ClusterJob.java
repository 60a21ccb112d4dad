package org.neurostream.deploy.cluster;

import java.io.IOException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.core.Topics;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.DeliveryMode;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.NeuroStreamJob;

/**
 * Submits the NeuroStream job ({@link NeuroStreamJob#onKafka}) to a running session cluster through
 * its REST endpoint, detached.
 *
 * <p>No jar is shipped with the job: the cluster JVMs run from the command-line jar, so the job's
 * classes, the Kafka connector and the Kafka clients are already on their class path. Shipping the
 * same jar again would load the Kafka clients a second time in Flink's child-first user class
 * loader, next to the copy the connector (parent-first, {@code org.apache.flink}) was loaded with.
 * A cluster with a Flink-only class path (the Kubernetes image, deploy/k8s) gets the jar through
 * {@code jarURI} instead.
 */
public final class ClusterJob {
    /**
     * How jobs on a cluster deliver unless told otherwise: exactly once, where {@link
     * JobOptions#DELIVERY} defaults to at least once. A cluster job archives its outputs, and a
     * read_committed consumer sees each once across TaskManager failures; the command line's {@code
     * demo} and {@code replay} favour latency instead. {@code cluster submit} and {@link JobMain}
     * both start from this.
     */
    public static final DeliveryMode DELIVERY = DeliveryMode.EXACTLY_ONCE;

    private ClusterJob() {}

    /**
     * Creates the topics of {@link Topics#ALL} that are missing, each with {@code partitions}
     * partitions: at least the job's parallelism, so every source subtask reads a share.
     */
    public static void ensureTopics(final String bootstrap, final int partitions)
            throws IOException {
        EmbeddedRuntime.ensureTopics(bootstrap, partitions, Topics.ALL);
    }

    /**
     * Submits the job on {@code bootstrap} to the cluster at {@code host:restPort} and returns its
     * client once the cluster has accepted it. Checkpoints, restarts and the Kafka output mode come
     * from {@code config} ({@link JobOptions#CHECKPOINT_INTERVAL}, {@link JobOptions#DELIVERY}):
     * after a failure the job resumes from its last checkpoint.
     */
    public static JobClient submit(
            final String host, final int restPort, final String bootstrap, final JobConfig config)
            throws Exception {
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(host, restPort);
        return NeuroStreamJob.onKafka(bootstrap, config).executeAsync(env);
    }
}

package org.neurostream.deploy.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.DeliveryMode;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.KafkaJobSettings;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.deploy.job.Savepoints;
import org.neurostream.monitoring.outputs.OutputConsumer;

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
 *
 * <p>The job's Kafka client settings travel with the job: in its sources and sinks, and as its
 * global job parameters ({@link KafkaJobSettings}, REST {@code /jobs/ID/config}), where Flink masks
 * the secrets. No machine of the cluster needs the client-properties file.
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
     * The topics the job reads and writes: the raw topics, the markers (which label the windows),
     * the models and the outputs.
     */
    public static final List<String> TOPICS =
            Stream.of(NeuroStreamJob.INPUT_TOPICS, List.of(Topics.MODELS), OutputConsumer.TOPICS)
                    .flatMap(List::stream)
                    .toList();

    /**
     * Creates the topics of {@link #TOPICS} that are missing, each with {@code partitions}
     * partitions: at least the job's parallelism, so every source subtask reads a share (the
     * compacted model topic: one, {@link EmbeddedKafkaBroker#newTopic}). The admin client is {@code
     * kafka}'s, and the cluster must answer it first ({@link KafkaClients#verify}).
     *
     * @throws org.neurostream.core.kafka.KafkaAccessException when the cluster refused the client
     *     (its principal may not list or create topics), in one line
     */
    public static void ensureTopics(
            final KafkaClients kafka, final String bootstrap, final int partitions)
            throws IOException, ExecutionException, InterruptedException {
        EmbeddedRuntime.ensureTopics(kafka, bootstrap, partitions, TOPICS);
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
        return submit(host, restPort, bootstrap, config, null, false);
    }

    /**
     * The line {@code cluster submit} prints: {@code cluster: submitted job=ID parallelism=P
     * delivery=MODE[ from_savepoint=SP]} ({@code from} null without a savepoint).
     */
    public static String submittedLine(
            final JobClient client, final JobConfig config, final Path from) {
        return String.format(
                "cluster: submitted job=%s parallelism=%d delivery=%s%s",
                client.getJobID(),
                config.parallelism(),
                config.delivery(),
                from != null ? " from_savepoint=" + from : "");
    }

    /**
     * {@code cluster submit} on the running {@code cluster}: {@link #start} with {@code builder}'s
     * configuration, its parallelism every slot of the cluster unless {@code parallelismGiven}, its
     * model {@code defaultModel} unless that is null, topics of {@code partitions} partitions
     * (null: the parallelism); returns {@link #submittedLine}.
     */
    public static String start(
            final StandaloneCluster cluster,
            final JobConfig.Builder builder,
            final boolean parallelismGiven,
            final Path defaultModel,
            final String bootstrap,
            final Integer partitions,
            final Path from,
            final boolean allowNonRestoredState)
            throws Exception {
        if (!parallelismGiven) {
            builder.parallelism(cluster.rest().overview().path("slots-total").asInt());
        }
        if (defaultModel != null) {
            builder.modelFile(defaultModel);
        }
        final JobConfig config = builder.build();
        final JobClient client =
                start(
                        StandaloneCluster.HOST,
                        cluster.restPort(),
                        bootstrap,
                        config,
                        partitions != null ? partitions : config.parallelism(),
                        from,
                        allowNonRestoredState);
        return submittedLine(client, config, from);
    }

    /**
     * What {@code cluster submit} does: checks the savepoint folder {@code from} when there is one
     * ({@link Savepoints#check}: a {@link org.neurostream.deploy.job.JobConfigException} naming the
     * folder and the reason, nothing created or submitted), creates the missing topics with {@code
     * partitions} partitions, and submits the job resuming from {@code from}.
     */
    public static JobClient start(
            final String host,
            final int restPort,
            final String bootstrap,
            final JobConfig config,
            final int partitions,
            final Path from,
            final boolean allowNonRestoredState)
            throws Exception {
        if (from != null) {
            Savepoints.check(
                    from,
                    Savepoints.Descriptor.of(Savepoints.Kind.CLUSTER, config),
                    Savepoints.operatorUids(NeuroStreamJob.onKafka(bootstrap, config)),
                    allowNonRestoredState);
        }
        ensureTopics(config.kafka(), bootstrap, partitions);
        return submit(host, restPort, bootstrap, config, from, allowNonRestoredState);
    }

    /**
     * As {@link #submit(String, int, String, JobConfig)}, resuming from the savepoint folder {@code
     * from} (null: from the start), which {@link Savepoints#check} must have passed; with {@code
     * allowNonRestoredState} the state of operators the job no longer has is dropped. The job
     * carries its channel-group setting and parallelism as global job parameters ({@link
     * #PARAMETERS}), for the savepoints taken of it, and its Kafka client settings there too
     * ({@link KafkaJobSettings#toConfiguration}), where Flink masks their secrets.
     *
     * @throws org.neurostream.deploy.job.JobConfigException when a secret Kafka setting is one that
     *     Flink would show, before anything is submitted
     */
    public static JobClient submit(
            final String host,
            final int restPort,
            final String bootstrap,
            final JobConfig config,
            final Path from,
            final boolean allowNonRestoredState)
            throws Exception {
        // checked first: a secret Flink would show stops the submission before anything starts
        final Configuration parameters =
                Configuration.fromMap(KafkaJobSettings.toConfiguration(config.kafka()));
        final Configuration client = new Configuration();
        if (from != null) {
            client.set(
                    StateRecoveryOptions.SAVEPOINT_PATH, from.toAbsolutePath().toUri().toString());
            client.set(
                    StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
        }
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(host, restPort, client);
        parameters.set(JobOptions.CHANNEL_GROUP, config.channelGroupText());
        parameters.set(JobOptions.PARALLELISM, config.parallelism());
        env.getConfig().setGlobalJobParameters(parameters);
        return NeuroStreamJob.onKafka(bootstrap, config).executeAsync(env);
    }

    /**
     * The job settings a job on the cluster carries as global job parameters (REST {@code
     * /jobs/ID/config}, {@code user-config}): the keys of {@link JobOptions#CHANNEL_GROUP} and
     * {@link JobOptions#PARALLELISM}, besides the Kafka client settings ({@link
     * KafkaJobSettings#PREFIX}).
     */
    public static final List<String> PARAMETERS =
            List.of(JobOptions.CHANNEL_GROUP.key(), JobOptions.PARALLELISM.key());
}

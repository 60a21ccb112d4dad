package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded NeuroStream runtime: a single-node Kafka broker with the NeuroStream topics ({@link
 * Topics#ALL}) and a Flink {@link MiniCluster} with one TaskManager, both in this JVM, started by
 * one call and stopped by {@link #close()}.
 *
 * <p>Jobs are built on {@link #environment()}, whose {@code execute()} and {@code executeAsync()}
 * run them on this MiniCluster. Layout of {@code workDir}: {@code kafka/} holds the broker's logs
 * (kept across runs), {@code flink-tmp/} Flink's scratch files (removed by Flink on close).
 */
public final class EmbeddedRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final MemorySize MANAGED_MEMORY = MemorySize.ofMebiBytes(64);
    private static final MemorySize NETWORK_MEMORY = MemorySize.ofMebiBytes(64);
    private static final Duration JOB_CANCEL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLUSTER_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final MiniCluster miniCluster;
    private final int parallelism;
    private Thread shutdownHook;
    private boolean closed;

    private EmbeddedRuntime(
            EmbeddedKafkaBroker broker,
            String bootstrap,
            MiniCluster miniCluster,
            int parallelism) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.miniCluster = miniCluster;
        this.parallelism = parallelism;
    }

    /**
     * Starts the broker, creates every topic of {@link Topics#ALL} with {@code parallelism}
     * partitions (one per source subtask), then starts the MiniCluster with {@code parallelism}
     * task slots. If a step fails, whatever was started is stopped again.
     *
     * @param workDir directory for the broker's data and Flink's scratch files; created if absent
     * @param parallelism task slots of the TaskManager and default job parallelism, at least 1
     * @return the running runtime
     * @throws IOException if the broker or the MiniCluster cannot be started
     */
    public static EmbeddedRuntime start(Path workDir, int parallelism) throws IOException {
        return start(workDir, parallelism, null);
    }

    /**
     * Starts the runtime as {@link #start(Path, int)} does, with a secure broker ({@link
     * EmbeddedKafkaBroker#startSecure}): TLS, SASL/SCRAM and least-privilege ACLs, its throw-away
     * certificates in {@code workDir}, deleted by {@link #close()}. Clients take their settings
     * from {@link #security()}.
     *
     * @param transactionalIdPrefix the job's transactional id prefix, which its ACLs allow
     */
    public static EmbeddedRuntime startSecure(
            Path workDir, int parallelism, String transactionalIdPrefix) throws IOException {
        return start(
                workDir,
                parallelism,
                EmbeddedSecurity.create(workDir.toAbsolutePath(), transactionalIdPrefix));
    }

    private static EmbeddedRuntime start(Path workDir, int parallelism, EmbeddedSecurity security)
            throws IOException {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        final Path root = workDir.toAbsolutePath();
        final EmbeddedKafkaBroker broker;
        try {
            broker =
                    security == null
                            ? EmbeddedKafkaBroker.start(root.resolve("kafka"))
                            : EmbeddedKafkaBroker.startSecure(root.resolve("kafka"), security);
        } catch (IOException | RuntimeException e) {
            if (security != null) {
                security.close();
            }
            throw e;
        }
        try {
            broker.createTopics(parallelism, Topics.ALL.toArray(new String[0]));
            final MiniCluster miniCluster =
                    startMiniCluster(root.resolve("flink-tmp"), parallelism);
            return new EmbeddedRuntime(broker, broker.bootstrapServers(), miniCluster, parallelism);
        } catch (IOException | RuntimeException e) {
            closeBroker(broker);
            throw e;
        }
    }

    /**
     * Starts a MiniCluster as {@link #start(Path, int)} does, on the Kafka at {@code bootstrap}
     * instead of a broker of its own: the topics of {@link Topics#ALL} that are missing are created
     * there with {@code parallelism} partitions, through {@code kafka}'s admin client; the broker
     * is left running on {@link #close()}.
     *
     * @throws IOException if the broker cannot be reached or refuses, or the MiniCluster cannot be
     *     started
     */
    public static EmbeddedRuntime startOn(
            KafkaClients kafka, String bootstrap, Path workDir, int parallelism)
            throws IOException {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        try {
            ensureTopics(kafka, bootstrap, parallelism, Topics.ALL);
        } catch (ExecutionException e) {
            throw new IOException(
                    "Kafka at " + bootstrap + ": cannot create the topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while creating topics at " + bootstrap);
        }
        final MiniCluster miniCluster =
                startMiniCluster(workDir.toAbsolutePath().resolve("flink-tmp"), parallelism);
        return new EmbeddedRuntime(null, bootstrap, miniCluster, parallelism);
    }

    /**
     * Creates those of {@code names} that are missing on the Kafka at {@code bootstrap}, each with
     * {@code partitions} partitions (the compacted model topic: one, {@link
     * EmbeddedKafkaBroker#newTopic}); existing topics are left as they are. The admin client is
     * {@code kafka}'s, and the cluster must answer it first ({@link KafkaClients#verify}).
     *
     * @throws org.neurostream.core.kafka.KafkaAccessException when the cluster refused the client
     *     (its principal may not list or create topics), in one line
     */
    public static void ensureTopics(
            KafkaClients kafka, String bootstrap, int partitions, Collection<String> names)
            throws IOException, ExecutionException, InterruptedException {
        kafka.verify(bootstrap);
        try (Admin admin = kafka.admin(bootstrap, Map.of())) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = new ArrayList<>();
            for (String t : names) {
                if (!existing.contains(t)) {
                    missing.add(EmbeddedKafkaBroker.newTopic(t, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            final IOException refused = kafka.refusal(bootstrap, e);
            if (refused != null) {
                throw refused;
            }
            throw e;
        }
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions each, on this
     * runtime's Kafka (its own broker, or the one it was started on, through {@code kafka}).
     *
     * @throws IOException if the broker cannot create them
     */
    public void createTopics(KafkaClients kafka, int partitions, String... names)
            throws IOException {
        if (broker != null) {
            broker.createTopics(partitions, names);
            return;
        }
        try {
            ensureTopics(kafka, bootstrap, partitions, List.of(names));
        } catch (ExecutionException e) {
            throw new IOException(
                    "Kafka at "
                            + bootstrap
                            + ": cannot create "
                            + List.of(names)
                            + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while creating topics at " + bootstrap);
        }
    }

    /** Stops the broker, then deletes its certificates, if it has any. */
    private static void closeBroker(EmbeddedKafkaBroker broker) {
        try {
            broker.close();
        } finally {
            if (broker.security() != null) {
                broker.security().close();
            }
        }
    }

    private static MiniCluster startMiniCluster(Path tmpDir, int parallelism) throws IOException {
        final long startNanos = System.nanoTime();
        Files.createDirectories(tmpDir);
        final Configuration config = new Configuration();
        config.set(CoreOptions.TMP_DIRS, tmpDir.toString());
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        config.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
        config.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
        // No Kerberos or cloud credentials to renew on one machine; it only logs warnings.
        config.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        onLoopback(config);
        final MiniClusterConfiguration clusterConfig =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(config)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(parallelism)
                        .setCommonBindAddress(LOOPBACK)
                        .withRandomPorts()
                        .build();
        final MiniCluster miniCluster = new MiniCluster(clusterConfig);
        try {
            miniCluster.start();
            final URI rest = miniCluster.getRestAddress().get();
            LOG.info(
                    "Flink MiniCluster ready with {} slots, REST at {}, in {} ms",
                    parallelism,
                    rest,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return miniCluster;
        } catch (InterruptedException e) {
            closeQuietly(miniCluster);
            Thread.currentThread().interrupt();
            final InterruptedIOException wrapped =
                    new InterruptedIOException("Interrupted while starting the Flink MiniCluster");
            wrapped.initCause(e);
            throw wrapped;
        } catch (Exception e) {
            closeQuietly(miniCluster);
            throw new IOException("Flink MiniCluster failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * Sets {@code config} so that a MiniCluster started with it (this runtime's, or a local
     * environment's) listens on 127.0.0.1 only, on free ports: REST (and the web UI when
     * flink-runtime-web is present), RPC, the blob server and the shuffle's data port, which bind
     * to every interface unless told otherwise.
     *
     * @return {@code config}
     */
    public static Configuration onLoopback(final Configuration config) {
        config.set(RestOptions.ADDRESS, LOOPBACK);
        config.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        config.set(RestOptions.BIND_PORT, "0");
        config.set(JobManagerOptions.ADDRESS, LOOPBACK);
        config.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        config.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        config.set(TaskManagerOptions.HOST, LOOPBACK);
        return config;
    }

    /**
     * An environment whose {@code execute()} and {@code executeAsync()} submit to this MiniCluster;
     * see {@link #environment(Configuration)}.
     *
     * @return a new environment, default parallelism {@link #parallelism()}
     */
    public StreamExecutionEnvironment environment() {
        return environment(new Configuration());
    }

    /**
     * An environment whose {@code execute()} and {@code executeAsync()} submit to this MiniCluster,
     * configured with {@code jobConfiguration} (restart strategy, checkpointing, parallelism). Each
     * call returns a new environment; jobs run side by side while slots last. Jobs see the classes
     * of this class loader, so no jar is shipped.
     *
     * @param jobConfiguration job options; {@code execution.target} and {@code execution.attached}
     *     are set by this method
     * @return a new environment, default parallelism {@link #parallelism()} unless set
     */
    public StreamExecutionEnvironment environment(Configuration jobConfiguration) {
        final Configuration config = new Configuration(jobConfiguration);
        if (!config.contains(CoreOptions.DEFAULT_PARALLELISM)) {
            config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        config.set(DeploymentOptions.TARGET, MiniClusterExecutor.NAME);
        config.set(DeploymentOptions.ATTACHED, true);
        final ClassLoader classLoader = EmbeddedRuntime.class.getClassLoader();
        return new StreamExecutionEnvironment(
                new MiniClusterExecutor.ServiceLoader(miniCluster), config, classLoader);
    }

    /**
     * Starts {@code job} on this runtime and returns once it runs (within a minute).
     *
     * @throws IllegalStateException when the job ended instead, or did not start in time
     */
    public RunningJob run(final NeuroStreamJob job) throws Exception {
        return new RunningJob(job.executeAsync(environment())).awaitRunning(Duration.ofMinutes(1));
    }

    /**
     * The Kafka address for producers, consumers and the job's sources and sinks.
     *
     * @return {@code 127.0.0.1:PORT}
     */
    public String bootstrapServers() {
        return bootstrap;
    }

    /**
     * The secure broker's certificates, principals and ACLs, to make clients with; null when the
     * broker is plaintext.
     *
     * @return the security, owned by this runtime
     */
    public EmbeddedSecurity security() {
        return broker == null ? null : broker.security();
    }

    /**
     * The embedded broker, to create more topics.
     *
     * @return the broker, owned by this runtime; null when started on another ({@link #startOn})
     */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /**
     * The Flink MiniCluster, for job status, job results and cancellation.
     *
     * @return the MiniCluster, owned by this runtime
     */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    /**
     * The REST address of the MiniCluster (the web UI when flink-runtime-web is on the class path).
     *
     * @return {@code http://127.0.0.1:PORT}
     * @throws IOException if the MiniCluster does not report it
     */
    public URI restAddress() throws IOException {
        try {
            return miniCluster.getRestAddress().get();
        } catch (ExecutionException e) {
            throw new IOException("No REST address", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while asking for the REST address");
        }
    }

    /**
     * The number of task slots, also the default job parallelism and the partition count of the
     * NeuroStream topics.
     *
     * @return the parallelism given to {@link #start(Path, int)}
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Registers a JVM shutdown hook that closes this runtime, so that Ctrl-C cancels the jobs and
     * stops Flink and Kafka cleanly. {@link #close()} removes the hook again. Idempotent.
     *
     * @return this runtime
     */
    public synchronized EmbeddedRuntime closeOnShutdown() {
        if (shutdownHook == null && !closed) {
            shutdownHook = new Thread(this::close, "neurostream-embedded-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Cancels the jobs still running, stops the MiniCluster, then the broker. Idempotent; deletes
     * nothing under the work directory but Flink's own scratch files.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        final long startNanos = System.nanoTime();
        try {
            cancelRunningJobs();
        } finally {
            try {
                closeQuietly(miniCluster);
            } finally {
                if (broker != null) {
                    closeBroker(broker);
                }
            }
        }
        LOG.info(
                "Embedded runtime stopped in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already; the hook will find this runtime closed.
        }
    }

    private void cancelRunningJobs() {
        try {
            final Collection<JobStatusMessage> jobs =
                    miniCluster
                            .listJobs()
                            .get(JOB_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            final List<JobID> cancelled = new ArrayList<>();
            for (JobStatusMessage job : jobs) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    miniCluster.cancelJob(job.getJobId());
                    cancelled.add(job.getJobId());
                }
            }
            for (JobID jobId : cancelled) {
                miniCluster
                        .requestJobResult(jobId)
                        .get(JOB_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Cancelling the running Flink jobs failed; stopping the cluster anyway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(MiniCluster miniCluster) {
        try {
            miniCluster.closeAsync().get(CLUSTER_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Stopping the Flink MiniCluster failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

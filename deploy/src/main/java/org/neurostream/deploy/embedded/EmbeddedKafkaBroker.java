package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in this JVM) on free loopback
 * ports, for the embedded runtime and integration tests.
 *
 * <p>The first start formats {@code dataDir/kafka-logs} with a fresh cluster id; a later start on
 * the same directory keeps its cluster id and its topics. Internal topics (offsets, transaction
 * state, share-coordinator state) have replication factor 1, so consumer groups and Kafka
 * transactions work on one node. {@link #close()} stops the broker and releases both ports.
 *
 * <p>{@link #startSecure} starts it with TLS, SASL and ACLs instead ({@link EmbeddedSecurity}): a
 * SASL_SSL listener for clients, an SSL listener for the broker itself and clients with
 * certificates, the controller on SSL, Kafka's standard authorizer with each principal's
 * least-privilege ACLs, and the principals' SCRAM credentials, set up before it is handed out.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Partitions of a topic created by {@link #createTopics(String...)}. */
    public static final int DEFAULT_PARTITIONS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_INTERVAL_MS = 50;
    // A port picked free can be taken by another process before the broker binds it.
    private static final int START_ATTEMPTS = 3;
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final Admin admin;
    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final int tlsPort;
    private final EmbeddedSecurity security;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            Admin admin,
            Path logDir,
            int brokerPort,
            int controllerPort,
            int tlsPort,
            EmbeddedSecurity security) {
        this.server = server;
        this.admin = admin;
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.tlsPort = tlsPort;
        this.security = security;
    }

    /**
     * Starts a broker with its log directory under {@code dataDir} and returns once it answers an
     * Admin {@code describeCluster}.
     *
     * @param dataDir directory for the broker's data; created if absent, never deleted
     * @return the running broker
     * @throws IOException if the storage cannot be formatted or the broker does not become ready
     */
    public static EmbeddedKafkaBroker start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /**
     * Starts a broker like {@link #start(Path)}, with broker properties that override or add to the
     * defaults (for example {@code num.partitions} or {@code log.retention.ms}).
     *
     * @param dataDir directory for the broker's data; created if absent, never deleted
     * @param overrides Kafka broker properties applied last
     * @return the running broker
     * @throws IOException if the storage cannot be formatted or the broker does not become ready
     * @throws org.apache.kafka.common.config.ConfigException if an override is invalid
     */
    public static EmbeddedKafkaBroker start(Path dataDir, Map<String, String> overrides)
            throws IOException {
        final long startNanos = System.nanoTime();
        final Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logDir);
        for (int attempt = 1; ; attempt++) {
            final int brokerPort = freePort();
            final int controllerPort = freePort();
            final Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            overrides.forEach(props::setProperty);
            try {
                final EmbeddedKafkaBroker broker =
                        startOnce(props, logDir, brokerPort, controllerPort, 0, null);
                LOG.info(
                        "Kafka broker ready at {} in {} ms",
                        broker.bootstrapServers(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                return broker;
            } catch (IOException e) {
                if (attempt >= START_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
                LOG.warn("Kafka broker could not bind its ports, retrying: {}", e.getMessage());
            }
        }
    }

    /**
     * Starts a secure broker ({@link EmbeddedSecurity}) with its log directory under {@code
     * dataDir}, on free loopback ports, and returns once its principals' credentials and ACLs are
     * in force. Clients connect to {@link #bootstrapServers()} with {@link
     * EmbeddedSecurity#clients}; {@link #tlsBootstrapServers()} takes client certificates.
     *
     * @param security the run's certificates, passwords and ACLs, closed by the caller
     * @throws IOException if the storage cannot be formatted or the broker does not become ready
     */
    public static EmbeddedKafkaBroker startSecure(Path dataDir, EmbeddedSecurity security)
            throws IOException {
        final long startNanos = System.nanoTime();
        final Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logDir);
        for (int attempt = 1; ; attempt++) {
            final int brokerPort = freePort();
            final int tlsPort = freePort();
            final int controllerPort = freePort();
            final Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            security.brokerProperties(HOST, brokerPort, tlsPort, controllerPort)
                    .forEach(props::setProperty);
            try {
                final EmbeddedKafkaBroker broker =
                        startOnce(props, logDir, brokerPort, controllerPort, tlsPort, security);
                LOG.info(
                        "Kafka broker ready at {} ({} {}, ACLs) in {} ms",
                        broker.bootstrapServers(),
                        EmbeddedSecurity.PROTOCOL,
                        EmbeddedSecurity.MECHANISM,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                return broker;
            } catch (IOException e) {
                if (attempt >= START_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
                LOG.warn("Kafka broker could not bind its ports, retrying: {}", e.getMessage());
            }
        }
    }

    /**
     * Starts a broker on {@code dataDir} with the given ports: a restart of an earlier broker where
     * its clients still know it, with its topics, offsets and transactions.
     *
     * @throws IOException if a port is taken or the broker does not become ready
     */
    public static EmbeddedKafkaBroker restart(Path dataDir, int brokerPort, int controllerPort)
            throws IOException {
        final Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logDir);
        return startOnce(
                brokerProperties(logDir, brokerPort, controllerPort),
                logDir,
                brokerPort,
                controllerPort,
                0,
                null);
    }

    private static EmbeddedKafkaBroker startOnce(
            Properties props,
            Path logDir,
            int brokerPort,
            int controllerPort,
            int tlsPort,
            EmbeddedSecurity security)
            throws IOException {
        final KafkaConfig config = new KafkaConfig(props, false);
        format(logDir);
        final KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new IOException("Kafka broker cannot use " + logDir + ": " + e.getMessage(), e);
        }
        Admin admin = null;
        try {
            server.startup();
            // the broker's own admin client: plaintext, or the super user's certificate on TLS
            admin =
                    security == null
                            ? KafkaClients.plaintext()
                                    .admin(HOST + ":" + brokerPort, adminSettings())
                            : security.brokerClients().admin(HOST + ":" + tlsPort, adminSettings());
            awaitCluster(admin);
            if (security != null) {
                security.grant(admin, READY_TIMEOUT);
            }
            return new EmbeddedKafkaBroker(
                    server, admin, logDir, brokerPort, controllerPort, tlsPort, security);
        } catch (RuntimeException | IOException e) {
            stopQuietly(server, admin);
            throw e instanceof IOException
                    ? (IOException) e
                    : new IOException("Kafka broker failed to start: " + e.getMessage(), e);
        }
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        final Properties props = new Properties();
        props.setProperty("node.id", Integer.toString(NODE_ID));
        props.setProperty("process.roles", "broker,controller");
        props.setProperty(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + controllerPort);
        props.setProperty(
                "advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.setProperty(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        // Static voters need the real port: KRaft cannot resolve port 0 for a voter.
        props.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.setProperty("log.dirs", logDir.toString());
        props.setProperty("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
        props.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions per internal topic (the default) cost seconds on first use on one node.
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private static void format(Path logDir) throws IOException {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            // Formatted by an earlier start: keep its cluster id, topics and offsets.
            return;
        }
        final Formatter formatter =
                new Formatter()
                        .setPrintStream(
                                new PrintStream(
                                        OutputStream.nullOutputStream(),
                                        true,
                                        StandardCharsets.UTF_8))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(logDir.toString())
                        .addDirectory(logDir.toString());
        try {
            formatter.run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Cannot format Kafka log directory " + logDir, e);
        }
    }

    private static Map<String, String> adminSettings() {
        return Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(REQUEST_TIMEOUT.toMillis()),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(REQUEST_TIMEOUT.toMillis()));
    }

    private static void awaitCluster(Admin admin) throws IOException {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster()
                        .nodes()
                        .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            sleep();
        }
        throw new IOException("Kafka broker not ready within " + READY_TIMEOUT, last);
    }

    /**
     * The address clients connect to.
     *
     * @return {@code 127.0.0.1:PORT}
     */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /**
     * The listener that takes client certificates (a secure broker only).
     *
     * @return {@code 127.0.0.1:PORT}
     * @throws IllegalStateException when the broker is not secure
     */
    public String tlsBootstrapServers() {
        if (security == null) {
            throw new IllegalStateException("a plaintext broker has no TLS listener");
        }
        return HOST + ":" + tlsPort;
    }

    /**
     * The run's certificates, principals and ACLs; null for a plaintext broker.
     *
     * @return the security the broker was started with
     */
    public EmbeddedSecurity security() {
        return security;
    }

    /**
     * The port of the client listener, free again after {@link #close()}.
     *
     * @return the broker port
     */
    public int brokerPort() {
        return brokerPort;
    }

    /**
     * The port of the KRaft controller listener, free again after {@link #close()}.
     *
     * @return the controller port
     */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * The directory that holds the broker's logs and metadata.
     *
     * @return {@code dataDir/kafka-logs}, absolute
     */
    public Path logDir() {
        return logDir;
    }

    /**
     * Creates topics with {@link #DEFAULT_PARTITIONS} partitions; see {@link #createTopics(int,
     * String...)}.
     *
     * @param names topic names
     * @throws IOException if a topic cannot be created or does not get a leader in time
     */
    public void createTopics(String... names) throws IOException {
        createTopics(DEFAULT_PARTITIONS, names);
    }

    /**
     * Creates topics with replication factor 1 and returns once every partition of every topic has
     * a leader, so that producers and consumers can use them at once. A topic that exists already
     * is left as it is, whatever its partition count.
     *
     * @param partitions partitions per topic, at least 1
     * @param names topic names
     * @throws IOException if a topic cannot be created or does not get a leader in time
     */
    public void createTopics(int partitions, String... names) throws IOException {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        final Set<String> wanted = new HashSet<>(Arrays.asList(names));
        final List<NewTopic> topics = new ArrayList<>(wanted.size());
        for (String name : wanted) {
            topics.add(newTopic(name, partitions, (short) 1));
        }
        for (Map.Entry<String, KafkaFuture<Void>> created :
                admin.createTopics(topics).values().entrySet()) {
            try {
                created.getValue().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("Cannot create topic " + created.getKey(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IOException("Cannot create topic " + created.getKey(), e);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
        awaitLeaders(wanted);
    }

    /** Largest record of a compacted topic: model files with an embedded ONNX graph. */
    public static final int COMPACTED_MAX_MESSAGE_BYTES = 16 << 20;

    /**
     * Largest record of {@link Topics#FEATURES}: a connectivity record of a wide stream carries
     * every pair of channels (about 575 kB of JSON at 64 channels, 9 MB at 256), far above Kafka's
     * default of 1 MB.
     */
    public static final int FEATURES_MAX_MESSAGE_BYTES = 16 << 20;

    /**
     * A topic to create: {@code partitions} partitions (for {@link Topics#FEATURES} with records up
     * to {@link #FEATURES_MAX_MESSAGE_BYTES}), or for a topic of {@link Topics#COMPACTED} (the
     * model files) one partition, {@code cleanup.policy=compact} and records up to {@link
     * #COMPACTED_MAX_MESSAGE_BYTES}.
     */
    public static NewTopic newTopic(String name, int partitions, short replicas) {
        if (Topics.FEATURES.equals(name)) {
            return new NewTopic(name, partitions, replicas)
                    .configs(
                            Map.of(
                                    "max.message.bytes",
                                    Integer.toString(FEATURES_MAX_MESSAGE_BYTES)));
        }
        if (!Topics.COMPACTED.contains(name)) {
            return new NewTopic(name, partitions, replicas);
        }
        return new NewTopic(name, 1, replicas)
                .configs(
                        Map.of(
                                "cleanup.policy",
                                "compact",
                                "max.message.bytes",
                                Integer.toString(COMPACTED_MAX_MESSAGE_BYTES)));
    }

    private void awaitLeaders(Collection<String> names) throws IOException {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                final Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names)
                                .allTopicNames()
                                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (allHaveLeaders(descriptions.values())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // The broker's metadata cache may not know a topic the controller just created.
                last = e;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            sleep();
        }
        throw new IOException("Topics " + names + " have no leader after " + READY_TIMEOUT, last);
    }

    private static boolean allHaveLeaders(Collection<TopicDescription> descriptions) {
        for (TopicDescription description : descriptions) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Stops the broker and waits until it has released its ports. Idempotent; never deletes the
     * data directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        final long startNanos = System.nanoTime();
        stopQuietly(server, admin);
        LOG.debug(
                "Kafka broker at {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void stopQuietly(KafkaRaftServer server, Admin admin) {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.warn("Closing the Kafka admin client failed", e);
            }
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the Kafka broker failed", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep() throws InterruptedIOException {
        try {
            Thread.sleep(POLL_INTERVAL_MS);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        final InterruptedIOException wrapped =
                new InterruptedIOException("Interrupted while waiting for the Kafka broker");
        wrapped.initCause(e);
        return wrapped;
    }
}

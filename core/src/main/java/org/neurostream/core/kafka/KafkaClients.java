package org.neurostream.core.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neurostream.core.io.SecretFile;

/**
 * The one factory of NeuroStream's Kafka clients: every producer, consumer and admin client the
 * project makes, and the properties of the job's Kafka sources and sinks, come from here, so that
 * one client-properties file secures all of them.
 *
 * <p>The settings are a user's file in Kafka's standard client-properties format ({@link #load},
 * {@code --kafka-config FILE} on the command line, {@value #ENVIRONMENT_VARIABLE} in the
 * environment), checked when they are read: every key must be a producer, consumer or admin client
 * property, its value must parse, key stores must exist and open with their passwords, and SASL
 * {@code PLAIN} and {@code SCRAM-*} must come with credentials of their login module. {@code
 * OAUTHBEARER} and any other mechanism are passed through untouched. Each client gets, in this
 * order: the settings of its use (the {@code defaults} argument: {@code linger.ms=0}, its group,
 * ...), the user's settings that apply to its kind of client (they win), and the bootstrap servers.
 * The keys of {@link #RESERVED} belong to each use and may not be in the file.
 *
 * <pre>{@code
 * KafkaClients kafka = KafkaClients.fromFileOrEnvironment(configFile); // null: the environment's
 * try (KafkaProducer<byte[], byte[]> p = kafka.producer(bootstrap, Map.of("linger.ms", "0"))) { ... }
 * Properties sinkProperties = kafka.producerProperties(bootstrap, Map.of("linger.ms", "0"));
 * }</pre>
 *
 * Secrets (every Kafka property of type password, and keys that name a password, secret, token,
 * credential or JAAS configuration) never appear in {@link #toString()}, {@link #redacted()} or the
 * messages of {@link KafkaConfigException}; Kafka's own clients log them as {@code [hidden]}.
 */
public final class KafkaClients implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The environment variable naming the client-properties file when no option does. */
    public static final String ENVIRONMENT_VARIABLE = "NEUROSTREAM_KAFKA_CONFIG";

    /**
     * Keys each use sets for its clients, which the user's settings may not: the brokers come from
     * the command ({@code --bootstrap}), the rest from what the client is for.
     */
    public static final Set<String> RESERVED =
            Set.of(
                    "bootstrap.servers",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer",
                    "group.id",
                    "group.instance.id",
                    "transactional.id",
                    "isolation.level",
                    "enable.auto.commit",
                    "auto.offset.reset");

    /** How long {@link #verify} waits for a usable answer. */
    public static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);

    /** What secret values are shown as. */
    public static final String HIDDEN = "[hidden]";

    private static final String PLAIN_MODULE =
            "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE =
            "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final Pattern SECRET_NAME =
            Pattern.compile("password|secret|token|credential|jaas", Pattern.CASE_INSENSITIVE);
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private final String origin;
    private final TreeMap<String, String> settings;

    private KafkaClients(final String origin, final Map<String, String> settings) {
        this.origin = origin;
        this.settings = new TreeMap<>(settings);
    }

    /** No settings of the user's: plaintext, no credentials, the uses' own settings only. */
    public static KafkaClients plaintext() {
        return new KafkaClients("no client properties", Map.of());
    }

    /**
     * The settings of a client-properties file, checked.
     *
     * @throws KafkaConfigException one line naming the file, the line, the key and the reason
     */
    public static KafkaClients load(final Path file) throws KafkaConfigException {
        return load(file, file.toString());
    }

    /**
     * The settings of {@code file}, or of the file {@value #ENVIRONMENT_VARIABLE} names when {@code
     * file} is null, or {@link #plaintext()} when neither names one.
     *
     * @throws KafkaConfigException one line naming the file, the line, the key and the reason
     */
    public static KafkaClients fromFileOrEnvironment(final Path file) throws KafkaConfigException {
        return fromFileOrEnvironment(file, System.getenv());
    }

    /** {@link #fromFileOrEnvironment(Path)} with the environment given, for tests. */
    static KafkaClients fromFileOrEnvironment(final Path file, final Map<String, String> env)
            throws KafkaConfigException {
        if (file != null) {
            return load(file);
        }
        final String named = env.get(ENVIRONMENT_VARIABLE);
        if (named == null || named.isBlank()) {
            return plaintext();
        }
        return load(Path.of(named), named + " (" + ENVIRONMENT_VARIABLE + ")");
    }

    private static KafkaClients load(final Path file, final String name)
            throws KafkaConfigException {
        final Map<String, PropertiesFile.Entry> entries = PropertiesFile.read(file);
        final Map<String, String> settings = new LinkedHashMap<>();
        entries.forEach((k, e) -> settings.put(k, e.value()));
        check(
                settings,
                key ->
                        entries.containsKey(key)
                                ? name + ": line " + entries.get(key).line()
                                : name);
        return new KafkaClients(file.toString(), settings);
    }

    /**
     * Settings made in code (the embedded broker's principals), checked as a file's are.
     *
     * @param origin where they come from, for messages
     * @throws IllegalArgumentException one line naming the origin, the key and the reason
     */
    public static KafkaClients of(final String origin, final Map<String, String> settings) {
        try {
            check(settings, key -> origin);
        } catch (final KafkaConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new KafkaClients(origin, settings);
    }

    /**
     * These settings with {@code overrides} on top (a secure embedded broker's credentials over the
     * user's other settings), checked together.
     *
     * @throws IllegalArgumentException one line naming the key and the reason
     */
    public KafkaClients with(final String overridesOrigin, final Map<String, String> overrides) {
        final Map<String, String> merged = new TreeMap<>(settings);
        merged.putAll(overrides);
        return of(
                settings.isEmpty() ? overridesOrigin : origin + " with " + overridesOrigin, merged);
    }

    /** These settings with every setting of {@code overrides} on top, checked together. */
    public KafkaClients with(final KafkaClients overrides) {
        return with(overrides.origin, overrides.settings);
    }

    /** Where the settings come from: a file, or a description. */
    public String origin() {
        return origin;
    }

    /** {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String securityProtocol() {
        return settings.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    }

    /** {@code sasl.mechanism} under a SASL protocol (Kafka's default GSSAPI), else null. */
    public String mechanism() {
        return securityProtocol().startsWith("SASL_")
                ? settings.getOrDefault("sasl.mechanism", "GSSAPI")
                : null;
    }

    /**
     * The broker, protocol, mechanism and user, for messages: {@code Kafka at 127.0.0.1:9093
     * (SASL_SSL, SCRAM-SHA-512, user bridge)}.
     */
    public String describe(final String bootstrap) {
        final StringBuilder s = new StringBuilder("Kafka at ").append(bootstrap).append(" (");
        s.append(securityProtocol());
        if (mechanism() != null) {
            s.append(", ").append(mechanism());
        }
        final Matcher user = JAAS_USER.matcher(settings.getOrDefault("sasl.jaas.config", ""));
        if (mechanism() != null && user.find()) {
            s.append(", user ").append(user.group(1));
        } else if (settings.containsKey("ssl.keystore.location")
                || settings.containsKey("ssl.keystore.certificate.chain")) {
            s.append(", client certificate");
        }
        return s.append(')').toString();
    }

    /** The settings with every secret value shown as {@value #HIDDEN}, sorted by key. */
    public Map<String, String> redacted() {
        final Map<String, String> r = new TreeMap<>();
        settings.forEach((k, v) -> r.put(k, isSecret(k) ? HIDDEN : v));
        return Collections.unmodifiableMap(r);
    }

    /**
     * The settings as they are, secrets included, sorted by key: for handing to a job's
     * configuration, which masks its secrets wherever it shows them. Never print or log this.
     */
    public Map<String, String> settingsWithSecrets() {
        return Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Whether the value of {@code key} is a secret, never to be printed or logged. */
    public static boolean isSecret(final String key) {
        final ConfigDef.ConfigKey k = Definitions.key(key);
        return (k != null && k.type == ConfigDef.Type.PASSWORD) || SECRET_NAME.matcher(key).find();
    }

    /**
     * A producer's properties: {@code defaults} (the use's settings), the user's producer settings
     * over them, then {@code bootstrap}.
     */
    public Properties producerProperties(
            final String bootstrap, final Map<String, String> defaults) {
        return assemble(Definitions.PRODUCER, bootstrap, defaults);
    }

    /** A consumer's properties, as {@link #producerProperties}. */
    public Properties consumerProperties(
            final String bootstrap, final Map<String, String> defaults) {
        return assemble(Definitions.CONSUMER, bootstrap, defaults);
    }

    /** An admin client's properties, as {@link #producerProperties}. */
    public Properties adminProperties(final String bootstrap, final Map<String, String> defaults) {
        return assemble(Definitions.ADMIN, bootstrap, defaults);
    }

    /** A producer of byte arrays with {@link #producerProperties}. */
    public KafkaProducer<byte[], byte[]> producer(
            final String bootstrap, final Map<String, String> defaults) {
        return new KafkaProducer<>(
                producerProperties(bootstrap, defaults),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** A consumer of byte arrays with {@link #consumerProperties}. */
    public KafkaConsumer<byte[], byte[]> consumer(
            final String bootstrap, final Map<String, String> defaults) {
        return new KafkaConsumer<>(
                consumerProperties(bootstrap, defaults),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** An admin client with {@link #adminProperties}. */
    public Admin admin(final String bootstrap, final Map<String, String> defaults) {
        return Admin.create(adminProperties(bootstrap, defaults));
    }

    /**
     * Writes the settings, secrets included, as a client-properties file that only this user may
     * read: a secure embedded broker's credentials for the user's own tools.
     */
    public void writeTo(final Path file) throws IOException {
        final StringBuilder text =
                new StringBuilder("# Kafka client properties: ").append(origin).append('\n');
        settings.forEach((k, v) -> text.append(k).append('=').append(escaped(v)).append('\n'));
        Files.writeString(file, "", StandardCharsets.UTF_8);
        SecretFile.ownerOnly(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Connects to {@code bootstrap} with these settings and returns once the cluster has answered
     * (a {@code describeCluster}), within {@link #VERIFY_TIMEOUT}: a command calls it before it
     * starts, so that a client that is refused, or never gets an answer it can use (a listener of
     * another protocol closes every connection, and clients retry without end), is reported in one
     * line instead.
     *
     * @throws KafkaAccessException naming the broker, the protocol and mechanism, and the reason
     */
    public void verify(final String bootstrap) throws KafkaAccessException {
        verify(bootstrap, VERIFY_TIMEOUT);
    }

    /** {@link #verify(String)}, waiting at most {@code timeout}. */
    public void verify(final String bootstrap, final Duration timeout) throws KafkaAccessException {
        final Admin admin;
        try {
            admin = admin(bootstrap, Map.of());
        } catch (final KafkaException e) {
            throw new KafkaAccessException(
                    describe(bootstrap) + ": cannot make a client: " + rootMessage(e), e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get();
        } catch (final ExecutionException e) {
            final KafkaAccessException refused = refusal(bootstrap, e.getCause());
            if (refused != null) {
                throw refused;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaAccessException(
                        describe(bootstrap)
                                + ": no answer within "
                                + timeout.toSeconds()
                                + " s: every connection was refused or closed (is a broker"
                                + " listening there, and does its listener speak "
                                + securityProtocol()
                                + "?)",
                        e.getCause());
            }
            throw new KafkaAccessException(
                    describe(bootstrap) + ": " + rootMessage(e.getCause()), e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException(describe(bootstrap) + ": interrupted", e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /**
     * The refusal in {@code failure} (or its causes) as one line, or null when it is none: the
     * broker refused the client's credentials or certificate, or the principal may not do what the
     * client asked (read or write a topic, join a group, use a transactional id).
     */
    public KafkaAccessException refusal(final String bootstrap, final Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KafkaAccessException k) {
                return k;
            }
            if (t instanceof AuthenticationException) {
                return new KafkaAccessException(
                        describe(bootstrap) + " refused: authentication failed: " + withRoot(t), t);
            }
            if (t instanceof AuthorizationException) {
                return new KafkaAccessException(
                        describe(bootstrap) + " refused: not authorized: " + firstLine(t), t);
            }
        }
        return null;
    }

    /** The origin and the redacted settings. */
    @Override
    public String toString() {
        return "KafkaClients{" + origin + ", " + redacted() + "}";
    }

    private Properties assemble(
            final Set<String> known, final String bootstrap, final Map<String, String> defaults) {
        final Properties p = new Properties();
        defaults.forEach(p::setProperty);
        settings.forEach(
                (k, v) -> {
                    if (known.contains(k)) {
                        p.setProperty(k, v);
                    }
                });
        p.setProperty("bootstrap.servers", bootstrap);
        return p;
    }

    /** Checks every setting on its own, then the settings together. */
    private static void check(
            final Map<String, String> settings, final Function<String, String> where)
            throws KafkaConfigException {
        for (final Map.Entry<String, String> e : settings.entrySet()) {
            final String problem = problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new KafkaConfigException(
                        where.apply(e.getKey()) + ": " + e.getKey() + ": " + problem);
            }
        }
        final String protocol =
                settings.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        final boolean sasl = protocol.startsWith("SASL_");
        final boolean tls = protocol.endsWith("SSL");
        for (final String key : settings.keySet()) {
            if (!sasl && key.startsWith("sasl.")) {
                throw fault(
                        where,
                        key,
                        "security.protocol is "
                                + protocol
                                + ", which uses no SASL settings (SASL_SSL does)");
            }
            if (!tls && key.startsWith("ssl.")) {
                throw fault(
                        where,
                        key,
                        "security.protocol is "
                                + protocol
                                + ", which uses no TLS settings (SSL or SASL_SSL does)");
            }
        }
        if (sasl) {
            checkCredentials(settings, where);
        }
        if (tls) {
            checkStore(settings, where, "keystore");
            checkStore(settings, where, "truststore");
        }
    }

    /** What is wrong with one setting on its own, or null. */
    private static String problem(final String key, final String value) {
        if (RESERVED.contains(key)) {
            return key.equals("bootstrap.servers")
                    ? "NeuroStream sets it for each client; name the brokers with --bootstrap"
                    : "NeuroStream sets it for each client, by what the client is for";
        }
        final ConfigDef.ConfigKey k = Definitions.key(key);
        if (k == null) {
            return "no such Kafka client property (producer, consumer or admin)";
        }
        try {
            final Object parsed = ConfigDef.parseType(key, value, k.type);
            if (k.validator != null) {
                k.validator.ensureValid(key, parsed);
            }
            return null;
        } catch (final ConfigException | IllegalArgumentException e) {
            return isSecret(key) ? "not a valid value" : firstLine(e);
        }
    }

    /** SASL PLAIN and SCRAM need a JAAS configuration of their login module with credentials. */
    private static void checkCredentials(
            final Map<String, String> settings, final Function<String, String> where)
            throws KafkaConfigException {
        final String mechanism = settings.getOrDefault("sasl.mechanism", "GSSAPI");
        final String module =
                mechanism.equals("PLAIN")
                        ? PLAIN_MODULE
                        : mechanism.startsWith("SCRAM-") ? SCRAM_MODULE : null;
        if (module == null) {
            return; // OAUTHBEARER, GSSAPI and others: theirs to check
        }
        final String jaas = settings.get("sasl.jaas.config");
        final String key = "sasl.jaas.config";
        if (jaas == null) {
            if (System.getProperty("java.security.auth.login.config") != null) {
                return;
            }
            throw new KafkaConfigException(
                    where.apply("sasl.mechanism")
                            + ": "
                            + key
                            + ": missing: "
                            + mechanism
                            + " needs the client's username and password ("
                            + module
                            + " required username=\"...\" password=\"...\";)");
        }
        final List<AppConfigurationEntry> entries;
        try {
            entries =
                    JaasContext.loadClientContext(Map.of(key, new Password(jaas)))
                            .configurationEntries();
        } catch (final IllegalArgumentException | SecurityException e) {
            throw fault(
                    where,
                    key,
                    "does not parse as a JAAS configuration (LoginModule required"
                            + " username=\"...\" password=\"...\";)");
        }
        final String named = entries.get(0).getLoginModuleName();
        if (entries.size() != 1 || !named.equals(module)) {
            throw fault(where, key, mechanism + " needs " + module + ", not " + named);
        }
        for (final String option : List.of("username", "password")) {
            if (JaasContext.configEntryOption(entries, option, module) == null) {
                throw fault(where, key, "no " + option);
            }
        }
    }

    /** A key or trust store named by a file must exist and open with its password. */
    private static void checkStore(
            final Map<String, String> settings,
            final Function<String, String> where,
            final String store)
            throws KafkaConfigException {
        final String locationKey = "ssl." + store + ".location";
        final String location = settings.get(locationKey);
        if (location == null) {
            return;
        }
        final Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            throw fault(where, locationKey, location + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw fault(where, locationKey, location + ": not readable");
        }
        final String type = settings.getOrDefault("ssl." + store + ".type", "JKS");
        final String password = settings.get("ssl." + store + ".password");
        if (type.equalsIgnoreCase("PEM")) {
            return;
        }
        if (password == null && store.equals("keystore")) {
            throw fault(
                    where,
                    "ssl.keystore.password",
                    "missing: the key store " + location + " needs its password");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance(type).load(in, password == null ? null : password.toCharArray());
        } catch (final KeyStoreException e) {
            throw fault(where, "ssl." + store + ".type", type + ": no such key store type");
        } catch (final IOException | GeneralSecurityException e) {
            final boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw fault(
                    where,
                    locationKey,
                    location
                            + ": cannot be read as a "
                            + type
                            + " key store"
                            + (wrongPassword
                                    ? " with ssl." + store + ".password (wrong password)"
                                    : ": " + firstLine(e)));
        }
    }

    /** A value as the properties format reads it back: backslashes, line ends, leading blank. */
    private static String escaped(final String value) {
        final String v = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return v.startsWith(" ") ? "\\" + v : v;
    }

    private static KafkaConfigException fault(
            final Function<String, String> where, final String key, final String reason) {
        return new KafkaConfigException(where.apply(key) + ": " + key + ": " + reason);
    }

    private static String firstLine(final Throwable t) {
        final String m = String.valueOf(t.getMessage());
        final int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String rootMessage(final Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root);
    }

    /** The message, and the root cause's where it says more (an SSL handshake's reason). */
    private static String withRoot(final Throwable t) {
        final String m = firstLine(t);
        final String root = rootMessage(t);
        return root.equals(m) || m.contains(root) ? m : m + ": " + root;
    }

    /** The client property definitions of Kafka's producer, consumer and admin client. */
    private static final class Definitions {
        static final Set<String> PRODUCER = ProducerConfig.configNames();
        static final Set<String> CONSUMER = ConsumerConfig.configNames();
        static final Set<String> ADMIN = AdminClientConfig.configNames();
        private static final List<Map<String, ConfigDef.ConfigKey>> KEYS =
                List.of(
                        ProducerConfig.configDef().configKeys(),
                        ConsumerConfig.configDef().configKeys(),
                        AdminClientConfig.configDef().configKeys());

        static ConfigDef.ConfigKey key(final String name) {
            for (final Map<String, ConfigDef.ConfigKey> keys : KEYS) {
                final ConfigDef.ConfigKey k = keys.get(name);
                if (k != null) {
                    return k;
                }
            }
            return null;
        }
    }
}

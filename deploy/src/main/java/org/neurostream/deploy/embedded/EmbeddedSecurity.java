package org.neurostream.deploy.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.neurostream.core.Topics;
import org.neurostream.core.io.Folders;
import org.neurostream.core.io.SecretFile;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.ModelUpdates;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.deploy.latency.KafkaFloorProbe;
import org.neurostream.monitoring.outputs.OutputConsumer;

/**
 * The security of a secure embedded broker, made for one run: a {@link ThrowawayCa} and the key and
 * trust stores it issues (written to a folder only this user may read, deleted by {@link
 * #close()}), a random password per principal, the broker's listeners, and the principals'
 * least-privilege ACLs under Kafka's standard authorizer.
 *
 * <pre>
 *  listener     protocol   on              who
 *  CLIENT       SASL_SSL   127.0.0.1:P     clients: SCRAM-SHA-512 or PLAIN, a password per principal
 *  TLS          SSL        127.0.0.1:P+    the broker itself, and clients with a certificate
 *  CONTROLLER   SSL        127.0.0.1:P+    KRaft, certificate of the broker only
 * </pre>
 *
 * Principals (client certificates map to their CN, {@code CN=bridge} is {@code User:bridge}):
 *
 * <ul>
 *   <li>{@code bridge}: writes the raw topics ({@code neuro.raw.*}), nothing else;
 *   <li>{@code job}: reads the raw topics in its group, writes the output topics and its
 *       transactional ids ({@code neurostream.transactional-id-prefix});
 *   <li>{@code dashboard}: reads the output topics in the output consumers' groups, nothing else;
 *   <li>{@code probe}: the latency probe's own topic;
 *   <li>{@code broker}: the broker's own certificate, the only super user (topics, users, ACLs).
 * </ul>
 *
 * A new topic or client gets its ACL line in {@link #acls}, and nowhere else.
 */
public final class EmbeddedSecurity implements AutoCloseable {
    /** The principals clients connect as. */
    public enum Principal {
        BRIDGE,
        JOB,
        DASHBOARD,
        PROBE;

        /** The user name: {@code bridge}, {@code job}, ... */
        public String user() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The security protocol clients use on the client listener. */
    public static final String PROTOCOL = "SASL_SSL";

    /** The SASL mechanism clients use unless they ask for PLAIN. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    static final String CLIENT_LISTENER = "CLIENT";
    static final String TLS_LISTENER = "TLS";
    static final String BROKER = "broker";
    private static final String STORE_TYPE = "PKCS12";

    private final Path dir;
    private final String transactionalIdPrefix;
    private final String storePassword;
    private final Map<Principal, String> passwords = new EnumMap<>(Principal.class);

    private EmbeddedSecurity(
            final Path dir, final String transactionalIdPrefix, final String storePassword) {
        this.dir = dir;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.storePassword = storePassword;
    }

    /**
     * Makes the authority, the broker's and every principal's key store and the trust store in a
     * new folder under {@code parent}, and a password per principal.
     *
     * @param transactionalIdPrefix the job's {@link JobOptions#TRANSACTIONAL_ID_PREFIX}
     */
    public static EmbeddedSecurity create(final Path parent, final String transactionalIdPrefix)
            throws IOException {
        Files.createDirectories(parent);
        final Path dir = Files.createTempDirectory(parent, "tls-");
        SecretFile.ownerOnly(dir);
        final SecureRandom random = new SecureRandom();
        final EmbeddedSecurity s = new EmbeddedSecurity(dir, transactionalIdPrefix, secret(random));
        for (final Principal p : Principal.values()) {
            s.passwords.put(p, secret(random));
        }
        final char[] pw = s.storePassword.toCharArray();
        try {
            final ThrowawayCa ca = ThrowawayCa.create();
            ThrowawayCa.write(ca.trustStore(), s.trustStore(), pw);
            ThrowawayCa.write(ca.issue(BROKER, pw), s.keyStore(BROKER), pw);
            for (final Principal p : Principal.values()) {
                ThrowawayCa.write(ca.issue(p.user(), pw), s.keyStore(p.user()), pw);
            }
        } catch (final GeneralSecurityException e) {
            s.close();
            throw new IOException("cannot make the embedded broker's certificates: " + e, e);
        }
        return s;
    }

    /** The broker's listener and security properties on these ports. */
    Map<String, String> brokerProperties(
            final String host, final int clientPort, final int tlsPort, final int controllerPort) {
        final Map<String, String> p = new LinkedHashMap<>();
        final String controller = EmbeddedKafkaBroker.CONTROLLER_LISTENER;
        p.put(
                "listeners",
                CLIENT_LISTENER
                        + "://"
                        + host
                        + ":"
                        + clientPort
                        + ","
                        + TLS_LISTENER
                        + "://"
                        + host
                        + ":"
                        + tlsPort
                        + ","
                        + controller
                        + "://"
                        + host
                        + ":"
                        + controllerPort);
        p.put(
                "advertised.listeners",
                CLIENT_LISTENER
                        + "://"
                        + host
                        + ":"
                        + clientPort
                        + ","
                        + TLS_LISTENER
                        + "://"
                        + host
                        + ":"
                        + tlsPort);
        p.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":SASL_SSL," + TLS_LISTENER + ":SSL," + controller + ":SSL");
        p.put("inter.broker.listener.name", TLS_LISTENER);
        p.put("ssl.keystore.type", STORE_TYPE);
        p.put("ssl.keystore.location", keyStore(BROKER).toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.truststore.type", STORE_TYPE);
        p.put("ssl.truststore.location", trustStore().toString());
        p.put("ssl.truststore.password", storePassword);
        // certificates are required where there is no password: the broker's own listeners
        p.put("listener.name.tls.ssl.client.auth", "required");
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        p.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM + ",PLAIN");
        p.put(
                "listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        final StringBuilder plain =
                new StringBuilder(
                        "org.apache.kafka.common.security.plain.PlainLoginModule required");
        passwords.forEach(
                (principal, password) ->
                        plain.append(" user_")
                                .append(principal.user())
                                .append("=\"")
                                .append(password)
                                .append('"'));
        p.put("listener.name.client.plain.sasl.jaas.config", plain.append(';').toString());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + BROKER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /**
     * The client settings of {@code principal} on the client listener: SASL_SSL with SCRAM-SHA-512
     * and its password, trusting the throw-away authority only.
     */
    public KafkaClients clients(final Principal principal) {
        return sasl(principal, MECHANISM, principal.user(), passwords.get(principal));
    }

    /** The same with SASL PLAIN: the password itself crosses the (encrypted) connection. */
    public KafkaClients plainClients(final Principal principal) {
        return sasl(principal, "PLAIN", principal.user(), passwords.get(principal));
    }

    /**
     * Client settings that authenticate as {@code user} with {@code password} (a wrong one, or a
     * user the broker does not know, for tests of refusals).
     */
    public KafkaClients saslClients(final String user, final String password) {
        return sasl(null, MECHANISM, user, password);
    }

    /**
     * The client settings of {@code principal} on the TLS listener: TLS with its client
     * certificate, which names it, and no password.
     */
    public KafkaClients certificateClients(final Principal principal) {
        return certificate(principal.user());
    }

    /** The broker's own client settings on the TLS listener: the super user. */
    KafkaClients brokerClients() {
        return certificate(BROKER);
    }

    /** TLS without a client certificate or SASL: an encrypted client that names no principal. */
    public KafkaClients anonymousTlsClients() {
        return KafkaClients.of("the embedded broker's trust store", trust(new LinkedHashMap<>()));
    }

    /**
     * The least-privilege ACLs of every principal; the job's transactional ids are those that start
     * with its transactional id prefix.
     */
    List<AclBinding> acls() {
        final List<AclBinding> acls = new ArrayList<>();
        final String rawPrefix = Topics.RAW_EEG.substring(0, Topics.RAW_EEG.lastIndexOf('.') + 1);
        allow(acls, Principal.BRIDGE, ResourceType.TOPIC, rawPrefix, true, AclOperation.WRITE);
        allow(acls, Principal.JOB, ResourceType.TOPIC, rawPrefix, true, AclOperation.READ);
        allow(
                acls,
                Principal.JOB,
                ResourceType.GROUP,
                NeuroStreamJob.GROUP_ID,
                false,
                AclOperation.READ);
        // models: published by the lab side (which reads the topic to number the versions), read
        // by the job; markers: from the bridges to the job's label join
        allow(acls, Principal.BRIDGE, ResourceType.TOPIC, Topics.MODELS, false, AclOperation.WRITE);
        allow(acls, Principal.BRIDGE, ResourceType.TOPIC, Topics.MODELS, false, AclOperation.READ);
        allow(acls, Principal.JOB, ResourceType.TOPIC, Topics.MODELS, false, AclOperation.READ);
        allow(
                acls,
                Principal.JOB,
                ResourceType.GROUP,
                ModelUpdates.GROUP_ID,
                false,
                AclOperation.READ);
        allow(
                acls,
                Principal.BRIDGE,
                ResourceType.TOPIC,
                Topics.MARKERS,
                false,
                AclOperation.WRITE);
        allow(acls, Principal.JOB, ResourceType.TOPIC, Topics.MARKERS, false, AclOperation.READ);
        for (final String output : OutputConsumer.TOPICS) {
            allow(acls, Principal.JOB, ResourceType.TOPIC, output, false, AclOperation.WRITE);
            allow(acls, Principal.DASHBOARD, ResourceType.TOPIC, output, false, AclOperation.READ);
        }
        allow(
                acls,
                Principal.JOB,
                ResourceType.TRANSACTIONAL_ID,
                transactionalIdPrefix,
                true,
                AclOperation.WRITE);
        allow(
                acls,
                Principal.DASHBOARD,
                ResourceType.GROUP,
                OutputConsumer.GROUP_PREFIX,
                true,
                AclOperation.READ);
        allow(
                acls,
                Principal.PROBE,
                ResourceType.TOPIC,
                KafkaFloorProbe.TOPIC,
                false,
                AclOperation.WRITE);
        allow(
                acls,
                Principal.PROBE,
                ResourceType.TOPIC,
                KafkaFloorProbe.TOPIC,
                false,
                AclOperation.READ);
        allow(
                acls,
                Principal.PROBE,
                ResourceType.GROUP,
                KafkaFloorProbe.GROUP_PREFIX,
                true,
                AclOperation.READ);
        return acls;
    }

    /**
     * Gives every principal its SCRAM credential and its ACLs through {@code admin} (the broker's
     * super user), and returns once the broker applies both.
     *
     * @throws IOException when they are not in force within {@code timeout}
     */
    void grant(final Admin admin, final Duration timeout) throws IOException {
        final List<UserScramCredentialAlteration> users = new ArrayList<>();
        passwords.forEach(
                (p, pw) ->
                        users.add(
                                new UserScramCredentialUpsertion(
                                        p.user(),
                                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                        pw)));
        final List<AclBinding> acls = acls();
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(acls).all().get();
            // the controller has them; wait until the broker that clients talk to applies them
            while (admin.describeUserScramCredentials().all().get().size() < users.size()
                    || admin.describeAcls(AclBindingFilter.ANY).values().get().size()
                            < acls.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "the embedded broker's credentials and ACLs are not in force after "
                                    + timeout);
                }
                Thread.sleep(50);
            }
        } catch (final ExecutionException e) {
            throw new IOException(
                    "cannot set up the embedded broker's credentials and ACLs: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while setting up the broker");
        }
    }

    /**
     * Every secret of this run (passwords of the principals and of the stores), for tests that
     * check no output or log shows one.
     */
    public List<String> secrets() {
        final List<String> all = new ArrayList<>(passwords.values());
        all.add(storePassword);
        return all;
    }

    /** Deletes the key and trust stores. */
    @Override
    public void close() {
        try {
            Folders.deleteRecursively(dir);
        } catch (final IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }

    private KafkaClients sasl(
            final Principal principal,
            final String mechanism,
            final String user,
            final String password) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("security.protocol", PROTOCOL);
        s.put("sasl.mechanism", mechanism);
        s.put(
                "sasl.jaas.config",
                (mechanism.equals("PLAIN")
                                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                                : "org.apache.kafka.common.security.scram.ScramLoginModule")
                        + " required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        return KafkaClients.of(
                "the embedded broker's principal " + (principal != null ? principal.user() : user),
                trust(s));
    }

    private KafkaClients certificate(final String user) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("security.protocol", "SSL");
        s.put("ssl.keystore.type", STORE_TYPE);
        s.put("ssl.keystore.location", keyStore(user).toString());
        s.put("ssl.keystore.password", storePassword);
        s.put("ssl.key.password", storePassword);
        return KafkaClients.of("the embedded broker's certificate " + user, trust(s));
    }

    private Map<String, String> trust(final Map<String, String> s) {
        s.putIfAbsent("security.protocol", "SSL");
        s.put("ssl.truststore.type", STORE_TYPE);
        s.put("ssl.truststore.location", trustStore().toString());
        s.put("ssl.truststore.password", storePassword);
        return s;
    }

    private Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    private Path keyStore(final String user) {
        return dir.resolve(user + ".p12");
    }

    private static void allow(
            final List<AclBinding> acls,
            final Principal principal,
            final ResourceType type,
            final String name,
            final boolean prefixed,
            final AclOperation operation) {
        acls.add(
                new AclBinding(
                        new ResourcePattern(
                                type, name, prefixed ? PatternType.PREFIXED : PatternType.LITERAL),
                        new AccessControlEntry(
                                "User:" + principal.user(),
                                "*",
                                operation,
                                AclPermissionType.ALLOW)));
    }

    /** 24 random bytes as URL-safe base64: no quote or backslash to escape in a JAAS line. */
    private static String secret(final SecureRandom random) {
        final byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

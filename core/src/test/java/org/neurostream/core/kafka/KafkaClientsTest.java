package org.neurostream.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {
    private static final String SCRAM_JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"bridge\" password=\"s3cret-pw\";";

    @TempDir Path dir;

    @Test
    void shouldMergeTheUsersSettingsOverTheUsesDefaults() throws IOException {
        final KafkaClients kafka =
                KafkaClients.load(file("linger.ms=5\nclient.id=lab-7\nfetch.max.wait.ms=250\n"));

        final Properties producer =
                kafka.producerProperties("h:1", Map.of("linger.ms", "0", "acks", "all"));
        assertEquals("5", producer.getProperty("linger.ms"));
        assertEquals("all", producer.getProperty("acks"));
        assertEquals("lab-7", producer.getProperty("client.id"));
        assertEquals("h:1", producer.getProperty("bootstrap.servers"));
        assertFalse(producer.containsKey("fetch.max.wait.ms"), "a consumer setting");

        final Properties consumer = kafka.consumerProperties("h:1", Map.of("group.id", "g"));
        assertEquals("250", consumer.getProperty("fetch.max.wait.ms"));
        assertEquals("g", consumer.getProperty("group.id"));
        assertFalse(consumer.containsKey("linger.ms"), "a producer setting");
    }

    @Test
    void shouldApplyTheSecuritySettingsToEveryKindOfClient() throws IOException {
        final Path trust = trustStore("changeit");
        final KafkaClients kafka =
                KafkaClients.load(
                        file(
                                "security.protocol=SASL_SSL\n",
                                "sasl.mechanism=SCRAM-SHA-512\n",
                                "sasl.jaas.config=" + SCRAM_JAAS + "\n",
                                "ssl.truststore.location=" + trust + "\n",
                                "ssl.truststore.type=PKCS12\n",
                                "ssl.truststore.password=changeit\n"));

        for (final Properties p :
                new Properties[] {
                    kafka.producerProperties("h:1", Map.of()),
                    kafka.consumerProperties("h:1", Map.of()),
                    kafka.adminProperties("h:1", Map.of())
                }) {
            assertEquals("SASL_SSL", p.getProperty("security.protocol"));
            assertEquals("SCRAM-SHA-512", p.getProperty("sasl.mechanism"));
            assertEquals(SCRAM_JAAS, p.getProperty("sasl.jaas.config"));
            assertEquals(trust.toString(), p.getProperty("ssl.truststore.location"));
        }
        assertEquals("SASL_SSL", kafka.securityProtocol());
        assertEquals("SCRAM-SHA-512", kafka.mechanism());
        assertEquals("Kafka at h:1 (SASL_SSL, SCRAM-SHA-512, user bridge)", kafka.describe("h:1"));
    }

    @Test
    void shouldPassOauthBearerThroughUntouched() throws IOException {
        final String jaas =
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " clientId=\"lab\" clientSecret=\"oauth-secret\";";
        final KafkaClients kafka =
                KafkaClients.load(
                        file(
                                "security.protocol=SASL_SSL\n",
                                "sasl.mechanism=OAUTHBEARER\n",
                                "sasl.jaas.config=" + jaas + "\n",
                                "sasl.oauthbearer.token.endpoint.url=https://idp.example/token\n"));

        final Properties p = kafka.consumerProperties("h:1", Map.of());
        assertEquals("OAUTHBEARER", p.getProperty("sasl.mechanism"));
        assertEquals(jaas, p.getProperty("sasl.jaas.config"));
        assertEquals(
                "https://idp.example/token", p.getProperty("sasl.oauthbearer.token.endpoint.url"));
    }

    @Test
    void shouldNeverShowASecret() throws IOException {
        final Path trust = trustStore("changeit");
        final KafkaClients kafka =
                KafkaClients.load(
                        file(
                                "security.protocol=SASL_SSL\n",
                                "sasl.mechanism=PLAIN\n",
                                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                        + " required username=\"u\" password=\"s3cret-pw\";\n",
                                "ssl.truststore.location=" + trust + "\n",
                                "ssl.truststore.password=changeit\n"));

        assertFalse(kafka.toString().contains("s3cret-pw"), kafka.toString());
        assertFalse(kafka.toString().contains("changeit"), kafka.toString());
        assertEquals(KafkaClients.HIDDEN, kafka.redacted().get("sasl.jaas.config"));
        assertEquals(KafkaClients.HIDDEN, kafka.redacted().get("ssl.truststore.password"));
        assertEquals("PLAIN", kafka.redacted().get("sasl.mechanism"));
        assertTrue(KafkaClients.isSecret("ssl.keystore.key"));
        assertTrue(KafkaClients.isSecret("sasl.oauthbearer.client.credentials.client.secret"));
        assertFalse(KafkaClients.isSecret("ssl.truststore.location"));
    }

    @Test
    void shouldReadTheFileTheEnvironmentNames() throws IOException {
        final Path f = file("linger.ms=7\n");

        assertEquals(
                "7",
                KafkaClients.fromFileOrEnvironment(
                                null, Map.of(KafkaClients.ENVIRONMENT_VARIABLE, f.toString()))
                        .producerProperties("h:1", Map.of())
                        .getProperty("linger.ms"));
        assertEquals(
                "PLAINTEXT", KafkaClients.fromFileOrEnvironment(null, Map.of()).securityProtocol());
        final KafkaConfigException e =
                assertThrows(
                        KafkaConfigException.class,
                        () ->
                                KafkaClients.fromFileOrEnvironment(
                                        null,
                                        Map.of(
                                                KafkaClients.ENVIRONMENT_VARIABLE,
                                                dir.resolve("gone.properties").toString())));
        assertEquals(dir.resolve("gone.properties") + ": no such file", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingTheFileTheLineAndTheKey() throws IOException {
        final Path f = file("# lab cluster\nlinger.ms=0\nlinger.msec=5\n");

        assertFault(
                f
                        + ": line 3: linger.msec: no such Kafka client property (producer, consumer or admin)",
                f);
    }

    @Test
    void shouldRefuseTheKeysEachUseSetsItself() throws IOException {
        final Path bootstrap = file("bootstrap.servers=kafka:9092\n");
        assertFault(
                bootstrap
                        + ": line 1: bootstrap.servers: NeuroStream sets it for each client; name the"
                        + " brokers with --bootstrap",
                bootstrap);
        final Path group = file("group.id=mine\n");
        assertFault(
                group
                        + ": line 1: group.id: NeuroStream sets it for each client, by what the client"
                        + " is for",
                group);
    }

    @Test
    void shouldRefuseAValueThatDoesNotParse() throws IOException {
        final Path f = file("linger.ms=soon\n");

        final String m = fault(f);
        assertTrue(m.startsWith(f + ": line 1: linger.ms: "), m);
        assertTrue(m.contains("soon"), m);
    }

    @Test
    void shouldRefuseALineThatDoesNotParse() throws IOException {
        final Path f = file("linger.ms=0\nclient.id=lab\\u00zz\n");

        final String m = fault(f);
        assertTrue(m.startsWith(f + ": line 2: does not parse: "), m);
    }

    @Test
    void shouldRefuseAFileThatIsNotText() throws IOException {
        final Path f = dir.resolve("binary.properties");
        Files.write(f, new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28});

        assertFault(f + ": does not parse: not UTF-8 text", f);
    }

    @Test
    void shouldRefuseAKeyGivenTwice() throws IOException {
        final Path f = file("linger.ms=0\n\nlinger.ms=5\n");

        assertFault(f + ": line 3: linger.ms: given again (first on line 1)", f);
    }

    @Test
    void shouldRefuseAMissingKeyStore() throws IOException {
        final Path missing = dir.resolve("missing.p12");
        final Path f = file("security.protocol=SSL\nssl.truststore.location=" + missing + "\n");

        assertFault(f + ": line 2: ssl.truststore.location: " + missing + ": no such file", f);
    }

    @Test
    void shouldRefuseATrustStoreWithTheWrongPasswordWithoutShowingIt() throws IOException {
        final Path trust = trustStore("changeit");
        final Path f =
                file(
                        "security.protocol=SSL\n",
                        "ssl.truststore.type=PKCS12\n",
                        "ssl.truststore.location=" + trust + "\n",
                        "ssl.truststore.password=not-the-password\n");

        final String m = fault(f);
        assertTrue(m.startsWith(f + ": line 3: ssl.truststore.location: " + trust), m);
        assertFalse(m.contains("not-the-password"), m);
    }

    @Test
    void shouldRefuseScramWithoutCredentials() throws IOException {
        final Path none = file("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        assertTrue(fault(none).startsWith(none + ": line 2: sasl.jaas.config: missing:"));

        final Path plainModule =
                file(
                        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"u\" password=\"p\";\n");
        assertTrue(fault(plainModule).contains("sasl.jaas.config: SCRAM-SHA-512 needs"));

        final Path noPassword =
                file(
                        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\"u\";\n");
        assertFault(noPassword + ": line 3: sasl.jaas.config: no password", noPassword);

        final Path garbled =
                file(
                        "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n",
                        "sasl.jaas.config=PlainLoginModule username=\"u\" password=\"hunter2\"\n");
        final String m = fault(garbled);
        assertTrue(m.startsWith(garbled + ": line 3: sasl.jaas.config: does not parse"), m);
        assertFalse(m.contains("hunter2"), m);
    }

    @Test
    void shouldRefuseCredentialsThatTheProtocolWouldNotSend() throws IOException {
        final Path f = file("security.protocol=SSL\nsasl.jaas.config=" + SCRAM_JAAS + "\n");

        assertFault(
                f
                        + ": line 2: sasl.jaas.config: security.protocol is SSL, which uses no SASL"
                        + " settings (SASL_SSL does)",
                f);
    }

    @Test
    void shouldSayWhatTheBrokerRefusedInOneLine() {
        final KafkaClients kafka =
                KafkaClients.of(
                        "test",
                        Map.of(
                                "security.protocol", "SASL_PLAINTEXT",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "sasl.jaas.config", SCRAM_JAAS));

        final KafkaAccessException wrongPassword =
                kafka.refusal(
                        "127.0.0.1:9093",
                        new RuntimeException(
                                new SaslAuthenticationException(
                                        "Authentication failed during authentication due to"
                                                + " invalid credentials with SASL mechanism"
                                                + " SCRAM-SHA-512")));
        assertEquals(
                "Kafka at 127.0.0.1:9093 (SASL_PLAINTEXT, SCRAM-SHA-512, user bridge) refused:"
                        + " authentication failed: Authentication failed during authentication due"
                        + " to invalid credentials with SASL mechanism SCRAM-SHA-512",
                wrongPassword.getMessage());

        final KafkaAccessException notAllowed =
                kafka.refusal(
                        "127.0.0.1:9093", new TopicAuthorizationException(Set.of("neuro.raw.eeg")));
        assertTrue(
                notAllowed
                        .getMessage()
                        .startsWith(
                                "Kafka at 127.0.0.1:9093 (SASL_PLAINTEXT, SCRAM-SHA-512, user"
                                        + " bridge) refused: not authorized: "),
                notAllowed.getMessage());
        assertTrue(notAllowed.getMessage().contains("neuro.raw.eeg"));
        assertFalse(notAllowed.getMessage().contains("\n"));

        assertNull(kafka.refusal("127.0.0.1:9093", new IOException("disk full")));
    }

    @Test
    void shouldMergeOverridesOverTheUsersSettings() throws IOException {
        final KafkaClients user = KafkaClients.load(file("linger.ms=3\nclient.id=lab\n"));

        final KafkaClients secured =
                user.with(
                        "the embedded broker",
                        Map.of(
                                "security.protocol", "SASL_PLAINTEXT",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "sasl.jaas.config", SCRAM_JAAS,
                                "client.id", "bridge"));

        final Properties p = secured.producerProperties("h:1", Map.of());
        assertEquals("3", p.getProperty("linger.ms"));
        assertEquals("bridge", p.getProperty("client.id"));
        assertEquals("SASL_PLAINTEXT", p.getProperty("security.protocol"));
    }

    private void assertFault(final String expected, final Path file) {
        assertEquals(expected, fault(file));
    }

    private static String fault(final Path file) {
        final KafkaConfigException e =
                assertThrows(KafkaConfigException.class, () -> KafkaClients.load(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private int files;

    private Path file(final String... lines) throws IOException {
        final Path f = dir.resolve("kafka-" + files++ + ".properties");
        Files.writeString(f, String.join("", lines), StandardCharsets.UTF_8);
        return f;
    }

    /** An empty PKCS12 store: enough to be opened, with its password or not. */
    private Path trustStore(final String password) throws IOException {
        final Path f = dir.resolve("trust-" + files++ + ".p12");
        try (OutputStream out = Files.newOutputStream(f)) {
            final KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.store(out, password.toCharArray());
        } catch (final java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return f;
    }
}

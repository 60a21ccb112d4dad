package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.junit.jupiter.api.Test;
import org.neurostream.core.kafka.KafkaClients;

/**
 * The job's Kafka client settings in its Flink configuration: read back as they were shipped,
 * checked as a file's are, and every secret masked by Flink wherever it shows the configuration.
 */
class KafkaJobSettingsTest {
    private static final String PASSWORD = "pa55-w0rd-never-shown";
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"job\""
                    + " password=\""
                    + PASSWORD
                    + "\";";
    private static final Map<String, String> SASL =
            Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", JAAS,
                    "ssl.truststore.type", "PEM",
                    "ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----");

    @Test
    void shouldBuildTheJobsKafkaClientsFromItsConfigurationWithoutAFile() {
        final Configuration conf =
                Configuration.fromMap(
                        KafkaJobSettings.toConfiguration(KafkaClients.of("test", SASL)));
        conf.set(JobOptions.PARALLELISM, 2);

        final KafkaClients kafka = JobConfig.fromConfiguration(conf).kafka();

        assertEquals("SASL_SSL", kafka.securityProtocol());
        assertEquals("PLAIN", kafka.mechanism());
        final Properties consumer = kafka.consumerProperties("127.0.0.1:9093", Map.of());
        assertEquals(JAAS, consumer.getProperty("sasl.jaas.config"));
        assertEquals("-----BEGIN CERTIFICATE-----", consumer.get("ssl.truststore.certificates"));
        assertEquals("127.0.0.1:9093", consumer.getProperty("bootstrap.servers"));
    }

    @Test
    void shouldShipEverySettingUnderItsKafkaNameAndReadItBack() {
        final Map<String, String> entries =
                KafkaJobSettings.toConfiguration(KafkaClients.of("test", SASL));

        assertEquals(JAAS, entries.get("neurostream.kafka.sasl.jaas.config"));
        assertEquals(SASL, KafkaJobSettings.fromConfiguration(entries));
        assertEquals(
                Map.of(),
                KafkaJobSettings.fromConfiguration(Map.of("neurostream.kafka-config", "/x")));
    }

    @Test
    void shouldLetFlinkMaskEverySecretOfTheShippedSettings() {
        final Map<String, String> entries =
                KafkaJobSettings.toConfiguration(
                        KafkaClients.of(
                                "test",
                                Map.of(
                                        "security.protocol", "SASL_SSL",
                                        "sasl.mechanism", "PLAIN",
                                        "sasl.jaas.config", JAAS,
                                        "ssl.key.password", PASSWORD,
                                        "ssl.truststore.password", PASSWORD)));

        final Map<String, String> shown = ConfigurationUtils.hideSensitiveValues(entries);

        assertFalse(shown.toString().contains(PASSWORD), shown.toString());
        assertEquals("SASL_SSL", shown.get("neurostream.kafka.security.protocol"));
        for (final String key :
                new String[] {"sasl.jaas.config", "ssl.key.password", "ssl.truststore.password"}) {
            assertTrue(KafkaJobSettings.maskedByFlink(key), key);
        }
    }

    @Test
    void shouldRefuseToShipASecretThatFlinkWouldShow() {
        final KafkaClients inlineKey =
                KafkaClients.of(
                        "lab.properties",
                        Map.of(
                                "security.protocol", "SSL",
                                "ssl.keystore.type", "PEM",
                                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----secret"));

        final JobConfigException e =
                assertThrows(
                        JobConfigException.class,
                        () -> KafkaJobSettings.toConfiguration(inlineKey));

        assertEquals(
                "lab.properties: ssl.keystore.key: a secret that Flink would show in the job's"
                        + " configuration on the cluster; keep it in a key store file instead",
                e.getMessage());
        assertFalse(e.getMessage().contains("PRIVATE KEY"));
    }

    @Test
    void shouldRefuseAnUnmaskedSecretInTheJobsConfigurationInOneLine() {
        final Configuration conf = new Configuration();
        conf.setString("neurostream.kafka.security.protocol", "SSL");
        conf.setString("neurostream.kafka.ssl.keystore.type", "PEM");
        conf.setString("neurostream.kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----secret");

        final JobConfigException e =
                assertThrows(JobConfigException.class, () -> JobConfig.fromConfiguration(conf));

        assertTrue(
                e.getMessage()
                        .startsWith(
                                "the job's configuration: neurostream.kafka.ssl.keystore.key: a"
                                        + " secret that Flink would show"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKafkaSettingInTheJobsConfigurationInOneLine() {
        final Configuration conf = new Configuration();
        conf.setString("neurostream.kafka.no.such.setting", "1");

        final JobConfigException e =
                assertThrows(JobConfigException.class, () -> JobConfig.fromConfiguration(conf));

        assertEquals(
                "the job's configuration (neurostream.kafka.*): no.such.setting: no such Kafka"
                        + " client property (producer, consumer or admin)",
                e.getMessage());
    }

    @Test
    void shouldRefuseSaslWithoutCredentialsInTheJobsConfiguration() {
        final Configuration conf = new Configuration();
        conf.setString("neurostream.kafka.security.protocol", "SASL_SSL");
        conf.setString("neurostream.kafka.sasl.mechanism", "SCRAM-SHA-512");

        final JobConfigException e =
                assertThrows(JobConfigException.class, () -> JobConfig.fromConfiguration(conf));

        assertTrue(e.getMessage().contains("sasl.jaas.config: missing"), e.getMessage());
    }
}

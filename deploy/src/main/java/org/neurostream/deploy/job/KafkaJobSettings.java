package org.neurostream.deploy.job;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.GlobalConfiguration;
import org.neurostream.core.kafka.KafkaClients;

/**
 * The job's Kafka client settings carried in its Flink configuration, one key each: {@code
 * neurostream.kafka.security.protocol}, {@code neurostream.kafka.sasl.jaas.config}, ... ({@link
 * #PREFIX} and Kafka's property name, as Flink's Kafka connector takes {@code properties.*}). A job
 * on a cluster gets its settings this way, so that no machine of the cluster needs the
 * client-properties file: {@code cluster submit} ships the settings of {@code --kafka-config} in
 * the job's configuration, and a cluster's {@code config.yaml} may hold them for {@code JobMain}.
 * They are merged over the file's ({@link JobOptions#KAFKA_CONFIG}) and checked as a file's are.
 *
 * <p>Flink masks a configuration value whose key names a password, a secret or a JAAS configuration
 * ({@link GlobalConfiguration#isSensitive}) in its logs and its REST answers ({@code
 * /jobs/ID/config}, {@code /jobs/ID/jobmanager/config}). A secret Kafka setting whose key Flink
 * would not mask ({@code ssl.keystore.key}, {@code
 * sasl.oauthbearer.assertion.private.key.passphrase}) is therefore refused here: it stays in a file
 * (a key store) instead. Certificates are public and travel as they are.
 */
public final class KafkaJobSettings {
    /** Every key of a Kafka client setting in the job's configuration starts with this. */
    public static final String PREFIX = JobOptions.PREFIX + "kafka.";

    /**
     * Settings that Kafka types as passwords, or whose names sound secret, but that hold public
     * values: certificates and an OAuth client's id.
     */
    private static final Set<String> PUBLIC =
            Set.of(
                    "ssl.truststore.certificates",
                    "ssl.keystore.certificate.chain",
                    "sasl.oauthbearer.client.credentials.client.id");

    private KafkaJobSettings() {}

    /**
     * The configuration entries that carry {@code kafka}'s settings, secrets included (Flink masks
     * them wherever it shows them).
     *
     * @throws JobConfigException when a secret would be shown, naming its origin and key
     */
    public static Map<String, String> toConfiguration(final KafkaClients kafka) {
        final Map<String, String> entries = new TreeMap<>();
        kafka.settingsWithSecrets()
                .forEach(
                        (key, value) -> {
                            requireMasked(kafka.origin(), key);
                            entries.put(PREFIX + key, value);
                        });
        return entries;
    }

    /** The Kafka settings among the entries of a job's configuration, without {@link #PREFIX}. */
    public static Map<String, String> fromConfiguration(final Map<String, String> configuration) {
        final Map<String, String> settings = new TreeMap<>();
        configuration.forEach(
                (key, value) -> {
                    if (key.startsWith(PREFIX)) {
                        settings.put(key.substring(PREFIX.length()), value);
                    }
                });
        return settings;
    }

    /**
     * {@code kafka} with {@code settings} (from the job's configuration) over it, checked together.
     *
     * @throws JobConfigException one line naming the key and the reason
     */
    public static KafkaClients apply(final KafkaClients kafka, final Map<String, String> settings) {
        settings.keySet().forEach(key -> requireMasked("the job's configuration", PREFIX + key));
        try {
            return kafka.with("the job's configuration (" + PREFIX + "*)", settings);
        } catch (final IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage());
        }
    }

    /**
     * Whether Flink masks the value of the Kafka setting {@code key} in the job's configuration.
     */
    public static boolean maskedByFlink(final String key) {
        return GlobalConfiguration.isSensitive(PREFIX + key);
    }

    private static void requireMasked(final String origin, final String key) {
        final String kafkaKey = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        if (KafkaClients.isSecret(kafkaKey)
                && !PUBLIC.contains(kafkaKey)
                && !maskedByFlink(kafkaKey)) {
            throw new JobConfigException(
                    origin
                            + ": "
                            + key
                            + ": a secret that Flink would show in the job's configuration on the"
                            + " cluster; keep it in a key store file instead");
        }
    }
}

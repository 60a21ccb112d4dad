package org.neurostream.deploy.cli;

import java.nio.file.Path;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.kafka.KafkaConfigException;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}, the Kafka client settings of every command that makes a Kafka client
 * (a picocli mixin): one client-properties file for all its producers, consumers and admin clients,
 * and for the job it runs ({@link JobOptions#KAFKA_CONFIG}). Without it, the file named by {@value
 * KafkaClients#ENVIRONMENT_VARIABLE}; without either, plaintext. A file that does not parse, names
 * an unknown key or a missing key store is one line and exit 2, before anything starts.
 */
final class KafkaClientOptions {
    @Option(names = "--kafka-config", paramLabel = "FILE")
    Path file;

    /** The settings of the command's clients, checked. */
    KafkaClients clients() throws KafkaConfigException {
        return KafkaClients.fromFileOrEnvironment(file);
    }

    /** {@code builder} with the file given, for the job and the clients of its command. */
    JobConfig.Builder applyTo(final JobConfig.Builder builder) {
        if (file != null) {
            builder.kafkaConfigFile(file);
        }
        return builder;
    }
}

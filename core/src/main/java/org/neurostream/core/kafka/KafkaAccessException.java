package org.neurostream.core.kafka;

import java.io.IOException;

/**
 * A Kafka cluster refused a client, or never gave it a usable answer: one line naming the broker,
 * the security protocol and SASL mechanism, and the reason, for example {@code Kafka at
 * 127.0.0.1:9093 (SASL_SSL, SCRAM-SHA-512, user dashboard) refused: not authorized: Not authorized
 * to access topics: [neuro.raw.eeg]}. Made by {@link KafkaClients#refusal} and {@link
 * KafkaClients#verify}; commands print it as it is, without a stack trace, and exit 2.
 */
public final class KafkaAccessException extends IOException {
    private static final long serialVersionUID = 1L;

    KafkaAccessException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

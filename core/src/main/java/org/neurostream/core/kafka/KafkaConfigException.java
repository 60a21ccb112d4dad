package org.neurostream.core.kafka;

import java.io.IOException;

/**
 * Kafka client settings that cannot be used: one line naming the file (or where the settings came
 * from), the key and the reason, for example {@code kafka.properties: line 3: linger.ms: Invalid
 * value abc ...}. Commands exit 2 on it, before they start anything. Never holds a secret value.
 */
public final class KafkaConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    KafkaConfigException(final String message) {
        super(message);
    }
}

package org.neurostream.deploy.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.deploy.embedded.EmbeddedSecurity;
import org.neurostream.deploy.embedded.EmbeddedSecurity.Principal;

/**
 * On the secure embedded broker (TLS, SASL, least-privilege ACLs) the lab side's principal, the
 * bridge, publishes models and numbers their versions; the dashboard's may not.
 */
class SecureModelPublishIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path MODEL = HOME.resolve("replay-data/models/left-right.json");

    @TempDir Path dir;

    @Test
    void shouldPublishAsTheBridgeAndNumberTheVersionsUnderTheAcls() throws Exception {
        try (EmbeddedSecurity security = EmbeddedSecurity.create(dir, "neurostream");
                EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.startSecure(dir.resolve("kafka"), security)) {
            broker.createTopics(1, Topics.ALL.toArray(new String[0]));
            final String bootstrap = broker.bootstrapServers();
            final KafkaClients bridge = security.clients(Principal.BRIDGE);
            assertEquals("left-right@1", ModelPublisher.publish(bridge, bootstrap, MODEL).id());
            assertEquals("left-right@2", ModelPublisher.publish(bridge, bootstrap, MODEL).id());
            assertThrows(
                    Exception.class,
                    () ->
                            ModelPublisher.publish(
                                    security.clients(Principal.DASHBOARD), bootstrap, MODEL));
        }
    }
}

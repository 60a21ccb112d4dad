package org.neurostream.deploy.latency;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;

class OutputMonitorTest {
    private final OutputMonitor monitor =
            new OutputMonitor(KafkaClients.plaintext(), "127.0.0.1:9", 0);

    @Test
    void shouldCountFeatureKindsAndEntropyFromTheTopLevelFieldsAlone() {
        feature(
                "{\"kind\":\"bandpower\",\"stream_id\":\"a\",\"power\":[[1.5,2.5],[3.0,4.0]],"
                        + "\"differential_entropy\":[[0.1,0.2],[0.3,0.4]],\"meta\":{\"kind\":\"x\"}}");
        feature("{\"kind\":\"bandpower\",\"power\":[1.0],\"differential_entropy\":[]}");
        feature("{\"stream_id\":\"b\",\"differential_entropy\":null,\"kind\":\"avalanche\"}");
        feature("{\"differential_entropy\":[0.5],\"kind\":\"bandpower\"}");
        feature("not json");
        assertEquals(5, monitor.features());
        assertEquals(3, monitor.features("bandpower"));
        assertEquals(1, monitor.features("avalanche"));
        assertEquals(1, monitor.features("unreadable"));
        assertEquals(0, monitor.features("x"));
        assertEquals(2, monitor.differentialEntropy());
    }

    @Test
    void shouldTimeAPredictionFromItsIngestStamp() {
        monitor.onRecord(
                Topics.PREDICTIONS,
                "{\"stream_id\":\"a\",\"ingest_ns\":1000000}".getBytes(StandardCharsets.UTF_8),
                8_000_000);
        assertEquals(1, monitor.predictions());
        assertEquals(1, monitor.latency().count());
        assertEquals(7.0, monitor.latency().p50Ms(), 0.01);
    }

    private void feature(final String json) {
        monitor.onRecord(Topics.FEATURES, json.getBytes(StandardCharsets.UTF_8), 0);
    }
}

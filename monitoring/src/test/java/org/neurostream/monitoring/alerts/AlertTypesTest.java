package org.neurostream.monitoring.alerts;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.RecordJson;

/** The alert types as Flink and neuro.alerts see them. */
class AlertTypesTest {

    @Test
    void shouldBeFlinkPojosSoThatStateIsNotKryoSerialized() {
        // a generic (Kryo) type would still work, but slowly and without schema evolution of
        // checkpointed rule state
        for (final Class<?> type :
                new Class<?>[] {RuleState.class, AlertObservation.class, AlertRecord.class}) {
            assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type), type.getName());
        }
    }

    @Test
    void shouldWriteAlertsAsSnakeCaseJson() throws Exception {
        final AlertRecord a = new AlertRecord();
        a.rule = "gamma-high";
        a.windowStartNs = 5;
        a.evidence = new double[] {0.5};
        final JsonNode json =
                RecordJson.newMapper().readTree(RecordJson.newMapper().writeValueAsBytes(a));
        assertEquals("gamma-high", json.get("rule").asText());
        assertEquals(5, json.get("window_start_ns").asLong());
        assertEquals(0.5, json.get("evidence").get(0).asDouble());
        assertTrue(json.has("raised_at_ns") && json.has("evidence_count") && json.has("time_base"));
    }
}

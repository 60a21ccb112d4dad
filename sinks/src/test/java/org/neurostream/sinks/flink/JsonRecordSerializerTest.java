package org.neurostream.sinks.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;

class JsonRecordSerializerTest {
    @Test
    void shouldWritePredictionsAsSnakeCaseJsonKeyedByStreamAndLeaveTheTimestampToTheProducer() {
        final PredictionRecord p = new PredictionRecord();
        p.streamId = "S001R04/eeg";
        p.seq = 5;
        p.startNs = 0;
        p.endNs = 2_000_000_000L;
        p.ingestNs = 42;
        p.model = "rest-vs-imagery.json";
        p.label = "rest";
        p.probability = 0.25;
        final ProducerRecord<byte[], byte[]> r =
                new JsonRecordSerializer<PredictionRecord>("neuro.predictions", x -> x.streamId)
                        .serialize(p, null, 7L);
        assertEquals("neuro.predictions", r.topic());
        // the producer stamps it: event time 7 ms (1970) would fall to the broker's retention
        assertNull(r.timestamp());
        assertEquals("S001R04/eeg", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals(
                "{\"stream_id\":\"S001R04/eeg\",\"seq\":5,\"start_ns\":0,\"end_ns\":2000000000,\"ingest_ns\":42,"
                        + "\"model\":\"rest-vs-imagery.json\",\"label\":\"rest\",\"probability\":0.25,\"model_version\":0}",
                new String(r.value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteBandPowerRecordsAsTheRecordMapperDoes() throws Exception {
        final BandPowerRecord b = new BandPowerRecord();
        b.kind = BandPowerRecord.KIND;
        b.streamId = "S001R01/eeg";
        b.seq = 3;
        b.channels = 2;
        b.bands = new String[] {"alpha"};
        b.bandPower = new double[] {1.5, Double.NaN};
        b.relativePower = new double[] {0.25, 1e-9};
        b.integration = "rect";
        b.differentialEntropyFloored = new boolean[] {true, false};
        b.settling = true;
        final JsonRecordSerializer<BandPowerRecord> serializer =
                new JsonRecordSerializer<>("neuro.features", x -> x.streamId);
        for (int i = 0; i < 2; i++) {
            final ProducerRecord<byte[], byte[]> r = serializer.serialize(b, null, 7L);
            assertEquals("S001R01/eeg", new String(r.key(), StandardCharsets.UTF_8));
            assertArrayEquals(RecordJson.newMapper().writeValueAsBytes(b), r.value());
        }
    }
}

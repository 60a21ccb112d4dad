package org.neurostream.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

/** A calcium event on neuro.features reads with the names of calcium's events.csv. */
class CalciumEventRecordJsonTest {

    @Test
    void shouldWriteSnakeCaseFieldsWithTheCsvNames() throws JsonProcessingException {
        final CalciumEventRecord e = new CalciumEventRecord();
        e.kind = "calcium_event";
        e.streamId = "synthetic-gcamp/calcium";
        e.address = 3;
        e.tUs = 66_667;
        e.amplitude = 1.25;
        e.timeNs = 66_666_666;
        e.ingestNs = 7;
        assertEquals(
                "{\"kind\":\"calcium_event\",\"stream_id\":\"synthetic-gcamp/calcium\",\"address\":3,"
                        + "\"t_us\":66667,\"amplitude\":1.25,\"time_ns\":66666666,\"ingest_ns\":7}",
                RecordJson.newMapper().writeValueAsString(e));
    }
}

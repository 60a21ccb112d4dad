package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;

class BandPowerRecordSerializerTest {
    private static final ObjectMapper JSON = RecordJson.newMapper();

    @Test
    void shouldReadBackEveryFieldOfTheRecordsItWrote() throws Exception {
        final BandPowerRecordSerializer serializer = new BandPowerRecordSerializer();
        final BandPowerRecord full = record();
        final BandPowerRecord bare = new BandPowerRecord();
        bare.seq = -1;
        final DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(full, out);
        serializer.serialize(bare, out);

        final DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        final BandPowerRecord fullBack = serializer.deserialize(in);
        final BandPowerRecord bareBack = serializer.deserialize(in);
        assertEquals(0, in.available());
        // the JSON form names every public field: the same text, the same record
        assertEquals(JSON.writeValueAsString(full), JSON.writeValueAsString(fullBack));
        assertEquals(JSON.writeValueAsString(bare), JSON.writeValueAsString(bareBack));
        assertArrayEquals(full.bandPower, fullBack.bandPower);
        assertEquals(
                Double.doubleToRawLongBits(full.relativePower[1]),
                Double.doubleToRawLongBits(fullBack.relativePower[1]));
    }

    @Test
    void shouldShareTheArraysInACopy() throws Exception {
        final BandPowerRecord r = record();
        final BandPowerRecord copy = new BandPowerRecordSerializer().copy(r);
        assertNotSame(r, copy);
        assertSame(r.bandPower, copy.bandPower);
        assertSame(r.differentialEntropyFloored, copy.differentialEntropyFloored);
        assertEquals(JSON.writeValueAsString(r), JSON.writeValueAsString(copy));
    }

    @Test
    void shouldBeTheTypeBandPowerProduces() {
        assertEquals(
                BandPowerRecordTypeInfo.INSTANCE,
                new BandPowerFunction(
                                org.neurostream.operators.spectral.BandPowerOptions.defaults())
                        .getProducedType());
    }

    private static BandPowerRecord record() {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = BandPowerRecord.KIND;
        r.streamId = "S001R01/eeg \u03b1";
        r.seq = 42;
        r.startNs = -5;
        r.endNs = 2_000_000_000L;
        r.ingestNs = Long.MAX_VALUE;
        r.channels = 2;
        r.bands = new String[] {"alpha", null};
        r.bandPower = new double[] {1.5, Double.NaN, -0.0, Double.POSITIVE_INFINITY};
        r.relativePower = new double[] {0.25, Double.MIN_VALUE, 1e300, -1};
        r.integration = "rect";
        r.nperseg = 160;
        r.windowSamples = 320;
        r.averagingSeconds = 0.5;
        r.differentialEntropy = new double[] {-21.6, 1, 2, 3};
        r.differentialEntropyFloored = new boolean[] {true, false, false, true};
        r.entropyLogBase = Math.E;
        r.settling = true;
        return r;
    }
}

package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.dvs.RealFiles.Decoded;

/**
 * Decodes every real recording in the shared data folder and checks their true event counts, and
 * the first events and an order-sensitive hash of all events against the independent Python
 * decoders of {@code make_golden.py}.
 */
class RealEventFilesTest {

    private static Decoded checkAgainstGolden(final String name, final int capacity)
            throws IOException {
        final Decoded d = Decoded.all(RealFiles.dvs(name), capacity);
        final JsonNode g = RealFiles.golden(name);
        assertNull(d.fault, () -> "unexpected fault " + d.fault);
        assertEquals(g.get("count").asLong(), d.count, name + " count");
        assertEquals(g.get("on").asLong(), d.on, name + " ON");
        assertEquals(g.get("off").asLong(), d.off, name + " OFF");
        for (int k = 0; k < 3; k++) {
            final JsonNode e = g.get("first").get(k);
            assertArrayEquals(
                    new long[] {
                        e.get(0).asLong(), e.get(1).asLong(), e.get(2).asLong(), e.get(3).asLong()
                    },
                    d.first[k],
                    name + " event " + k);
        }
        assertEquals(g.get("last").get(2).get(0).asLong(), d.lastT, name + " last time");
        assertEquals(g.get("hash").asLong(), d.hash, name + " hash of all events in order");
        return d;
    }

    @Test
    void shouldDecodeTheEvt2SampleWithTheTrueOnAndOffCounts() throws IOException {
        final Decoded d = checkAgainstGolden("evt2_sample.raw", 65536);
        assertEquals(539481, d.count);
        assertEquals(171626, d.off);
        assertEquals(367855, d.on);
        assertEquals(50_000, d.lastT - d.firstT, "50 ms of events");
    }

    @Test
    void shouldDecodeTheEvt3SampleWithTheTrueCount() throws IOException {
        final Decoded d = checkAgainstGolden("evt3_sample.raw", 65536);
        assertEquals(219596, d.count);
        assertEquals(8801, d.lastT - d.firstT, "8.8 ms of events");
    }

    @Test
    void shouldDecodeThePedestrianEvt3FileFromItsTrueFirstEvent() throws IOException {
        final Decoded d = checkAgainstGolden("evt3_test_pedestrians.raw", 65536);
        assertEquals(5000, d.count);
        assertArrayEquals(new long[] {5840504, 707, 297, 0}, d.first[0]);
    }

    @Test
    void shouldDecodeTheAedat4SampleAndAgreeWithItsOwnPacketTable() throws IOException {
        final Path file = RealFiles.dvs("sample.aedat4");
        final Decoded d = checkAgainstGolden("sample.aedat4", 65536);
        assertEquals(111954, d.count);
        try (EventFileReader reader = EventFileReader.open(file)) {
            assertEquals(EventFormat.AEDAT4, reader.format());
            assertEquals(320, reader.width());
            assertEquals(240, reader.height());
            assertEquals(OptionalLong.of(111954), reader.declaredEventCount());
        }
    }

    @Test
    void shouldDecodeTheNmnistSampleOver311Milliseconds() throws IOException {
        final Decoded d = checkAgainstGolden("sample_nmnist.bin", 65536);
        assertEquals(4325, d.count);
        assertEquals(311, d.lastT / 1000);
    }

    @Test
    void shouldReadTheGeometryOfRawFilesFromTheirPluginName() throws IOException {
        try (EventFileReader evt2 = EventFileReader.open(RealFiles.dvs("evt2_sample.raw"));
                EventFileReader evt3 = EventFileReader.open(RealFiles.dvs("evt3_sample.raw"))) {
            assertEquals(EventFormat.EVT2, evt2.format());
            assertEquals(640, evt2.width());
            assertEquals(480, evt2.height());
            assertEquals(EventFormat.EVT3, evt3.format());
            assertEquals(1280, evt3.width());
            assertEquals(720, evt3.height());
        }
    }

    @Test
    void shouldGiveTheSameEventsWhateverTheBatchSize() throws IOException {
        for (final String name :
                new String[] {
                    "evt2_sample.raw", "evt3_sample.raw", "sample.aedat4", "sample_nmnist.bin"
                }) {
            final Decoded small = Decoded.all(RealFiles.dvs(name), EventBatch.MIN_CAPACITY);
            final Decoded odd = Decoded.all(RealFiles.dvs(name), 1001);
            assertEquals(RealFiles.golden(name).get("hash").asLong(), small.hash, name + " at 16");
            assertEquals(RealFiles.golden(name).get("hash").asLong(), odd.hash, name + " at 1001");
            assertTrue(small.batches >= small.count / EventBatch.MIN_CAPACITY, name);
        }
    }
}

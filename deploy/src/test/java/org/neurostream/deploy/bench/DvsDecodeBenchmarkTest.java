package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurostream.ingest.dvs.EventBatch;
import org.neurostream.ingest.dvs.Evt2Decoder;
import org.neurostream.ingest.dvs.Evt3Decoder;

/** A short run of the RAW decode benchmark, and the streams it decodes. */
class DvsDecodeBenchmarkTest {

    @Test
    void shouldGenerateEvt2StreamsOfExactlyTheAskedEvents() {
        final byte[] words = SyntheticRaw.evt2(10_000, 1L);
        final Evt2Decoder decoder = new Evt2Decoder();
        final EventBatch batch = new EventBatch(20_000);
        assertEquals(words.length, decoder.decode(words, 0, words.length, batch));
        assertEquals(10_000, batch.size());
    }

    @Test
    void shouldGenerateEvt3StreamsOfAboutTheAskedEventsAtSevenTenthsOfAnEventPerWord() {
        final byte[] words = SyntheticRaw.evt3(10_000, 1L);
        final Evt3Decoder decoder = new Evt3Decoder();
        final EventBatch batch = new EventBatch(20_000);
        assertEquals(words.length, decoder.decode(words, 0, words.length, batch));
        assertTrue(batch.size() >= 10_000 && batch.size() < 10_100, "events " + batch.size());
        final double perWord = batch.size() / (words.length / 2.0);
        assertTrue(perWord > 0.6 && perWord < 0.8, "events per word " + perWord);
    }

    @Test
    void shouldReportPositiveFiniteRatesForShortRuns() {
        final double evt2 =
                DvsDecodeBenchmark.evt2EventsPerSecond(SyntheticRaw.evt2(100_000, 1L), 0.2);
        final double evt3 =
                DvsDecodeBenchmark.evt3EventsPerSecond(SyntheticRaw.evt3(100_000, 1L), 0.2);
        assertTrue(Double.isFinite(evt2) && evt2 > 1e6, "evt2 " + evt2);
        assertTrue(Double.isFinite(evt3) && evt3 > 1e6, "evt3 " + evt3);
    }

    @Test
    void shouldRejectANonPositiveTime() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DvsDecodeBenchmark.evt2EventsPerSecond(SyntheticRaw.evt2(1000, 1L), 0));
    }
}

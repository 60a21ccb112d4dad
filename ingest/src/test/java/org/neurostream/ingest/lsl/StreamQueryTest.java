package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class StreamQueryTest {
    final StreamInfo amp = StreamInfoTest.eeg();

    @Test
    void shouldEvaluateLiblslPredicatesOnTheInfo() {
        assertTrue(StreamQuery.of("name='amp' and type='EEG'").matches(amp));
        assertFalse(StreamQuery.of("name='amp' and type='Markers'").matches(amp));
        assertTrue(StreamQuery.of("channel_count>1 and nominal_srate=250").matches(amp));
        assertTrue(StreamQuery.of("starts-with(name,'am') or name='x'").matches(amp));
        assertTrue(StreamQuery.of("desc/channels/channel/label='C3'").matches(amp));
        assertTrue(StreamQuery.of("not(source_id='other')").matches(amp));
        assertTrue(StreamQuery.of("").matches(amp));
    }

    @Test
    void shouldReadABarePredicateAsAName() {
        assertEquals("name='amp'", StreamQuery.fromUserPredicate("amp").text());
        assertEquals("name='my stream'", StreamQuery.fromUserPredicate("my stream").text());
        assertEquals("type='EEG'", StreamQuery.fromUserPredicate("type='EEG'").text());
        assertTrue(StreamQuery.fromUserPredicate("amp").matches(amp));
    }

    @Test
    void shouldPrefixTheSessionAsLiblslDoes() {
        assertEquals(
                "session_id='default' and name='amp'",
                StreamQuery.forSession("default", StreamQuery.of("name='amp'")).text());
        assertEquals("session_id='lab'", StreamQuery.forSession("lab", StreamQuery.of("")).text());
    }

    @Test
    void shouldRejectAPredicateThatIsNotXpath() {
        final LslException e = assertThrows(LslException.class, () -> StreamQuery.of("name=='x"));
        assertTrue(
                e.getMessage().startsWith("invalid LSL predicate \"name=='x\": "), e.getMessage());
    }
}

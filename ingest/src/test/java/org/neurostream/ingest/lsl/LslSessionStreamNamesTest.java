package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream ids of a live session's LSL streams stay apart when streams share a name. */
class LslSessionStreamNamesTest {
    private static StreamInfo stream(final String name, final String sourceId, final String uid) {
        return StreamInfo.builder(name, "EEG", 2, 250, ChannelFormat.FLOAT32, sourceId)
                .build()
                .served(uid, 1.0, "default", "host", 16572, 16573);
    }

    @Test
    void shouldKeepTheNameOfAStreamWhoseNameNoOtherShares() {
        assertEquals(
                Map.of("u1", "amp_1", "u2", "cap"),
                LslSession.streamNames(
                        List.of(stream("amp 1", "a", "u1"), stream("cap", "", "u2"))));
    }

    @Test
    void shouldNameTheSourceIdOfStreamsThatShareAName() {
        assertEquals(
                Map.of("u1", "amp-serial_7", "u2", "amp-serial_9", "u3", "other"),
                LslSession.streamNames(
                        List.of(
                                stream("amp", "serial 7", "u1"),
                                stream("amp", "serial 9", "u2"),
                                stream("other", "serial 7", "u3"))));
    }

    @Test
    void shouldNameTheUidWhereTheSourceIdsAreSharedOrEmpty() {
        assertEquals(
                Map.of(
                        "u1", "amp-u1", "u2", "amp-u2", "u3", "amp-u3", "u4", "amp-u4", "u5",
                        "amp-s"),
                LslSession.streamNames(
                        List.of(
                                stream("amp", "", "u1"),
                                stream("amp", "", "u2"),
                                stream("amp", "x", "u3"),
                                stream("amp", "x", "u4"),
                                stream("amp", "s", "u5"))));
    }
}

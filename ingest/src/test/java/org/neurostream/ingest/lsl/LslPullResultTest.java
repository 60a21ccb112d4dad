package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The one line {@code lsl pull} gives when a stream ends before its count. */
class LslPullResultTest {
    private static final StreamInfo AMP =
            StreamInfo.builder("amp", "EEG", 1, 100, ChannelFormat.FLOAT32, "amp-src").build();

    @Test
    void shouldNameTheStreamTheCountAndWhyWhenLostOrDroppedBeforeTheCount() {
        assertEquals(
                "amp: 3 of 10 samples: the stream was lost and not recovered within 2000 ms",
                new LslPull.Result(LslPull.End.LOST, 3, AMP).shortfall(10, 2000));
        assertEquals(
                "amp: 0 of 5 samples: the stream was dropped",
                new LslPull.Result(LslPull.End.DROPPED, 0, AMP).shortfall(5, 2000));
    }

    @Test
    void shouldSayNothingWhenThePullIsWholeOrHadNoCount() {
        assertNull(new LslPull.Result(LslPull.End.COUNT, 10, AMP).shortfall(10, 2000));
        assertNull(new LslPull.Result(LslPull.End.LOST, 10, AMP).shortfall(10, 2000));
        assertNull(new LslPull.Result(LslPull.End.LOST, 4, AMP).shortfall(0, 2000));
        assertNull(new LslPull.Result(LslPull.End.SILENCE, 4, AMP).shortfall(10, 2000));
    }
}

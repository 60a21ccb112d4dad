package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults, validation and bin bookkeeping of {@link WelchConfig}, {@link Band} and the enums. */
class WelchConfigTest {

    @Test
    void shouldDefaultToTwoSecondSegmentsWithHalfOverlapMeanRemovalAndRect() {
        WelchConfig config = WelchConfig.defaults(256);

        assertEquals(512, config.nperseg());
        assertEquals(256, config.noverlap());
        assertEquals(256, config.step());
        assertEquals(Detrend.CONSTANT, config.detrend());
        assertEquals(BandIntegration.RECT, config.integration());
        assertEquals(Band.DEFAULT_BANDS, config.bands());
        assertEquals(new Band("total", 1, 45), config.relativeRange());
        assertEquals(257, config.bins());
        assertEquals(0.5, config.binWidth());
        assertEquals(128.0, config.frequency(256));
        assertEquals(320, WelchConfig.defaults(160).nperseg());
        assertEquals(255 / 2, WelchConfig.builder(256).nperseg(255).build().noverlap());
    }

    @Test
    void shouldCountOnlyFullSegmentsStartingAtZero() {
        WelchConfig config = WelchConfig.builder(256).nperseg(512).noverlap(256).build();

        assertEquals(0, config.segmentCount(511));
        assertEquals(1, config.segmentCount(512));
        assertEquals(1, config.segmentCount(767));
        assertEquals(2, config.segmentCount(768));
        assertEquals(59, config.segmentCount(60 * 256));
    }

    @Test
    void shouldPlaceBandEdgesByTheIntegrationRule() {
        WelchConfig rect = WelchConfig.defaults(256);
        WelchConfig trapz = rect.toBuilder().integration(BandIntegration.TRAPZ).build();
        Band alpha = new Band("alpha", 8, 13);

        assertEquals(16, rect.firstBin(alpha));
        assertEquals(25, rect.lastBin(alpha));
        assertEquals(16, trapz.firstBin(alpha));
        assertEquals(26, trapz.lastBin(alpha));
    }

    @Test
    void shouldDescribeItselfForFeatureMetadata() {
        WelchConfig config =
                WelchConfig.builder(160)
                        .detrend(Detrend.LINEAR)
                        .integration(BandIntegration.TRAPZ)
                        .bands("alpha:8-13,beta:13-30")
                        .build();

        assertEquals(
                "fs=160.0 nperseg=320 noverlap=160 window=hann detrend=linear"
                        + " integration=trapz bands=alpha:8-13,beta:13-30 relative=1-45",
                config.toString());
        assertEquals(config, config.toBuilder().build());
        assertNotEquals(config, config.toBuilder().noverlap(100).build());
    }

    @Test
    void shouldRejectOverlapNotShorterThanTheSegment() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WelchConfig.builder(256).nperseg(512).noverlap(512).build());
        assertTrue(e.getMessage().contains("noverlap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WelchConfig.builder(0));
        assertThrows(IllegalArgumentException.class, () -> WelchConfig.builder(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> WelchConfig.builder(256).nperseg(1));
        assertThrows(IllegalArgumentException.class, () -> WelchConfig.builder(256).noverlap(-1));
        assertThrows(IllegalArgumentException.class, () -> WelchConfig.defaults(0.5));
    }

    @Test
    void shouldRejectABandThatHoldsNoBin() {
        // df = 4 Hz: bins at 0, 4, 8, ... so 1-3 Hz holds none.
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                WelchConfig.builder(256)
                                        .nperseg(64)
                                        .bands("low:1-3,alpha:8-13")
                                        .build());
        assertTrue(e.getMessage().contains("low:1-3"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 0 PSD bin"), e.getMessage());
    }

    @Test
    void shouldRejectATrapzBandOfASingleBin() {
        WelchConfig.Builder builder = WelchConfig.builder(256).nperseg(64).bands("narrow:7-9");

        builder.build(); // rect: the single bin at 8 Hz is enough
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> builder.integration(BandIntegration.TRAPZ).build());
        assertTrue(e.getMessage().contains("trapz needs at least 2"), e.getMessage());
    }

    @Test
    void shouldRejectBandsAboveNyquist() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WelchConfig.defaults(50));
        assertTrue(e.getMessage().contains("gamma:30-45"), e.getMessage());
        assertTrue(e.getMessage().contains("Nyquist 25.0 Hz"), e.getMessage());
    }

    @Test
    void shouldParseABandList() {
        List<Band> bands = Band.parseList(" delta:1-4, theta : 4 - 8 ,low-beta:13-20.5");

        assertEquals(
                List.of(
                        new Band("delta", 1, 4),
                        new Band("theta", 4, 8),
                        new Band("low-beta", 13, 20.5)),
                bands);
        assertEquals(
                Band.DEFAULT_BANDS,
                Band.parseList("delta:1-4,theta:4-8,alpha:8-13," + "beta:13-30,gamma:30-45"));
        assertEquals("low-beta:13-20.5", bands.get(2).toString());
    }

    @Test
    void shouldExplainWhatIsWrongWithABandList() {
        assertMessage("", "band list is empty");
        assertMessage("alpha8-13", "'alpha8-13' is not of the form name:lo-hi");
        assertMessage("alpha:8", "'alpha:8' is not of the form name:lo-hi");
        assertMessage("delta:1-4,", "'' is not of the form name:lo-hi");
        assertMessage("alpha:eight-13", "'eight' is not a frequency in Hz");
        assertMessage("alpha:13-8", "need 0 <= lo < hi");
        assertMessage("alpha:8-13,alpha:9-12", "band 'alpha' appears twice");
    }

    @Test
    void shouldParseOptionLabelsAndNameTheAlternatives() {
        assertEquals(Detrend.LINEAR, Detrend.parse("Linear"));
        assertEquals(Detrend.NONE, Detrend.parse("none"));
        assertEquals(BandIntegration.TRAPZ, BandIntegration.parse(" trapz "));
        assertEquals("rect", BandIntegration.RECT.label());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> BandIntegration.parse("simpson"));
        assertTrue(e.getMessage().contains("expected rect or trapz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Detrend.parse("quadratic"));
    }

    private static void assertMessage(String text, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Band.parseList(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

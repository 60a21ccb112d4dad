package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.neurostream.core.Topics;

class DashboardStateTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DashboardState state = new DashboardState();

    private static byte[] bandPower(final String stream, final double scale) {
        return String.format(
                        Locale.ROOT,
                        "{\"kind\":\"bandpower\",\"stream_id\":\"%s\",\"channels\":2,"
                                + "\"bands\":[\"alpha\",\"beta\"],\"band_power\":[%f,%f,%f,%f],"
                                + "\"relative_power\":[0.5,0.5,0.25,0.75],\"settling\":false}",
                        stream,
                        1 * scale,
                        2 * scale,
                        3 * scale,
                        4 * scale)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode delta(final long now) throws IOException {
        final byte[] d = state.delta(now);
        assertNotNull(d, "something changed, so there is a delta");
        return mapper.readTree(d);
    }

    @Test
    void shouldCoalesceTenUpdatesOfOneStreamIntoOneEntryWithTheLatestValues() throws IOException {
        for (int i = 1; i <= 10; i++) {
            state.accept(Topics.FEATURES, bandPower("s/eeg", i), T0 + i);
        }
        final JsonNode d = delta(T0 + 100);
        assertEquals(1, d.get("streams").size());
        final JsonNode bp = d.get("streams").get(0).get("bandpower");
        assertEquals(10, bp.get("records").asLong());
        assertEquals(1.60, bp.get("log_power").get(3).asDouble(), 1e-9, "log10 of the tenth's 40");
        assertEquals(0.375, bp.get("relative_mean").get(0).asDouble(), 1e-6);
        assertEquals(0.625, bp.get("relative_mean").get(1).asDouble(), 1e-6);
        assertEquals(10, d.get("counts").get("bandpower").asLong());
    }

    @Test
    void shouldSendOnlyStreamsThatChangedSinceTheLastDelta() throws IOException {
        state.accept(Topics.FEATURES, bandPower("a", 1), T0);
        state.accept(Topics.FEATURES, bandPower("b", 1), T0);
        delta(T0);
        state.accept(Topics.FEATURES, bandPower("b", 2), T0 + 1);
        final JsonNode d = delta(T0 + 2);
        assertEquals(1, d.get("streams").size());
        assertEquals("b", d.get("streams").get(0).get("id").asText());
        assertEquals(2, mapper.readTree(state.full(T0 + 3)).get("streams").size());
    }

    @Test
    void shouldHaveNoDeltaWhenNothingArrived() throws IOException {
        state.accept(Topics.FEATURES, bandPower("a", 1), T0);
        delta(T0);
        assertNull(state.delta(T0 + 1));
    }

    @Test
    void shouldBinAvalancheSizesByPowersOfTwo() throws IOException {
        for (final int size : new int[] {1, 2, 3, 4, 7, 8}) {
            state.accept(
                    Topics.FEATURES,
                    json("{\"kind\":\"avalanche\",\"stream_id\":\"c\",\"size\":" + size + "}"),
                    T0);
        }
        final JsonNode h = delta(T0).get("streams").get(0).get("avalanche").get("size_histogram");
        assertEquals("[1,2,2,1]", h.toString());
    }

    @Test
    void shouldKeepTheLatestAvalancheExponents() throws IOException {
        state.accept(
                Topics.FEATURES,
                json(
                        "{\"kind\":\"avalanche_stats\",\"stream_id\":\"c\",\"alpha_size\":1.5,"
                                + "\"alpha_duration\":2.0,\"branching_ratio\":null}"),
                T0);
        final JsonNode a = delta(T0).get("streams").get(0).get("avalanche");
        assertEquals(1.5, a.get("alpha_size").asDouble());
        assertEquals(2.0, a.get("alpha_duration").asDouble());
        assertTrue(a.get("branching_ratio").isNull());
        assertEquals(1, a.get("stats_records").asLong());
    }

    @Test
    void shouldCapMotifEventsPerDeltaAndCountTheRestAsCoalesced() throws IOException {
        final int n = DashboardState.MAX_EVENTS_PER_DELTA + 44;
        for (int i = 0; i < n; i++) {
            state.accept(
                    Topics.FEATURES,
                    json("{\"kind\":\"motif\",\"stream_id\":\"d\",\"motif\":" + i % 3 + "}"),
                    T0 + i);
        }
        final JsonNode d = delta(T0 + n);
        assertEquals(DashboardState.MAX_EVENTS_PER_DELTA, d.get("motifs").size());
        assertEquals(44, state.coalescedEvents());
        assertEquals(n, d.get("counts").get("motif").asLong());
        assertNull(state.delta(T0 + n + 1), "sent once");
    }

    @Test
    void shouldCountUnreadableRecordsAndGoOn() throws IOException {
        state.accept(Topics.FEATURES, json("{not json"), T0);
        state.accept(Topics.FEATURES, bandPower("a", 1), T0);
        final JsonNode d = delta(T0);
        assertEquals(1, d.get("unreadable").asLong());
        assertEquals(2, d.get("records").asLong());
        assertEquals(1, d.get("streams").size());
    }

    @Test
    void shouldReportLatencyPercentilesOncePerSecond() throws IOException {
        state.delta(T0);
        for (int i = 1; i <= 100; i++) {
            final long now = T0 + i * 1_000_000L;
            state.accept(
                    Topics.PREDICTIONS,
                    json(
                            "{\"stream_id\":\"a\",\"label\":\"rest\",\"probability\":0.8,"
                                    + "\"ingest_ns\":"
                                    + (now - i * 100_000L)
                                    + "}"),
                    now);
        }
        assertEquals(0, delta(T0 + 500_000_000L).get("latency").size(), "not a second yet");
        final JsonNode latency = delta(T0 + 1_000_000_000L).get("latency");
        assertEquals(1, latency.size());
        final JsonNode p = latency.get(0).get("record");
        assertEquals(100, p.get("n").asLong());
        assertEquals(5.0, p.get("p50_ms").asDouble(), 0.1);
        assertEquals(9.9, p.get("p99_ms").asDouble(), 0.1);
    }

    @Test
    void shouldShowAlertsAsTheyCameAndCountGapAlertsAsGaps() throws IOException {
        state.accept(
                Topics.ALERTS,
                json(
                        "{\"rule\":\"sequence_gap\",\"severity\":\"warning\",\"stream_id\":\"a\","
                                + "\"reason\":\"3 frames missing\",\"extra\":[1,2]}"),
                T0);
        final JsonNode d = delta(T0);
        final JsonNode alert = d.get("alerts").get(0).get("record");
        assertEquals("3 frames missing", alert.get("reason").asText());
        assertEquals("[1,2]", alert.get("extra").toString(), "unknown fields are kept");
        assertEquals(1, d.get("counts").get("gap").asLong());
        assertEquals(1, d.get("gaps").size());
    }

    @Test
    void shouldDropTheFramesBytesOfADeadLetter() throws IOException {
        state.accept(
                Topics.DEADLETTER,
                json(
                        "{\"origin\":\"neuro.raw.eeg\",\"key\":\"s/eeg\",\"reason\":\"bad magic\","
                                + "\"payload\":\"AAAA\"}"),
                T0);
        final JsonNode dead = delta(T0).get("deadletters").get(0).get("record");
        assertEquals("bad magic", dead.get("reason").asText());
        assertNull(dead.get("payload"));
    }

    @Test
    void shouldSendConnectivityMatricesOnlyWhenANewRecordCame() throws IOException {
        state.accept(Topics.FEATURES, DescriptorRecords.connectivity("s/eeg", 0.5), T0);
        final JsonNode first = delta(T0);
        assertEquals(1, first.get("counts").get("connectivity").asLong());
        final JsonNode c = first.get("streams").get(0).get("connectivity");
        assertEquals(3, c.get("channels").asInt());
        assertEquals("[\"alpha\",\"beta\"]", c.get("bands").toString());
        assertEquals("[8.0,13.0]", c.get("lo_hz").toString());
        assertEquals("[0.9,0.1,null,0.123,0.2,null]", c.get("wpli").toString(), "to 0.001");
        assertEquals(0.5, c.get("plv").get(5).asDouble());

        state.accept(Topics.FEATURES, bandPower("s/eeg", 1), T0 + 1);
        final JsonNode bandPowerOnly = delta(T0 + 1).get("streams").get(0);
        assertNull(bandPowerOnly.get("connectivity"), "unchanged matrices are not resent");
        final JsonNode full = mapper.readTree(state.full(T0 + 2)).get("streams").get(0);
        assertEquals(0.5, full.get("connectivity").get("plv").get(0).asDouble(), "a new page");

        state.accept(Topics.FEATURES, DescriptorRecords.connectivity("s/eeg", 0.75), T0 + 3);
        final JsonNode again = delta(T0 + 3).get("streams").get(0).get("connectivity");
        assertEquals(2, again.get("records").asLong());
        assertEquals(0.75, again.get("plv").get(0).asDouble());
    }

    @Test
    void shouldSummariseExponentsAndAlphaFrequenciesOverChannelsWithValues() throws IOException {
        state.accept(Topics.FEATURES, DescriptorRecords.aperiodic("s/eeg"), T0);
        state.accept(Topics.FEATURES, DescriptorRecords.alpha("s/eeg"), T0 + 2_000_000L);
        final JsonNode s = delta(T0 + 3_000_000L).get("streams").get(0);
        final JsonNode a = s.get("aperiodic");
        assertEquals(1.5, a.get("exponent_mean").asDouble(), 1e-12);
        assertEquals(1.0, a.get("exponent_min").asDouble());
        assertEquals(2.0, a.get("exponent_max").asDouble());
        assertEquals(4.0, a.get("offset_mean").asDouble(), 1e-12);
        assertEquals(T0 / 1_000_000L, a.get("ms").asLong(), "when it came");
        final JsonNode alpha = s.get("alpha");
        assertEquals(10.5, alpha.get("peak_hz_mean").asDouble(), 1e-12);
        assertEquals(10.5, alpha.get("instantaneous_hz_mean").asDouble(), 1e-12);
        assertEquals(T0 / 1_000_000L + 2, alpha.get("ms").asLong());
    }
}

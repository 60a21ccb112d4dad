package org.neurostream.sinks.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslInlet;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;

/**
 * The prediction and alert outlets read by an LSL inlet (ours here; liblsl's in {@code LiveIT}):
 * one outlet per stream with the model's classes as channel labels, the class probabilities as
 * float32, each sample stamped with the LSL time of its window's last sample; another class count
 * opens a new outlet; alerts as JSON markers.
 */
class PredictionOutletsTest {
    static final long SECOND = 1_000_000_000L;
    static final LslConfig CONFIG = LslConfig.loopback();

    @TempDir Path tmp;

    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private Path session(final String streamId, final double origin, final double rate)
            throws Exception {
        assertTrue(CONFIG.isLoopbackOnly());
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S";
        final SessionMetadata.Stream s =
                new SessionMetadata.Stream(streamId, "EEG", rate, List.of(), "uV", "lsl:test");
        s.lslOrigin = origin;
        m.streams.add(s);
        final Path file = tmp.resolve("session.json");
        m.writeTo(file);
        return file;
    }

    private static PredictionRecord prediction(
            final String stream, final long endNs, final String[] classes, final double... p) {
        final PredictionRecord r = new PredictionRecord();
        r.streamId = stream;
        r.startNs = endNs - 2 * SECOND;
        r.endNs = endNs;
        r.model = "m.json";
        r.classes = classes;
        r.probabilities = p;
        r.probability = p[1];
        r.label = classes[1];
        r.ingestNs = System.currentTimeMillis() * 1_000_000L;
        return r;
    }

    private LslInlet inletOn(final LslOutlet outlet) throws Exception {
        final List<StreamInfo> found =
                new LslResolver(CONFIG, problems::add)
                        .resolve(
                                StreamQuery.of(
                                        "name='neurostream-predictions' and source_id='"
                                                + outlet.info().sourceId()
                                                + "'"),
                                1,
                                5 * SECOND);
        assertEquals(1, found.size(), found.toString());
        final LslInlet inlet = LslInlet.open(found.get(0), CONFIG, 2, true, problems::add);
        assertTrue(outlet.waitForConsumers(5 * SECOND));
        return inlet;
    }

    @Test
    void shouldServeClassProbabilitiesStampedAtTheLastSampleOfTheWindow() throws Exception {
        final String[] classes = {"rest", "imagery"};
        final PushLatencies latencies = PushLatencies.named("outlets-test");
        try (PredictionOutlets outlets =
                new PredictionOutlets(
                        CONFIG,
                        new SessionTimeBase(session("S/eeg", 1000.0, 160)),
                        latencies,
                        problems::add)) {
            outlets.push(prediction("S/eeg", 2 * SECOND, classes, 0.5, 0.5));
            final LslOutlet outlet = outlets.outlet("S/eeg");
            assertEquals("neurostream/S/eeg", outlet.info().sourceId());
            try (LslInlet inlet = inletOn(outlet)) {
                assertEquals(List.of("rest", "imagery"), inlet.info().channelLabels());
                assertEquals("Predictions", inlet.info().type());
                assertEquals(0.0, inlet.info().nominalSrate());
                outlets.push(prediction("S/eeg", 2_500_000_000L, classes, 0.25, 0.75));
                outlets.push(prediction("S/eeg", 3 * SECOND, classes, 0.9, 0.1));
                final List<double[]> got = new ArrayList<>();
                final long end = System.nanoTime() + 5 * SECOND;
                while (got.size() < 2 && System.nanoTime() < end) {
                    inlet.pull(
                            s ->
                                    got.add(
                                            new double[] {
                                                s.timestamp(), s.floatValue(0), s.floatValue(1)
                                            }),
                            10,
                            SECOND);
                }
                assertEquals(2, got.size());
                // LSL origin + window end - one sample period (6.25 ms at 160 Hz)
                assertEquals(1000.0 + (2_500_000_000L - 6_250_000L) / 1e9, got.get(0)[0]);
                assertEquals(0.25f, (float) got.get(0)[1]);
                assertEquals(0.75f, (float) got.get(0)[2]);
                assertEquals(1000.0 + (3_000_000_000L - 6_250_000L) / 1e9, got.get(1)[0]);
                assertEquals(0.9f, (float) got.get(1)[1]);
            }
            assertEquals(3, outlets.pushed());
            assertEquals(0, outlets.unstamped());
            assertEquals(3, latencies.takeIn().getTotalCount());
        } finally {
            PushLatencies.forget("outlets-test");
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldOpenANewOutletForAModelWithAnotherClassCount() throws Exception {
        try (PredictionOutlets outlets =
                new PredictionOutlets(
                        CONFIG,
                        new SessionTimeBase(session("S/eeg", 1000.0, 160)),
                        null,
                        problems::add)) {
            outlets.push(prediction("S/eeg", 2 * SECOND, new String[] {"a", "b"}, 0.5, 0.5));
            final LslOutlet first = outlets.outlet("S/eeg");
            outlets.push(
                    prediction("S/eeg", 3 * SECOND, new String[] {"l", "r", "f"}, 0.2, 0.3, 0.5));
            final LslOutlet second = outlets.outlet("S/eeg");
            assertNotSame(first, second);
            assertNotEquals(first.info().uid(), second.info().uid());
            assertEquals("neurostream/S/eeg", second.info().sourceId());
            try (LslInlet inlet = inletOn(second)) {
                assertEquals(List.of("l", "r", "f"), inlet.info().channelLabels());
                outlets.push(
                        prediction(
                                "S/eeg", 4 * SECOND, new String[] {"l", "r", "f"}, 0.1, 0.2, 0.7));
                final float[] got = new float[3];
                assertEquals(
                        1,
                        inlet.pull(
                                s -> {
                                    for (int c = 0; c < 3; c++) {
                                        got[c] = s.floatValue(c);
                                    }
                                },
                                1,
                                5 * SECOND));
                assertArrayEquals(new float[] {0.1f, 0.2f, 0.7f}, got);
            }
        }
    }

    @Test
    void shouldStampWithThePushTimeAndCountWhileTheOriginIsUnknown() throws Exception {
        try (PredictionOutlets outlets =
                new PredictionOutlets(
                        CONFIG,
                        new SessionTimeBase(tmp.resolve("not-there.json")),
                        null,
                        problems::add)) {
            outlets.push(prediction("S/other", 2 * SECOND, new String[] {"a", "b"}, 0.5, 0.5));
            assertEquals(1, outlets.unstamped());
        }
    }

    @Test
    void shouldServeAlertsAsJsonMarkersOnDeviceTime() throws Exception {
        try (AlertOutlet alerts =
                new AlertOutlet(
                        CONFIG, new SessionTimeBase(session("S/eeg", 500.0, 160)), problems::add)) {
            final List<StreamInfo> found =
                    new LslResolver(CONFIG, problems::add)
                            .resolve(StreamQuery.of("name='neurostream-alerts'"), 1, 5 * SECOND);
            assertEquals(1, found.size());
            assertEquals("neurostream/alerts", found.get(0).sourceId());
            try (LslInlet inlet = LslInlet.open(found.get(0), CONFIG, 2, true, problems::add)) {
                assertTrue(alerts.outlet().waitForConsumers(5 * SECOND));
                final AlertRecord a = new AlertRecord();
                a.rule = "gamma-high";
                a.status = AlertRecord.FIRING;
                a.streamId = "S/eeg";
                a.timeBase = "device";
                a.windowEndNs = 8_500_000_000L;
                alerts.push(a);
                final String[] label = {null};
                final double[] t = {0};
                assertEquals(
                        1,
                        inlet.pull(
                                s -> {
                                    label[0] = s.stringValue(0);
                                    t[0] = s.timestamp();
                                },
                                1,
                                5 * SECOND));
                assertTrue(label[0].startsWith("{\"id\":null,\"rule\":\"gamma-high\","), label[0]);
                assertTrue(label[0].contains("\"stream_id\":\"S/eeg\""), label[0]);
                assertEquals(508.5, t[0], 1e-9);
            }
        }
    }
}

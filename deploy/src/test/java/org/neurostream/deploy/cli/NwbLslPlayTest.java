package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslInlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;

/**
 * lsl play of the real NWB sample: its EEG (S001R04.edf's values in uV) as the data outlet and its
 * trials table as markers, each at its onset.
 */
class NwbLslPlayTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldPlayAnNwbFilesElectricalSeriesAndItsTrialsAsMarkers() throws Exception {
        final String nwb = SharedData.nwb("nwb_sample.nwb").toString();
        final LslConfig c = LslCommandsTest.config();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final CommandRun[] run = {null};
        final Thread player =
                new Thread(
                        () ->
                                run[0] =
                                        CommandRun.of(
                                                "lsl",
                                                "play",
                                                nwb,
                                                "--speed",
                                                "50",
                                                "--wait",
                                                "20s",
                                                "--name",
                                                "nwb-play"));
        player.start();
        final LslResolver resolver = new LslResolver(c, problems::add);
        final StreamInfo data =
                resolver.resolve(StreamQuery.of("name='nwb-play'"), 1, 10 * SECOND).get(0);
        final StreamInfo marks =
                resolver.resolve(StreamQuery.of("name='nwb-play-markers'"), 1, 10 * SECOND).get(0);
        final List<Float> first = new ArrayList<>();
        final List<Double> firstStamp = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final List<Double> stamps = new ArrayList<>();
        try (LslInlet in = LslInlet.open(data, c, 30, false, problems::add);
                LslInlet mi = LslInlet.open(marks, c, 30, false, problems::add);
                EdfReader edf = EdfReader.open(SharedData.eeg("S001R04.edf"))) {
            assertEquals("uV", in.info().channelUnits().get(0));
            long got = 0;
            while (got < 20_000) {
                final int n =
                        in.pull(
                                s -> {
                                    if (first.size() < 320) {
                                        first.add(s.floatValue(0));
                                    }
                                    if (firstStamp.isEmpty()) {
                                        firstStamp.add(s.timestamp());
                                    }
                                },
                                4096,
                                10 * SECOND);
                assertTrue(n > 0, "samples stopped at " + got);
                got += n;
            }
            final List<EdfAnnotation> annotations = edf.readAnnotations();
            while (labels.size() < annotations.size()) {
                assertTrue(
                        mi.pull(
                                        s -> {
                                            labels.add(s.stringValue(0));
                                            stamps.add(s.timestamp());
                                        },
                                        100,
                                        10 * SECOND)
                                > 0);
            }
            final float[] expected = new float[320 * edf.channelCount()];
            edf.read(expected, 320);
            for (int i = 0; i < 320; i++) {
                assertEquals(
                        Float.floatToRawIntBits(expected[i * edf.channelCount()]),
                        Float.floatToRawIntBits(first.get(i)),
                        "sample " + i);
            }
            for (int k = 0; k < annotations.size(); k++) {
                assertEquals("trials.label=" + annotations.get(k).text(), labels.get(k));
                assertEquals(
                        annotations.get(k).onsetSeconds() / 50,
                        stamps.get(k) - firstStamp.get(0),
                        1e-6);
            }
        }
        player.join(60_000);
        assertEquals(0, run[0].exitCode(), run[0].err());
        assertTrue(run[0].out().strip().endsWith("played: samples=20000 markers=30"), run[0].out());
        assertEquals(List.of(), problems);
    }
}

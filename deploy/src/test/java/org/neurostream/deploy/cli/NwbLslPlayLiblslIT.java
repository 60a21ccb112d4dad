package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

/**
 * {@code lsl play} of the real NWB sample received by liblsl (pylsl's wheel), on loopback only: the
 * EEG outlet's first samples are S001R04.edf's values in uV bit for bit, with the channel labels
 * and units, and the trials table arrives on the marker outlet, every row at its onset.
 */
class NwbLslPlayLiblslIT {
    @TempDir Path tmp;

    @Test
    void shouldBeReceivedByLiblslWithItsValuesLabelsAndTrials() throws Exception {
        LiblslPeer.python();
        final String nwb = SharedData.nwb("nwb_sample.nwb").toString();
        try (EdfReader edf = EdfReader.open(SharedData.eeg("S001R04.edf"));
                LiblslPeer data =
                        LiblslPeer.start(
                                tmp,
                                "inlet",
                                "--pred",
                                "name='nwb-liblsl'",
                                "--count",
                                "320",
                                "--timeout",
                                "60");
                LiblslPeer markers =
                        LiblslPeer.start(
                                tmp,
                                "inlet",
                                "--pred",
                                "name='nwb-liblsl-markers'",
                                "--count",
                                "30",
                                "--timeout",
                                "60")) {
            final CommandRun play =
                    CommandRun.of(
                            "lsl",
                            "play",
                            nwb,
                            "--speed",
                            "50",
                            "--wait",
                            "60s",
                            "--name",
                            "nwb-liblsl");
            assertEquals(0, play.exitCode(), play.err());

            final JsonNode d = data.result(90);
            assertEquals(64, d.get("labels").size());
            assertEquals(edf.channelCount(), d.get("labels").size());
            for (int c = 0; c < 64; c++) {
                assertEquals(
                        edf.labels().get(c).replace(".", ""),
                        d.get("labels").get(c).asText(),
                        "label " + c);
                assertEquals("uV", d.get("units").get(c).asText());
            }
            final float[] expected = new float[320 * 64];
            edf.read(expected, 320);
            final JsonNode samples = d.get("samples");
            assertEquals(320, samples.size());
            for (int i = 0; i < 320; i++) {
                for (int c = 0; c < 64; c++) {
                    assertEquals(
                            Float.floatToRawIntBits(expected[i * 64 + c]),
                            Float.floatToRawIntBits(
                                    (float) samples.get(i).get("v").get(c).asDouble()),
                            "sample " + i + " channel " + c);
                }
            }

            final List<EdfAnnotation> trials = edf.readAnnotations();
            final JsonNode m = markers.result(90).get("samples");
            assertEquals(trials.size(), m.size());
            final double t0 = samples.get(0).get("t").asDouble();
            for (int k = 0; k < trials.size(); k++) {
                assertEquals(
                        "trials.label=" + trials.get(k).text(), m.get(k).get("v").get(0).asText());
                assertEquals(
                        trials.get(k).onsetSeconds() / 50,
                        m.get(k).get("t").asDouble() - t0,
                        1e-6,
                        "onset of trial " + k);
            }
            assertTrue(play.out().strip().endsWith("played: samples=20000 markers=30"), play.out());
        }
    }
}

package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;

/**
 * lsl play of the real NWB sample: its EEG (S001R04.edf's values in uV) as the data outlet and its
 * trials table as markers, each at its onset.
 */
class NwbLslPlayTest {
    @Test
    void shouldPlayAnNwbFilesElectricalSeriesAndItsTrialsAsMarkers() throws Exception {
        final List<EdfAnnotation> annotations;
        try (EdfReader edf = EdfReader.open(SharedData.eeg("S001R04.edf"))) {
            annotations = edf.readAnnotations();
        }
        final LslPlayback.Played p =
                LslPlayback.play(
                        SharedData.nwb("nwb_sample.nwb"),
                        "nwb-play",
                        50,
                        20_000,
                        annotations.size());
        assertEquals("uV", p.data().channelUnits().get(0));
        try (EdfReader edf = EdfReader.open(SharedData.eeg("S001R04.edf"))) {
            p.assertBeginsWith(edf);
        }
        for (int k = 0; k < annotations.size(); k++) {
            assertEquals("trials.label=" + annotations.get(k).text(), p.labels().get(k));
            assertEquals(
                    annotations.get(k).onsetSeconds() / 50,
                    p.markerStamps().get(k) - p.firstStamp(),
                    1e-6);
        }
        assertEquals(0, p.run().exitCode(), p.run().err());
        assertTrue(
                p.run().out().strip().endsWith("played: samples=20000 markers=30"), p.run().out());
        assertEquals(List.of(), p.problems());
    }
}

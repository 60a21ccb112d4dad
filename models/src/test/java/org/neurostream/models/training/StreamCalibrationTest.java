package org.neurostream.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.SyntheticModels;

/**
 * Live calibration on a generated run streamed frame by frame, its annotations sent as markers: the
 * model and figures are those {@code train-decoder} gets from the file.
 */
class StreamCalibrationTest {
    private static final long START_NS = 5_000_000_000L;

    private static StreamCalibration streamed(Path run, String stream) throws IOException {
        try (EdfReader reader = EdfReader.open(run)) {
            final StreamCalibration c =
                    new StreamCalibration(stream, reader.labels(), reader.sampleRate(), START_NS);
            for (EdfAnnotation a : reader.readAnnotations()) {
                c.mark(
                        new MarkerRecord(
                                stream,
                                START_NS + Math.round(a.onsetSeconds() * 1e9),
                                Math.round(a.durationSeconds() * 1e9),
                                a.text()));
            }
            final float[] frame = new float[8 * reader.channelCount()];
            int n;
            while ((n = reader.read(frame, 8)) > 0) {
                c.append(frame, 0, n);
            }
            return c;
        }
    }

    @Test
    void shouldTrainOnMarkedTrialsWhatTrainDecoderTrainsOnTheAnnotatedFile() throws Exception {
        final Path run = SyntheticModels.runs().get(0);
        final StreamCalibration c = streamed(run, "synth/eeg");
        assertEquals(125 * 160, c.samples());
        assertEquals(30, c.markers());
        final DecoderTraining.Recipe recipe =
                new DecoderTraining.Recipe("T1,T2", PipelineKind.TS_LR, 0.5, 2.5, 5, "live");
        final DecoderTraining.Outcome live = c.train(recipe);
        final DecoderTraining.Outcome file =
                DecoderTraining.train(
                        new DecoderTraining.Request(
                                List.of(run), "T1,T2", PipelineKind.TS_LR, 0.5, 2.5, 5, "live"));
        assertEquals(file.trials(), live.trials());
        assertArrayEquals(
                file.crossValidation().foldAccuracies(), live.crossValidation().foldAccuracies());
        final ObjectMapper json = new ObjectMapper();
        final JsonNode a = json.readTree(live.model().toJson());
        final JsonNode b = json.readTree(file.model().toJson());
        assertEquals(b.get("stages"), a.get("stages"));
        assertEquals(List.of("synth/eeg"), live.model().training().get("recordings"));
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "calibration: pipeline=ts-lr classes=T1,T2 trials=15 cv_accuracy=%.3f"
                                + " chance=%.3f model=live@4",
                        live.crossValidation().accuracy(),
                        live.crossValidation().chanceLevel()),
                StreamCalibration.line(live, recipe, 4));
        assertTrue(live.crossValidation().accuracy() > live.crossValidation().chanceLevel());
    }

    @Test
    void shouldSayWhichStreamLacksTrialsOfAClass() throws Exception {
        final StreamCalibration c = streamed(SyntheticModels.runs().get(0), "synth/eeg");
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                c.train(
                                        new DecoderTraining.Recipe(
                                                "T1,T9", PipelineKind.MDM, 0.5, 2.5, 5, "live")));
        assertEquals("synth/eeg: no trial of class T9 (annotations [T9])", e.getMessage());
    }

    @Test
    void shouldLeaveOutTrialsWhoseEpochSpansAGapAndKeepLaterMarkersInPlace() throws Exception {
        final Path run = SyntheticModels.runs().get(0);
        final double rate;
        final List<EdfAnnotation> annotations;
        final StreamCalibration c;
        // 1 s of the stream never came: samples 6080 to 6240 (38 s to 39 s), inside the epoch of
        // the T2 trial at 37.4 s
        final long gapFrom = 38 * 160;
        final long gapTo = 39 * 160;
        try (EdfReader reader = EdfReader.open(run)) {
            rate = reader.sampleRate();
            annotations = reader.readAnnotations();
            c = new StreamCalibration("synth/eeg", reader.labels(), rate, START_NS);
            for (EdfAnnotation a : annotations) {
                c.mark(
                        new MarkerRecord(
                                "synth/eeg-markers",
                                START_NS + Math.round(a.onsetSeconds() * 1e9),
                                Math.round(a.durationSeconds() * 1e9),
                                a.text()));
            }
            final float[] frame = new float[8 * reader.channelCount()];
            long at = 0;
            int n;
            while ((n = reader.read(frame, 8)) > 0) {
                if (at >= gapFrom && at < gapTo) {
                    c.gap(n);
                } else {
                    c.append(frame, 0, n);
                }
                at += n;
            }
        }
        int spanning = 0;
        int spanningTrials = 0;
        for (EdfAnnotation a : annotations) {
            final double from = (a.onsetSeconds() + 0.5) * rate;
            final double to = (a.onsetSeconds() + 2.5) * rate;
            if (from < gapTo && to > gapFrom) {
                spanning++;
                if (a.text().equals("T1") || a.text().equals("T2")) {
                    spanningTrials++;
                }
            }
        }
        assertTrue(spanningTrials > 0, "the gap spans no trial: the test tests nothing");
        assertEquals(125 * 160, c.samples(), "the missing samples keep their place");
        assertEquals(1, c.gaps());
        assertEquals(gapTo - gapFrom, c.missingSamples());

        final DecoderTraining.Recipe recipe =
                new DecoderTraining.Recipe("T1,T2", PipelineKind.TS_LR, 0.5, 2.5, 5, "live");
        final DecoderTraining.Outcome live = c.train(recipe);
        final DecoderTraining.Outcome whole = streamed(run, "synth/eeg").train(recipe);
        assertEquals(whole.trials() - spanningTrials, live.trials());
        assertTrue(
                live.warnings()
                        .contains(
                                "synth/eeg: 1 gap(s), 160 samples missing; "
                                        + spanning
                                        + " marker(s) whose epoch (0.50-2.50 s) spans a gap left"
                                        + " out"),
                live.warnings().toString());
        assertTrue(whole.warnings().stream().noneMatch(w -> w.contains("gap")));
    }
}

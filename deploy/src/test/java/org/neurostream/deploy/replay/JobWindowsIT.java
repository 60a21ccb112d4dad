package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.training.DecoderTraining;

/**
 * {@code evaluate-decoder}'s windows come from the job: real recordings journaled and replayed
 * through it give, window for window, what the live decoder's kernel gives on the same files.
 */
class JobWindowsIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path IMAGERY = HOME.resolve("replay-data/eeg/S001R04.edf");
    private static final Path REST = HOME.resolve("replay-data/eeg/S001R01.edf");

    @TempDir Path work;

    @Test
    void shouldGiveTheKernelsWindowsForEveryFileThroughTheJob() throws Exception {
        final Path file = work.resolve("rest-imagery.json");
        DecoderTraining.train(
                        new DecoderTraining.Request(
                                List.of(IMAGERY),
                                "T0,T1+T2",
                                PipelineKind.CSP_LDA,
                                PipelineModel.DEFAULT_TMIN,
                                PipelineModel.DEFAULT_TMAX,
                                3,
                                "rest-imagery"))
                .model()
                .write(file);
        final PipelineModel model = PipelineModel.read(file);
        final List<Path> inputs = List.of(IMAGERY, REST);

        final List<List<DecoderEvaluation.Window>> job = new JobWindows().of(model, file, inputs);
        final List<List<DecoderEvaluation.Window>> kernel =
                DecoderEvaluation.DIRECT.of(model, file, inputs);

        // 125 s and 61 s at 160 Hz: a 2 s window every 0.25 s from the first sample
        assertEquals((20_000 - 320) / 40 + 1, job.get(0).size());
        assertEquals((9_760 - 320) / 40 + 1, job.get(1).size());
        assertEquals(kernel, job);
        assertTrue(job.get(0).stream().anyMatch(w -> w.label() == 0));
        assertTrue(job.get(0).stream().anyMatch(w -> w.label() == 1));
    }
}

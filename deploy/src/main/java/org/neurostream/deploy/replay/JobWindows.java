package org.neurostream.deploy.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurostream.core.io.Folders;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.journal.Recorder;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.operators.compute.BackendKind;

/**
 * {@code evaluate-decoder}'s windows from the job itself: the recordings are journaled as a session
 * (each file a stream, cut into frames as the bridge cuts them), the journal is replayed through
 * the job with the model, and each prediction becomes the window it decoded. What the job predicts
 * on a live stream of the same samples, window for window; the kernel run directly ({@link
 * DecoderEvaluation#DIRECT}) gives the same windows, which {@code JobWindowsIT} holds it to.
 */
public final class JobWindows implements DecoderEvaluation.Windows {
    /**
     * Frames of 50 ms, as {@code record} and the demo cut EEG files; the windows do not depend on
     * it.
     */
    private static final FileStreams.Options FRAMES =
            new FileStreams.Options(Duration.ofMillis(50), Duration.ofMillis(10), 30.0);

    @Override
    public List<List<DecoderEvaluation.Window>> of(
            final PipelineModel model, final Path modelFile, final List<Path> inputs)
            throws IOException {
        final Path work = Files.createTempDirectory("neurostream-evaluate-");
        try {
            final List<FileStream> streams = new ArrayList<>();
            final Set<String> ids = new HashSet<>();
            try {
                for (final Path input : inputs) {
                    final FileStream s = FileStreams.open(input, FRAMES);
                    streams.add(s);
                    if (!ids.add(s.streamId())) {
                        throw new IllegalArgumentException(
                                input
                                        + ": streams as "
                                        + s.streamId()
                                        + ", as another input does; give files of different"
                                        + " names");
                    }
                }
                final Path journal = work.resolve("journal");
                try (Recorder recorder = Recorder.create(journal, "evaluate", streams)) {
                    recorder.run(new Pacing(Double.POSITIVE_INFINITY));
                }
                final Map<String, List<PredictionRecord>> predictions =
                        JournalReplay.predictions(
                                journal,
                                JobConfig.builder()
                                        .modelFile(modelFile)
                                        .computeBackend(BackendKind.CPU)
                                        .descriptors(false)
                                        .parallelism(1)
                                        .build());
                final List<List<DecoderEvaluation.Window>> all = new ArrayList<>();
                for (final FileStream s : streams) {
                    all.add(windows(model, s, predictions.getOrDefault(s.streamId(), List.of())));
                }
                return all;
            } finally {
                for (final FileStream s : streams) {
                    s.close();
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while journaling the recordings", e);
        } catch (final IOException | RuntimeException e) {
            throw e;
        } catch (final Exception e) {
            throw new IOException("the job failed: " + e.getMessage(), e);
        } finally {
            Folders.deleteRecursively(work);
        }
    }

    /** A stream's predictions as the windows they decoded (end sample, class index). */
    private static List<DecoderEvaluation.Window> windows(
            final PipelineModel model, final FileStream stream, final List<PredictionRecord> ps) {
        final double periodNs = 1e9 / stream.sampleRate();
        final List<DecoderClass> classes = model.classes();
        final List<DecoderEvaluation.Window> out = new ArrayList<>(ps.size());
        for (final PredictionRecord p : ps) {
            int label = -1;
            for (int k = 0; k < classes.size(); k++) {
                if (classes.get(k).name().equals(p.label)) {
                    label = k;
                }
            }
            // device time starts at 0 with the file's first sample
            out.add(new DecoderEvaluation.Window(Math.round(p.endNs / periodNs), label));
        }
        return out;
    }
}

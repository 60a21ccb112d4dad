package org.neurostream.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Trials;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.models.synthetic.MotorImageryGenerator;
import org.neurostream.models.training.TrialEpochs;

/**
 * The decoders' speed on one thread, from generated runs ({@link MotorImageryGenerator}, 64
 * channels at 160 Hz, seed 11, depth 0.5):
 *
 * <ul>
 *   <li>{@code decoder.<pipeline>.us_per_window}: thread CPU time of the live decoder ({@link
 *       StreamingDecoder}) per window of 2 s, fed one hop (40 samples) at a time, the hop's causal
 *       filtering included; the model trained on one run (T1 vs T2), 1 min of warm-up, then the
 *       median of 5 passes over a 2-minute run (about 490 windows each);
 *   <li>{@code decoder.onnx.us_per_window}: the same for the shipped ONNX example ({@code
 *       replay-data/models/electrode-attention.json}: band differential entropy of 5 bands, an
 *       electrode-attention graph run by ONNX Runtime on one thread), when the file is there;
 *   <li>{@code decoder.ts-lr.train_90_trials.seconds}: thread CPU time of fitting ts-lr (the
 *       Riemannian mean, the tangent vectors, l2 chosen by 5 inner folds, the final fit) on the 90
 *       trials of three runs (T0 against T1+T2), median of 3 after one warm-up fit.
 * </ul>
 */
public final class DecoderBenchmark {
    private static final int HOP = 40;

    /** The shipped ONNX example, under {@code $NEUROSTREAM_HOME}. */
    private static final String ONNX_MODEL = "replay-data/models/electrode-attention.json";

    private DecoderBenchmark() {}

    /** Lines {@code NAME=VALUE UNIT}, one per figure. */
    public static List<String> run() throws IOException {
        final Path dir = Files.createTempDirectory("neurostream-decoder-bench-");
        try {
            final List<Path> runs = new MotorImageryGenerator(11, 0.5).writeRuns(dir, 3);
            final List<String> lines = new ArrayList<>();
            final float[] samples = samples(runs.get(1));
            for (PipelineKind kind : PipelineKind.values()) {
                if (!kind.trainable()) {
                    continue;
                }
                final PipelineModel model = model(kind, runs.get(0));
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "decoder.%s.us_per_window=%.1f us",
                                kind.label(),
                                usPerWindow(model, samples)));
            }
            final Path onnx =
                    Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."))
                            .resolve(ONNX_MODEL);
            if (Files.isRegularFile(onnx)) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "decoder.onnx.us_per_window=%.1f us",
                                usPerWindow(PipelineModel.read(onnx), samples)));
            }
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "decoder.ts-lr.train_90_trials.seconds=%.3f s",
                            trainSeconds(runs)));
            return lines;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static float[] samples(Path run) throws IOException {
        try (EdfReader reader = EdfReader.open(run)) {
            final int n = (int) reader.totalSamplesPerChannel();
            final float[] all = new float[n * reader.channelCount()];
            reader.read(all, n);
            return all;
        }
    }

    private static Trials trials(List<Path> runs, String classes, PipelineKind kind, int folds)
            throws IOException {
        final List<DMatrixRMaj[]> epochs = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        List<String> channels = null;
        for (Path run : runs) {
            try (EdfReader reader = EdfReader.open(run)) {
                channels = reader.labels();
                for (TrialEpochs.Trial t :
                        TrialEpochs.extract(
                                        reader,
                                        DecoderClass.parseList(classes),
                                        kind.filter(),
                                        0.5,
                                        2.5)
                                .trials()) {
                    epochs.add(t.epoch());
                    labels.add(t.label());
                }
            }
        }
        final int[] groups = new int[labels.size()];
        Arrays.setAll(groups, i -> i);
        return new Trials(
                epochs.toArray(new DMatrixRMaj[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                groups,
                2,
                folds,
                MotorImageryGenerator.FS,
                channels);
    }

    private static int[] all(int n) {
        final int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    private static PipelineModel model(PipelineKind kind, Path run) throws IOException {
        final Trials trials = trials(List.of(run), "T1,T2", kind, 3);
        final DecoderPipeline fitted = kind.trainer().fit(trials, all(trials.size()));
        return new PipelineModel(
                "bench-" + kind.label(),
                DecoderClass.parseList("T1,T2"),
                trials.channelLabels(),
                MotorImageryGenerator.FS,
                0.5,
                2.5,
                320,
                HOP,
                kind.filter(),
                fitted,
                new PipelineModel.Validation(0, 0, 0, 0, new double[0], new double[0]),
                java.util.Map.of());
    }

    private static double usPerWindow(PipelineModel model, float[] samples) {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        final StreamingDecoder decoder = new StreamingDecoder(model);
        final int channels = decoder.channels();
        final int n = samples.length / channels;
        final long[] windows = new long[1];
        final StreamingDecoder.Listener listener = (seq, end, p, label) -> windows[0]++;
        DecoderStreamState state = decoder.newState();
        decoder.append(state, samples, 0, 60 * MotorImageryGenerator.FS, listener);
        final double[] passes = new double[5];
        for (int pass = 0; pass < passes.length; pass++) {
            state = decoder.newState();
            decoder.append(state, samples, 0, 320 - HOP, listener);
            final long before = windows[0];
            final long t0 = bean.getCurrentThreadCpuTime();
            for (int at = 320 - HOP; at + HOP <= n; at += HOP) {
                decoder.append(state, samples, at * channels, HOP, listener);
            }
            final long t1 = bean.getCurrentThreadCpuTime();
            passes[pass] = (t1 - t0) / 1e3 / (windows[0] - before);
        }
        Arrays.sort(passes);
        return passes[passes.length / 2];
    }

    private static double trainSeconds(List<Path> runs) throws IOException {
        final Trials trials = trials(runs, "T0,T1+T2", PipelineKind.TS_LR, 5);
        if (trials.size() != 90) {
            throw new IllegalStateException("expected 90 trials, got " + trials.size());
        }
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        final int[] rows = all(trials.size());
        PipelineKind.TS_LR.trainer().fit(trials, rows);
        final double[] times = new double[3];
        for (int i = 0; i < times.length; i++) {
            final long t0 = bean.getCurrentThreadCpuTime();
            PipelineKind.TS_LR.trainer().fit(trials, rows);
            times[i] = (bean.getCurrentThreadCpuTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        return times[1];
    }
}

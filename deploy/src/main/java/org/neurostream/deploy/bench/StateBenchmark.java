package org.neurostream.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStreamFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.io.Folders;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobSinks;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.flink.JournalSource;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.AvalancheState;
import org.neurostream.operators.flink.AvalancheStateSerializer;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.CalciumState;
import org.neurostream.operators.flink.CalciumStateSerializer;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.operators.flink.MotifState;
import org.neurostream.operators.flink.MotifStateSerializer;
import org.neurostream.operators.flink.SpectralAnalysis;
import org.neurostream.operators.flink.SpectralState;
import org.neurostream.operators.flink.SpectralStateSerializer;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * What checkpointing the job's per-stream state costs, for the session of the issue: 64 EEG streams
 * (64 channels at 160 Hz), 4 event streams (a motif kernel of M 200, N 128, D 31, 5 % weights) and
 * 4 calcium streams of 1000 ROIs at 30 Hz.
 *
 * <p>{@link #sizes}: the states built by the job's own state classes, warmed with seeded signal (30
 * s of EEG with bursts, 20 s of calcium so that the 500-frame baseline windows are full, 2 s of
 * events at 20 k events/s per stream), then per kind the bytes of one stream's state as its
 * serializer writes it, and for all 72 streams: the time to serialize every state (what the
 * asynchronous part of a checkpoint does), to copy every state (what the task thread does for each
 * state it touches while an asynchronous checkpoint runs: the bound of the stall a checkpoint adds
 * to a record) and to read every state back (a restore); medians of 15 passes after 5, in CPU time
 * of the measuring thread, so that a loaded machine stretches them less than wall time.
 *
 * <p>{@link #jobCpu}: the whole job on a local MiniCluster fed from a journal of that session at
 * its real pace (35 s), without checkpoints and with a checkpoint every second (hashmap backend,
 * checkpoints to a temporary folder), two rounds alternating after a warm-up run with checkpoints
 * that is not counted (without it the JIT compilers took a tenth of a core in the first rounds'
 * windows, as much as checkpoints add): the process CPU time over the same 20 s window of steady
 * state (from 10 s to 30 s after the job was submitted), the fraction checkpoints add, the CPU of
 * Flink's asynchronous snapshot threads in that window (the writing of the state), and the CPU of
 * each group of threads ({@link ThreadCpu}) without checkpoints and what checkpoints add to it (the
 * copies the task thread makes are in the tasks' group).
 */
public final class StateBenchmark {
    private static final long EEG_PERIOD_NS = 6_250_000L;
    private static final int EEG_CHANNELS = 64;
    private static final int EEG_STREAMS = 64;
    private static final int EEG_SAMPLES = 8;
    private static final long CALCIUM_PERIOD_NS = 33_333_333L;
    private static final int CALCIUM_ROIS = 1000;
    private static final int CALCIUM_STREAMS = 4;
    private static final int EVENT_STREAMS = 4;
    private static final int EVENTS_PER_10_MS = 200;
    private static final int M = 200;
    private static final int N = 128;
    private static final int D = 31;

    private StateBenchmark() {}

    /** The {@code NAME=VALUE UNIT} lines of the state sizes and their serialization costs. */
    public static List<String> sizes() throws Exception {
        final List<Object> spectral = new ArrayList<>();
        final List<Object> avalanche = new ArrayList<>();
        final List<Object> calcium = new ArrayList<>();
        final List<Object> motif = new ArrayList<>();
        warmEeg(spectral, avalanche);
        warmCalcium(calcium);
        warmMotifs(motif);
        final List<Kind> kinds =
                List.of(
                        new Kind("eeg.band_power", SpectralStateSerializer.INSTANCE, spectral),
                        new Kind("eeg.avalanches", AvalancheStateSerializer.INSTANCE, avalanche),
                        new Kind("calcium", CalciumStateSerializer.INSTANCE, calcium),
                        new Kind("events.motifs", MotifStateSerializer.INSTANCE, motif));
        final List<String> lines = new ArrayList<>();
        long total = 0;
        for (final Kind k : kinds) {
            final long bytes = k.bytes();
            total += bytes;
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.%s.bytes_per_stream=%d bytes (%d streams)",
                            k.name,
                            bytes / k.states.size(),
                            k.states.size()));
        }
        final int kindCount = kinds.size();
        final double[][] write = new double[kindCount][15];
        final double[][] copy = new double[kindCount][15];
        final double[][] read = new double[kindCount][15];
        final DataOutputSerializer out = new DataOutputSerializer((int) total + 4096);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = -5; pass < 15; pass++) {
            out.clear();
            for (int k = 0; k < kindCount; k++) {
                final int from = out.length();
                final long t0 = threads.getCurrentThreadCpuTime();
                kinds.get(k).writeAll(out);
                final long t1 = threads.getCurrentThreadCpuTime();
                kinds.get(k).copyAll();
                final long t2 = threads.getCurrentThreadCpuTime();
                kinds.get(k)
                        .readAll(
                                new DataInputDeserializer(
                                        out.getSharedBuffer(), from, out.length() - from));
                final long t3 = threads.getCurrentThreadCpuTime();
                if (pass >= 0) {
                    write[k][pass] = (t1 - t0) / 1e3;
                    copy[k][pass] = (t2 - t1) / 1e3;
                    read[k][pass] = (t3 - t2) / 1e3;
                }
            }
        }
        for (int k = 0; k < kindCount; k++) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.%s.serialize_copy_restore_us=%.0f / %.0f / %.0f us (all its"
                                    + " streams)",
                            kinds.get(k).name,
                            median(write[k]),
                            median(copy[k]),
                            median(read[k])));
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.all.bytes=%d bytes (64 EEG, 4 event and 4 calcium streams)",
                        total));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.all.serialize_us=%.0f us (every state written, one thread)",
                        sumOfMedians(write)));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.all.copy_us=%.0f us (every state copied: the task thread's share of a"
                                + " checkpoint when it touches all of them while one is written)",
                        sumOfMedians(copy)));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.all.restore_us=%.0f us (every state read)",
                        sumOfMedians(read)));
        lines.addAll(checkpointFiles(kinds));
        return lines;
    }

    /**
     * What the asynchronous part of a checkpoint and the discard of the one it subsumes cost in CPU
     * when the whole state goes to files as Flink's filesystem storage writes them: per kind, one
     * {@link FsCheckpointStreamFactory} stream (as a keyed backend writes its operator's state)
     * serialized into, closed (which syncs the file), then discarded (what the JobManager does a
     * checkpoint later). The measuring thread's CPU time, user and system, so that the kernel's
     * copying into the page cache, the sync and the unlink count; medians of 15 passes after 5,
     * with Flink's default write buffer (20 KiB: the larger of the 4 KiB buffer and the 20 KiB
     * inline threshold), the job's and 1 MiB, alternating.
     */
    private static List<String> checkpointFiles(final List<Kind> kinds) throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-state-files-");
        try {
            final int[] buffers = {
                20 * 1024, NeuroStreamJob.CHECKPOINT_WRITE_BUFFER_BYTES, 1024 * 1024
            };
            final double[][] write = new double[buffers.length][15];
            final double[][] discard = new double[buffers.length][15];
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final org.apache.flink.core.fs.Path target =
                    org.apache.flink.core.fs.Path.fromLocalFile(dir.toFile());
            for (int pass = -5; pass < 15; pass++) {
                for (int b = 0; b < buffers.length; b++) {
                    final FsCheckpointStreamFactory files =
                            new FsCheckpointStreamFactory(
                                    target.getFileSystem(), target, target, 20 * 1024, buffers[b]);
                    final List<StreamStateHandle> handles = new ArrayList<>();
                    final long t0 = threads.getCurrentThreadCpuTime();
                    for (final Kind k : kinds) {
                        final FsCheckpointStreamFactory.FsCheckpointStateOutputStream out =
                                files.createCheckpointStateOutputStream(
                                        CheckpointedStateScope.EXCLUSIVE);
                        k.writeAll(new DataOutputViewStreamWrapper(out));
                        handles.add(out.closeAndGetHandle());
                    }
                    final long t1 = threads.getCurrentThreadCpuTime();
                    for (final StreamStateHandle h : handles) {
                        h.discardState();
                    }
                    final long t2 = threads.getCurrentThreadCpuTime();
                    if (pass >= 0) {
                        write[b][pass] = (t1 - t0) / 1e3;
                        discard[b][pass] = (t2 - t1) / 1e3;
                    }
                }
            }
            final List<String> lines = new ArrayList<>();
            for (int b = 0; b < buffers.length; b++) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "state.all.checkpoint_file_us.buffer_%dk=%.0f / %.0f us (every"
                                        + " state serialized into checkpoint files, synced /"
                                        + " the files deleted; thread CPU, user and system)",
                                buffers[b] / 1024,
                                median(write[b]),
                                median(discard[b])));
            }
            return lines;
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /**
     * The {@code NAME=VALUE UNIT} lines of the job's CPU over a paced replay of the session,
     * without checkpoints and with one per second.
     */
    public static List<String> jobCpu() throws Exception {
        final Path dir = Files.createTempDirectory("neurostream-state-bench-");
        try {
            final Path journal = dir.resolve("j");
            record(journal, 35);
            final List<String> lines = new ArrayList<>();
            // a first run with checkpoints, not counted: the JIT compiles the job's code and the
            // checkpoints' code, which otherwise takes a tenth of a core in the first rounds
            cpuSeconds(journal, dir, Duration.ofSeconds(1));
            final int groups = ThreadCpu.Group.values().length;
            final double[] without = new double[2];
            final double[] with = new double[2];
            final double[] async = new double[2];
            final double[] added = new double[groups];
            final double[][] base = new double[2][];
            for (int round = 0; round < 2; round++) {
                final double[] no = cpuSeconds(journal, dir, Duration.ZERO);
                without[round] = no[0];
                final double[] cp = cpuSeconds(journal, dir, Duration.ofSeconds(1));
                with[round] = cp[0];
                async[round] = cp[1];
                base[round] = no;
                for (int g = 0; g < groups; g++) {
                    added[g] += (cp[2 + g] - no[2 + g]) / 2;
                }
            }
            for (int round = 0; round < 2; round++) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "state.job.round%d.cpu_cores=%.3f / %.3f cores (process CPU over 20"
                                        + " s of a paced replay of the 72 streams: without"
                                        + " checkpoints / with one every second)",
                                round + 1,
                                without[round] / 20,
                                with[round] / 20));
            }
            final double mean = (without[0] + without[1]) / 2;
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.job.checkpoint_cpu_fraction=%.3f (added process CPU / CPU"
                                    + " without checkpoints, mean of the 2 rounds after a warm-up"
                                    + " run; target < 0.05)",
                            ((with[0] + with[1]) / 2 - mean) / mean));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.job.checkpoint_async_cpu_fraction=%.3f (CPU of Flink's"
                                    + " asynchronous snapshot threads / CPU without checkpoints,"
                                    + " mean of the 2 rounds)",
                            (async[0] + async[1]) / 2 / mean));
            final StringBuilder without0 = new StringBuilder();
            final StringBuilder byGroup = new StringBuilder();
            for (final ThreadCpu.Group g : ThreadCpu.Group.values()) {
                final String sep = g.ordinal() == 0 ? "" : " / ";
                without0.append(sep)
                        .append(g.label)
                        .append(' ')
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        "%.3f",
                                        (base[0][2 + g.ordinal()] + base[1][2 + g.ordinal()])
                                                / 2
                                                / 20));
                byGroup.append(sep)
                        .append(g.label)
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%+.3f", added[g.ordinal()] / 20));
            }
            lines.add(
                    "state.job.cpu_cores_by_thread="
                            + without0
                            + " cores (without checkpoints, mean of the 2 rounds; threads"
                            + " grouped by name from /proc)");
            lines.add(
                    "state.job.checkpoint_added_cores_by_thread="
                            + byGroup
                            + " cores (with minus without, mean of the 2 rounds)");
            final double threads =
                    added[ThreadCpu.Group.ASYNC_SNAPSHOT.ordinal()]
                            + added[ThreadCpu.Group.FLINK_RUNTIME.ordinal()];
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.job.checkpoint_threads_cpu_fraction=%.3f (what checkpoints add"
                                    + " to the async snapshot and Flink runtime threads / CPU"
                                    + " without checkpoints: a lower bound of the cost that the"
                                    + " tasks' run-to-run spread does not blur; the task thread's"
                                    + " share, its state copies, is state.all.copy_us per"
                                    + " checkpoint at most)",
                            threads / mean));
            return lines;
        } finally {
            deleteAfterFlink(dir);
        }
    }

    /**
     * Deletes the bench's folder; Flink may still be discarding the last checkpoints of a job that
     * has ended, so an entry that vanishes under the walk means another try, not a failed bench.
     */
    private static void deleteAfterFlink(final Path dir) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Folders.deleteRecursively(dir);
                return;
            } catch (final UncheckedIOException e) {
                if (attempt == 5) {
                    throw e.getCause();
                }
                Thread.sleep(200);
            }
        }
    }

    /** One kind of state: its serializer and every stream's value. */
    private static final class Kind {
        final String name;
        final TypeSerializer<Object> serializer;
        final List<Object> states;

        @SuppressWarnings("unchecked")
        Kind(final String name, final TypeSerializer<?> serializer, final List<Object> states) {
            this.name = name;
            this.serializer = (TypeSerializer<Object>) serializer;
            this.states = states;
        }

        long bytes() throws IOException {
            final DataOutputSerializer out = new DataOutputSerializer(1 << 16);
            writeAll(out);
            return out.length();
        }

        void writeAll(final DataOutputView out) throws IOException {
            for (final Object s : states) {
                serializer.serialize(s, out);
            }
        }

        void copyAll() {
            for (final Object s : states) {
                serializer.copy(s);
            }
        }

        void readAll(final DataInputDeserializer in) throws IOException {
            for (int i = 0; i < states.size(); i++) {
                serializer.deserialize(in);
            }
        }
    }

    private static void warmEeg(final List<Object> spectral, final List<Object> avalanche) {
        final SpectralAnalysis analysis =
                new SpectralAnalysis(
                        BandPowerOptions.defaults(), EEG_CHANNELS, EEG_PERIOD_NS, BackendKind.CPU);
        final Collector<BandPowerRecord> none = discard();
        final float[] values = new float[EEG_CHANNELS * EEG_SAMPLES];
        final FrameDecoder decoder = new FrameDecoder();
        final int frames = (int) (30 * 1e9 / EEG_PERIOD_NS / EEG_SAMPLES);
        for (int s = 0; s < EEG_STREAMS; s++) {
            final SpectralState st = analysis.newState(0);
            final AvalancheState av =
                    new AvalancheState(3.0, 10.0, 0.025, 10.0, EEG_CHANNELS, EEG_PERIOD_NS, 0);
            final SplittableRandom random = new SplittableRandom(s);
            for (int f = 0; f < frames; f++) {
                decoder.wrap(
                        new UnsafeBuffer(eegFrame(values, random, "bench" + s + "/eeg", f)), 0);
                analysis.append(st, values, 0, EEG_SAMPLES, "s", 0, none);
                av.append(decoder, "s", r -> {}, r -> {});
            }
            spectral.add(st);
            avalanche.add(av);
        }
        analysis.close();
    }

    private static void warmCalcium(final List<Object> calcium) {
        final float[] values = new float[CALCIUM_ROIS];
        final FrameDecoder decoder = new FrameDecoder();
        for (int s = 0; s < CALCIUM_STREAMS; s++) {
            final CalciumState st =
                    new CalciumState(
                            CalciumFunction.jobOptions(30), 1, CALCIUM_ROIS, CALCIUM_PERIOD_NS, 0);
            final SplittableRandom random = new SplittableRandom(100 + s);
            final Calcium trace = new Calcium(random);
            for (int f = 0; f < 600; f++) {
                trace.frame(values);
                decoder.wrap(
                        new UnsafeBuffer(
                                samplesFrame(
                                        values, CALCIUM_ROIS, 1, Modality.CALCIUM, "c/calcium", f)),
                        0);
                st.append(decoder, "c", e -> {}, a -> {}, null);
            }
            calcium.add(st);
        }
    }

    private static void warmMotifs(final List<Object> motif) {
        final MotifKernel kernel = MotifKernel.fromDense(motifKernel(), motifBias(), M, N, D);
        final MotifDetector detector = new MotifDetector(kernel, 1, 0.0, 0, (m, t, v) -> {});
        for (int s = 0; s < EVENT_STREAMS; s++) {
            final MotifStreamState st = detector.newState();
            detector.use(st);
            final SplittableRandom random = new SplittableRandom(200 + s);
            for (int bin = 0; bin < 2000; bin++) {
                for (int k = 0; k < EVENTS_PER_10_MS / 10; k++) {
                    detector.onEventInBin(bin, random.nextInt(N));
                }
            }
            motif.add(new MotifState(0L, st));
        }
    }

    /** A dense kernel [200, 128, 31] with 5 % of its weights nonzero, seeded. */
    private static float[] motifKernel() {
        final SplittableRandom random = new SplittableRandom(31);
        final float[] k = new float[M * N * D];
        for (int i = 0; i < k.length; i++) {
            if (random.nextInt(20) == 0) {
                k[i] = (float) random.nextDouble(0.2, 1.0);
            }
        }
        return k;
    }

    private static float[] motifBias() {
        final float[] b = new float[M];
        Arrays.fill(b, -6f);
        return b;
    }

    /** Writes the session's journal at its real pace: arrival time = device time. */
    private static void record(final Path journal, final int seconds) throws IOException {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "state-bench";
        final float[] eegValues = new float[EEG_CHANNELS * EEG_SAMPLES];
        final float[] calciumValues = new float[CALCIUM_ROIS];
        final SplittableRandom[] eegRandom = new SplittableRandom[EEG_STREAMS];
        for (int s = 0; s < EEG_STREAMS; s++) {
            eegRandom[s] = new SplittableRandom(s);
        }
        final Calcium[] traces = new Calcium[CALCIUM_STREAMS];
        for (int s = 0; s < CALCIUM_STREAMS; s++) {
            traces[s] = new Calcium(new SplittableRandom(100 + s));
        }
        final SplittableRandom events = new SplittableRandom(7);
        final long t0 = System.currentTimeMillis() * 1_000_000L;
        try (JournalWriter w = JournalWriter.create(journal, m, 256L << 20)) {
            long calciumFrame = 0;
            for (int tick = 0; tick < seconds * 100; tick++) {
                final long nowNs = tick * 10_000_000L;
                if (tick % 5 == 0) {
                    for (int s = 0; s < EEG_STREAMS; s++) {
                        final byte[] eeg =
                                eegFrame(eegValues, eegRandom[s], "bench" + s + "/eeg", tick / 5);
                        w.append(eeg, 0, eeg.length, t0 + nowNs);
                    }
                }
                while (calciumFrame * CALCIUM_PERIOD_NS < nowNs + 10_000_000L) {
                    for (int s = 0; s < CALCIUM_STREAMS; s++) {
                        traces[s].frame(calciumValues);
                        final byte[] calcium =
                                samplesFrame(
                                        calciumValues,
                                        CALCIUM_ROIS,
                                        1,
                                        Modality.CALCIUM,
                                        "imaging" + s + "/calcium",
                                        calciumFrame);
                        w.append(calcium, 0, calcium.length, t0 + nowNs);
                    }
                    calciumFrame++;
                }
                for (int s = 0; s < EVENT_STREAMS; s++) {
                    final byte[] e = eventFrame(events, "spikes" + s + "/spikes", tick, nowNs);
                    w.append(e, 0, e.length, t0 + nowNs);
                }
            }
        }
    }

    /**
     * The job on the journal at its real pace: the process CPU seconds from 10 s to 30 s after the
     * start, those of the threads that write checkpoints asynchronously ({@code AsyncOperations})
     * over the same window, then those of each {@link ThreadCpu.Group} in that window.
     */
    private static double[] cpuSeconds(
            final Path journal, final Path dir, final Duration checkpoints) throws Exception {
        final JobConfig options =
                JobConfig.builder()
                        .checkpointInterval(checkpoints)
                        .checkpointDirectory(dir.resolve("checkpoints").toUri().toString())
                        .computeBackend(BackendKind.CPU)
                        .motifs(
                                new MotifFunction(
                                        motifKernel(), motifBias(), M, N, D, 1000, 0.0, 0, 0, 0, 0))
                        .build();
        final NeuroStreamJob job =
                new NeuroStreamJob(
                        new JournalSource(journal, 1.0),
                        JobSinks.builder()
                                .bandPower(new DiscardingSink<>())
                                .deadLetters(new DiscardingSink<>())
                                .avalanches(new DiscardingSink<>())
                                .motifs(new DiscardingSink<>())
                                .calciumEvents(new DiscardingSink<>())
                                .build(),
                        options);
        final StreamExecutionEnvironment env = BenchJobs.localEnvironment();
        job.build(env);
        final double[] window = new double[4];
        final ThreadCpu[] threadCpu = new ThreadCpu[2];
        final Thread sampler =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(10_000);
                                window[0] = BenchJobs.processCpuSeconds();
                                window[2] = asyncSnapshotCpuSeconds();
                                threadCpu[0] = ThreadCpu.now();
                                Thread.sleep(20_000);
                                window[1] = BenchJobs.processCpuSeconds();
                                window[3] = asyncSnapshotCpuSeconds();
                                threadCpu[1] = ThreadCpu.now();
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "state-bench-cpu");
        sampler.setDaemon(true);
        sampler.start();
        env.execute("neurostream state bench");
        sampler.join();
        final double[] groups = ThreadCpu.between(threadCpu[0], threadCpu[1]);
        final double[] result = new double[2 + groups.length];
        result[0] = window[1] - window[0];
        result[1] = window[3] - window[2];
        System.arraycopy(groups, 0, result, 2, groups.length);
        return result;
    }

    /** CPU seconds of the live threads that run asynchronous snapshot parts. */
    private static double asyncSnapshotCpuSeconds() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long ns = 0;
        for (final ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("AsyncOperations")) {
                ns += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return ns / 1e9;
    }

    /** Seeded EEG-like noise with bursts shared by a third of the channels, as a frame. */
    private static byte[] eegFrame(
            final float[] values,
            final SplittableRandom random,
            final String streamId,
            final long index) {
        for (int i = 0; i < EEG_SAMPLES; i++) {
            final double burst = random.nextInt(40) == 0 ? 6.0 : 0.0;
            for (int c = 0; c < EEG_CHANNELS; c++) {
                values[i * EEG_CHANNELS + c] =
                        (float) (10 * (random.nextGaussian() + (c % 3 == 0 ? burst : 0)));
            }
        }
        return samplesFrame(values, EEG_CHANNELS, EEG_SAMPLES, Modality.EEG, streamId, index);
    }

    /** GCaMP-like fluorescence of 1000 ROIs: decaying transients on a baseline, with noise. */
    private static final class Calcium {
        private final SplittableRandom random;
        private final double[] c = new double[CALCIUM_ROIS];

        Calcium(final SplittableRandom random) {
            this.random = random;
        }

        void frame(final float[] values) {
            for (int r = 0; r < CALCIUM_ROIS; r++) {
                c[r] = c[r] * 0.967 + (random.nextInt(300) == 0 ? 1.0 : 0.0);
                values[r] = (float) (500 * (1 + c[r]) + 50 * random.nextGaussian());
            }
        }
    }

    private static byte[] samplesFrame(
            final float[] values,
            final int channels,
            final int samples,
            final Modality modality,
            final String streamId,
            final long index) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, channels, samples, id.length, session.length)];
        final long periodNs = modality == Modality.CALCIUM ? CALCIUM_PERIOD_NS : EEG_PERIOD_NS;
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(modality)
                .sequence(index)
                .deviceTimeNs(index * samples * periodNs)
                .periodNs(periodNs)
                .counts(channels, samples)
                .ids(id, session)
                .putSamples(values, 0)
                .finish();
        return bytes;
    }

    private static byte[] eventFrame(
            final SplittableRandom random,
            final String streamId,
            final long index,
            final long nowNs) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = session(streamId);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, 0, EVENTS_PER_10_MS, id.length, session.length)];
        final FrameEncoder e =
                new FrameEncoder()
                        .wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.EVENTS)
                        .modality(Modality.SPIKES)
                        .sequence(index)
                        .deviceTimeNs(nowNs)
                        .periodNs(1000)
                        .counts(0, EVENTS_PER_10_MS)
                        .ids(id, session);
        for (int i = 0; i < EVENTS_PER_10_MS; i++) {
            e.putEvent(
                    i, i * 10_000 / EVENTS_PER_10_MS, random.nextInt(N), (short) 0, (byte) 1, 1f);
        }
        e.finish();
        return bytes;
    }

    private static byte[] session(final String streamId) {
        return streamId.substring(0, streamId.indexOf('/')).getBytes(StandardCharsets.UTF_8);
    }

    private static Collector<BandPowerRecord> discard() {
        return new Collector<>() {
            @Override
            public void collect(final BandPowerRecord record) {}

            @Override
            public void close() {}
        };
    }

    private static double sumOfMedians(final double[][] values) {
        double sum = 0;
        for (final double[] v : values) {
            sum += median(v);
        }
        return sum;
    }

    private static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

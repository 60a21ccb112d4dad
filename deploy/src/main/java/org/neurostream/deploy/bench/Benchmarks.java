package org.neurostream.deploy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.neurostream.core.io.Folders;
import org.neurostream.operators.compute.BackendKind;

/**
 * The benchmark sections of {@code neurostream bench}, each printing its figures one a line as
 * {@code bench: NAME=VALUE UNIT}; each figure's method is in the class that measures it.
 */
public final class Benchmarks {
    /** The sections, in the order they run; each prints the figures named after it. */
    public static final List<String> SECTIONS =
            List.of(
                    "bandpower",
                    "eeg",
                    "avalanche",
                    "dvs",
                    "calcium",
                    "motif",
                    "journal",
                    "replay",
                    "job",
                    "frames",
                    "demo",
                    "state",
                    "ipc",
                    "dashboard",
                    "descriptors",
                    "nwb",
                    "decoder",
                    "lsl",
                    "spikes",
                    "live");

    /**
     * How to run them.
     *
     * @param backend the compute backend of the bandpower.BACKEND and motif.BACKEND figures
     * @param probes Neuropixels probes per band-power batch, one measurement per value
     * @param motifBatch events per batch of the motif backend, one measurement per value
     * @param runs timed runs per whole-process figure
     * @param skipProcess leave out the whole-process figures
     * @param profile also print the device time of every transfer and kernel of the OpenCL paths
     * @param peer also run the PyTorch peer ({@link TorchPeer}) on the same workloads
     * @param peerDevice the peer's device: cuda, or cpu to test the peer where no GPU is
     * @param seconds signal per stream of the job.* figures ({@link JobBenchmark})
     * @param hop band-power hop of the job.* figures, s ({@link JobBenchmark#DEFAULT_HOP})
     */
    public record Settings(
            BackendKind backend,
            List<Integer> probes,
            List<Integer> motifBatch,
            int runs,
            boolean skipProcess,
            boolean profile,
            boolean peer,
            String peerDevice,
            double seconds,
            double hop) {
        /** Refuses a probe count or motif batch below one, and a hop that is not above 0. */
        public Settings {
            if (!(hop > 0) || Double.isInfinite(hop)) {
                throw new IllegalArgumentException("--hop must be above 0 s, not " + hop);
            }
            if (probes.stream().anyMatch(p -> p < 1) || motifBatch.stream().anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException(
                        "--probes and --motif-batch must be at least 1; got "
                                + probes
                                + ", "
                                + motifBatch);
            }
        }
    }

    /**
     * The sections to run: {@code only}, or all of {@link #SECTIONS} when it is null.
     *
     * @throws IllegalArgumentException naming the known sections when {@code only} names another
     */
    public static List<String> sections(final List<String> only) {
        if (only == null) {
            return SECTIONS;
        }
        for (final String s : only) {
            if (!SECTIONS.contains(s)) {
                throw new IllegalArgumentException(
                        "unknown section '"
                                + s
                                + "' in --only; known: "
                                + String.join(", ", SECTIONS));
            }
        }
        return only;
    }

    private final Settings settings;

    /** {@code bandpower.kernel.samples_per_s} once the bandpower section ran, for the job's. */
    private double kernel = Double.NaN;

    /** Why the peer cannot run, once a run found out; then it is not tried again. */
    private String peerSkipped;

    private Benchmarks(final Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs the sections named, in the order of {@link #SECTIONS}, printing each figure as {@code
     * bench: NAME=VALUE UNIT}.
     */
    public static void run(
            final List<String> sections, final Settings settings, final PrintWriter out)
            throws Exception {
        final Benchmarks b = new Benchmarks(settings);
        for (final String section : SECTIONS) {
            if (sections.contains(section)) {
                b.run(section, out);
                out.flush();
            }
        }
    }

    private void run(final String section, final PrintWriter out) throws Exception {
        switch (section) {
            case "bandpower" -> bandPower(out);
            case "eeg" ->
                    out.printf(
                            Locale.ROOT,
                            "bench: eeg.stream_256ch_2khz.core_fraction=%.3f cores%n",
                            StreamingSpectralBenchmark.coreFraction().coreFraction());
            case "avalanche" ->
                    out.printf(
                            Locale.ROOT,
                            "bench: avalanche.powerlaw_fit_1e6.seconds=%.3f s%n",
                            AvalancheBenchmark.powerLawFitSeconds());
            case "dvs" -> {
                out.printf(
                        Locale.ROOT,
                        "bench: dvs.evt2.decode_events_per_s=%.4g events/s%n",
                        DvsDecodeBenchmark.evt2EventsPerSecond());
                out.printf(
                        Locale.ROOT,
                        "bench: dvs.evt3.decode_events_per_s=%.4g events/s%n",
                        DvsDecodeBenchmark.evt3EventsPerSecond());
            }
            case "calcium" ->
                    out.printf(
                            Locale.ROOT,
                            "bench: calcium.roi_frames_per_s=%.4g ROI-frames/s%n",
                            CalciumBenchmark.roiFramesPerSecond());
            case "motif" -> motif(out);
            case "journal" ->
                    JournalBenchmark.neuropixels()
                            .lines("neuropixels")
                            .forEach(l -> out.println("bench: " + l));
            case "replay" -> {
                ReplayBenchmark.run().forEach(l -> out.println("bench: " + l));
                ReplayBenchmark.wideStream().forEach(l -> out.println("bench: " + l));
            }
            case "job" ->
                    JobBenchmark.run(settings.seconds(), settings.hop(), kernel)
                            .forEach(l -> out.println("bench: " + l));
            case "frames" ->
                    EegFrameBenchmark.run(launcher().getParent())
                            .forEach(l -> out.println("bench: " + l));
            case "demo" -> DemoLatencyBenchmark.run().forEach(l -> out.println("bench: " + l));
            case "state" -> {
                StateBenchmark.sizes().forEach(l -> out.println("bench: " + l));
                out.flush();
                StateBenchmark.jobCpu().forEach(l -> out.println("bench: " + l));
                out.flush();
                DemoCheckpointBenchmark.run().forEach(l -> out.println("bench: " + l));
            }
            case "ipc" -> ipc(out);
            case "dashboard" -> dashboard(out);
            case "descriptors" -> descriptors(out);
            case "nwb" -> nwb(out);
            case "decoder" -> DecoderBenchmark.run().forEach(l -> out.println("bench: " + l));
            case "lsl" -> LslBenchmark.run().forEach(l -> out.println("bench: " + l));
            case "spikes" -> SpikeBenchmark.run().forEach(l -> out.println("bench: " + l));
            case "live" -> LiveLatencyBenchmark.run().forEach(l -> out.println("bench: " + l));
            default -> throw new IllegalStateException("no section " + section);
        }
    }

    private void bandPower(final PrintWriter out) throws Exception {
        kernel = BandPowerBenchmark.samplesPerSecond();
        out.printf(Locale.ROOT, "bench: bandpower.kernel.samples_per_s=%.4g samples/s%n", kernel);
        out.flush();
        final int samples =
                BandPowerBackendBenchmark.batchSamples(
                        BandPowerBackendBenchmark.DEFAULT_BATCH_SECONDS);
        final List<Integer> channelCounts = new ArrayList<>();
        for (final int p : settings.probes()) {
            final int channels = p * BandPowerBackendBenchmark.PROBE_CHANNELS;
            channelCounts.add(channels);
            BackendFigures.hostToDevice(
                    out, settings.backend(), (long) channels * samples * Float.BYTES);
            BackendFigures.bandPower(out, settings.backend(), channels, settings.profile());
        }
        if (settings.peer()) {
            peer(
                    out,
                    () ->
                            TorchPeer.bandPower(
                                    TorchPeer.python(),
                                    settings.peerDevice(),
                                    channelCounts,
                                    samples,
                                    BandPowerBackendBenchmark.DEFAULT_SECONDS));
        }
        if (!settings.skipProcess()) {
            processBench(out);
        }
    }

    private void motif(final PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "bench: motif.detect.events_per_s=%.4g events/s%n",
                MotifDetectBenchmark.measure().eventsPerCpuSecond());
        out.flush();
        for (final int batch : settings.motifBatch()) {
            BackendFigures.motif(out, settings.backend(), batch, settings.profile());
        }
        if (settings.peer()) {
            peer(
                    out,
                    () ->
                            TorchPeer.motif(
                                    TorchPeer.python(),
                                    settings.peerDevice(),
                                    settings.motifBatch(),
                                    2.0));
        }
    }

    /** Runs the peer unless an earlier run found it cannot run, and prints what it gave. */
    private void peer(final PrintWriter out, final Supplier<TorchPeer.Outcome> run) {
        if (peerSkipped != null) {
            return;
        }
        final TorchPeer.Outcome outcome = run.get();
        if (!outcome.ran()) {
            peerSkipped = outcome.skipReason();
            out.println("bench: peer skipped: " + peerSkipped);
        } else {
            BackendFigures.peer(out, outcome);
        }
        out.flush();
    }

    private static void ipc(final PrintWriter out) throws Exception {
        final IpcLatencyBenchmark.Result ipc = IpcLatencyBenchmark.measure();
        out.printf(Locale.ROOT, "bench: ipc.latency_p50_us=%.1f us%n", ipc.p50Us());
        out.printf(Locale.ROOT, "bench: ipc.latency_p99_us=%.1f us%n", ipc.p99Us());
        out.printf(Locale.ROOT, "bench: ipc.emission_to_reader_p50_us=%.1f us%n", ipc.emitP50Us());
        out.printf(Locale.ROOT, "bench: ipc.emission_to_reader_p99_us=%.1f us%n", ipc.emitP99Us());
    }

    private static void dashboard(final PrintWriter out) throws Exception {
        final DashboardBenchmark.Result dash = DashboardBenchmark.measure();
        out.printf(Locale.ROOT, "bench: dashboard.cpu_cores=%.3f cores%n", dash.dashboardCores());
        out.printf(Locale.ROOT, "bench: dashboard.cpu_us_per_update=%.1f us%n", dash.usPerUpdate());
        out.printf(
                Locale.ROOT,
                "bench: dashboard.process_cpu_cores=%.3f cores%n",
                dash.processCores());
        out.printf(
                Locale.ROOT,
                "bench: dashboard.client_updates_per_s=%.1f updates/s (%.0f kB/s, %d dropped)%n",
                dash.clientMessagesPerSecond(),
                dash.clientKbPerSecond(),
                dash.dropped());
    }

    private void descriptors(final PrintWriter out) throws Exception {
        final DescriptorBenchmark.StreamResult s = DescriptorBenchmark.stream();
        out.printf(
                Locale.ROOT,
                "bench: descriptors.stream_64ch_160hz.core_fraction=%.4f cores (thread %.4f, %d"
                        + " records)%n",
                s.coreFraction(),
                s.threadCoreFraction(),
                s.records());
        out.printf(
                Locale.ROOT,
                "bench: descriptors.stream_64ch_160hz.state_bytes=%d bytes%n",
                s.stateBytes());
        out.printf(
                Locale.ROOT,
                "bench: descriptors.stream_64ch_160hz.checkpoint_ms=%.3f ms%n",
                s.checkpointMs());
        out.flush();
        out.printf(
                Locale.ROOT,
                "bench: descriptors.connectivity_256ch_1khz.core_fraction=%.3f cores%n",
                DescriptorBenchmark.connectivitySecondsPerWindow());
        out.flush();
        if (settings.skipProcess()) {
            return;
        }
        final Path launcher = launcher();
        final Path dir = Files.createTempDirectory("neurostream-bench-");
        try {
            final Path edf = dir.resolve("synthetic-1h-64ch-160hz.edf");
            SyntheticEdf.write(edf, 64, 160, 3600, 7L);
            final Double java = launcherSeconds("descriptors", edf, dir.resolve("java"));
            if (java != null) {
                out.printf(Locale.ROOT, "bench: descriptors.process.seconds=%.2f s%n", java);
            } else {
                out.println("bench: descriptors.process skipped: no launcher at " + launcher);
            }
            out.flush();
            final String python = referencePython();
            if (python == null) {
                out.println(
                        "bench: descriptors.reference skipped: no python with mne_connectivity,"
                                + " fooof, nolds, tensorpac and antropy (NEUROSTREAM_REFERENCE_PYTHON)");
                return;
            }
            final Path script = dir.resolve("reference_descriptors.py");
            try (InputStream in =
                    Benchmarks.class.getResourceAsStream("/bench/reference_descriptors.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            final double seconds =
                    seconds(
                            List.of(
                                    python,
                                    script.toString(),
                                    edf.toString(),
                                    dir.resolve("reference").toString()),
                            60);
            out.printf(Locale.ROOT, "bench: descriptors.reference.seconds=%.2f s%n", seconds);
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    private static String referencePython() throws InterruptedException {
        final List<String> candidates = new ArrayList<>();
        final String configured = System.getenv("NEUROSTREAM_REFERENCE_PYTHON");
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.addAll(List.of("/work/venvs/descriptors/bin/python", "python3"));
        for (final String python : candidates) {
            if (imports(python, "import mne_connectivity, fooof, nolds, tensorpac, antropy")) {
                return python;
            }
        }
        return null;
    }

    private static boolean imports(final String python, final String statement)
            throws InterruptedException {
        try {
            final Process p =
                    new ProcessBuilder(python, "-c", statement)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Median whole-process seconds of {@code ./neurostream COMMAND --input EDF --out OUT}, or null
     * without a launcher.
     */
    private Double launcherSeconds(final String command, final Path edf, final Path out)
            throws IOException, InterruptedException {
        final Path launcher = launcher();
        if (!Files.isExecutable(launcher)) {
            return null;
        }
        return medianSeconds(
                List.of(
                        launcher.toString(),
                        command,
                        "--input",
                        edf.toString(),
                        "--out",
                        out.toString()));
    }

    private static Path launcher() {
        return Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."))
                .toAbsolutePath()
                .resolve("neurostream");
    }

    private static void nwb(final PrintWriter out) throws Exception {
        final Path launcher = launcher();
        NwbBenchmark.lines(Files.isExecutable(launcher) ? launcher : null)
                .forEach(l -> out.println("bench: " + l));
    }

    private void processBench(final PrintWriter out) throws Exception {
        final Path launcher = launcher();
        final Path dir = Files.createTempDirectory("neurostream-bench-");
        try {
            final Path edf = dir.resolve("synthetic-1h-64ch-256hz.edf");
            SyntheticEdf.write(edf, 64, 256, 3600, 7L);
            final Double java = launcherSeconds("bandpower", edf, dir.resolve("java.csv"));
            if (java != null) {
                out.printf(Locale.ROOT, "bench: bandpower.process.seconds=%.3f s%n", java);
            } else {
                out.println(
                        "bench: bandpower.process skipped: no launcher at "
                                + launcher
                                + " (set NEUROSTREAM_HOME)");
            }
            out.flush();
            final String python = pythonWithScipy();
            if (python == null) {
                out.println("bench: bandpower.scipy skipped: no python3 with scipy found");
            } else {
                final Path script = dir.resolve("scipy_bandpower.py");
                try (InputStream in =
                        Benchmarks.class.getResourceAsStream("/bench/scipy_bandpower.py")) {
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                final double s =
                        medianSeconds(
                                List.of(
                                        python,
                                        script.toString(),
                                        edf.toString(),
                                        dir.resolve("scipy.csv").toString()));
                out.printf(Locale.ROOT, "bench: bandpower.scipy.seconds=%.3f s%n", s);
            }
            out.flush();
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /**
     * One warm-up run (page cache, launcher's up-to-date check), then the median of the timed runs.
     */
    private double medianSeconds(final List<String> command)
            throws IOException, InterruptedException {
        final double[] seconds = new double[settings.runs()];
        for (int i = -1; i < settings.runs(); i++) {
            final double s = seconds(command, 10);
            if (i >= 0) {
                seconds[i] = s;
            }
        }
        Arrays.sort(seconds);
        return seconds[settings.runs() / 2];
    }

    /** Wall seconds of one run of {@code command}, which must succeed within the minutes given. */
    private static double seconds(final List<String> command, final int minutes)
            throws IOException, InterruptedException {
        final long t = System.nanoTime();
        final Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("benchmark command failed: " + String.join(" ", command));
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static String pythonWithScipy() throws InterruptedException {
        for (final String python : List.of("python3", "/usr/bin/python3")) {
            if (imports(python, "import numpy, scipy.signal")) {
                return python;
            }
        }
        return null;
    }
}

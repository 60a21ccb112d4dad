package org.neurostream.deploy.cli;

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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.neurostream.core.io.Folders;
import org.neurostream.deploy.bench.AvalancheBenchmark;
import org.neurostream.deploy.bench.BandPowerBackendBenchmark;
import org.neurostream.deploy.bench.BandPowerBenchmark;
import org.neurostream.deploy.bench.CalciumBenchmark;
import org.neurostream.deploy.bench.DashboardBenchmark;
import org.neurostream.deploy.bench.DvsDecodeBenchmark;
import org.neurostream.deploy.bench.IpcLatencyBenchmark;
import org.neurostream.deploy.bench.JournalBenchmark;
import org.neurostream.deploy.bench.MotifBackendBenchmark;
import org.neurostream.deploy.bench.MotifDetectBenchmark;
import org.neurostream.deploy.bench.ReplayBenchmark;
import org.neurostream.deploy.bench.StreamingSpectralBenchmark;
import org.neurostream.deploy.bench.SyntheticEdf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures, one per line as {@code bench: NAME=VALUE UNIT}. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the benchmarks and prints their figures.",
            "",
            "Runs the benchmarks and prints each figure on its own line: bench: NAME=VALUE UNIT.",
            "  bandpower.kernel.samples_per_s   Welch band-power kernel on one thread: 64 channels at"
                    + " 256 Hz, nperseg 512, 50 %% overlap; input samples per second.",
            "  bandpower.process.seconds        whole-process time of ./neurostream bandpower on a"
                    + " synthetic 1-hour 64-channel 256 Hz EDF (launcher and JVM start included),"
                    + " median of 3 runs after one warm-up run.",
            "  bandpower.scipy.seconds          the same work by python3 + numpy + scipy"
                    + " (scipy.signal.welch), median of 3 runs; skipped without a python3 that has scipy.",
            "  eeg.stream_256ch_2khz.core_fraction  the job's streaming band power + band differential"
                    + " entropy + avalanches for one 256-channel 2 kHz stream: process CPU seconds per second of"
                    + " signal (1 = one whole core), frames of 20 samples, after 20 s of warm-up signal.",
            "  avalanche.powerlaw_fit_1e6.seconds  discrete power-law fit with the x_min scan over"
                    + " the sizes of 1e6 critical Galton-Watson avalanches, one thread, median of 3"
                    + " after 2 warm-up fits.",
            "  bandpower.BACKEND.samples_per_s  band-power hot path on the --backend at Neuropixels"
                    + " scale: --probes x 384 channels at 30 kHz, nperseg 1024, 0.5 s batches; also"
                    + " bandpower.BACKEND.probes_realtime (probes kept up with) and the device.",
            "  dvs.evt2.decode_events_per_s     Prophesee RAW EVT 2.0 decode from memory on one thread,"
                    + " synthetic 4 Mi-event stream shaped like the sample recording; events per CPU second.",
            "  dvs.evt3.decode_events_per_s     the same for EVT 3.0 (vectorised 16-bit words).",
            "  calcium.roi_frames_per_s        calcium kernel on one thread: 1000 ROIs at 30 Hz (neuropil,"
                    + " running-percentile dF/F, OASIS, events), steady state; 600 k = 5 %% of a core.",
            "  motif.detect.events_per_s        streaming motif detector on one thread: ICANN setup"
                    + " (M=200, N=128, D=31, kernels pruned to 5%%), input events per CPU second.",
            "  motif.BACKEND.events_per_s       the motif hot path on the --backend, same setup,"
                    + " batches of --motif-batch events; input events per wall second, and the device.",
            "  journal.record.neuropixels.*     10 s of 384 channels at 30 kHz (46 MB/s) recorded at real pace, after 3 s of warm-up,"
                    + " through the bridge into a journal: CPU as a fraction of one core (whole JVM, and the"
                    + " recording thread alone).",
            "  journal.read.mb_per_s, journal.source.mb_per_s  that journal read back (in place, and copied into"
                    + " records as the Flink source does), best of 3 passes.",
            "  replay.job.*                     the whole job fed from a journal (4 x 64 channels at 160 Hz,"
                    + " 10 min each) on a local MiniCluster, its start included.",
            "  replay.wide_stream.p1/p2.*       one 384-channel 30 kHz stream (4 s, 1024-sample segments) through the job from a"
                    + " journal: whole with parallelism 1, then in two channel groups with parallelism 2"
                    + " (--channel-group): throughput and throughput per slot.",
            "  ipc.latency_p50_us / _p99_us     closed-loop IPC ring: emission to a spinning reader thread,"
                    + " 10 k predictions/s on a fixed schedule, measured from the due time (corrected"
                    + " for coordinated omission), 5 s after 2 s warm-up; ipc.emission_to_reader_*: the"
                    + " same from the emission stamp the record carries (the writer's own lateness left"
                    + " out), the figure tail-ipc shows.",
            "  dashboard.*                      the dashboard fed 64 streams x 10 band-power updates/s"
                    + " (64 channels) and serving one page over server-sent events, 10 s after 2 s"
                    + " warm-up: CPU of its threads (cores, and us per update), the whole process's,"
                    + " and the updates/s the page got (one coalesced update per 100 ms at most).",
            "Starts no Kafka; only replay.* starts Flink. --only runs some sections; the"
                    + " whole-process figures (bandpower.process, bandpower.scipy) belong to bandpower."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--skip-process",
            description = "Only the in-process kernel figures, no whole-process timing.")
    boolean skipProcess;

    @Mixin BackendOption backend;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Timed runs per whole-process figure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "SECTION",
            description = {
                "Runs only these sections, named by the first word of their figures: "
                        + "bandpower, eeg, avalanche, dvs, calcium, motif, journal, replay, ipc,"
                        + " dashboard (default: all).",
                "  e.g. --only bandpower,motif --backend opencl for the compute backends alone."
            })
    List<String> only;

    @Option(
            names = "--probes",
            defaultValue = "1",
            description =
                    "Neuropixels probes (384 channels at 30 kHz each) in each batch of the"
                            + " bandpower.BACKEND figures (default: ${DEFAULT-VALUE}); a GPU needs"
                            + " wide batches to be kept busy.")
    int probes;

    @Option(
            names = "--motif-batch",
            defaultValue = "8192",
            description =
                    "Events per batch handed to the backend in the motif.BACKEND figure"
                            + " (default: ${DEFAULT-VALUE}).")
    int motifBatch;

    /** The sections, in the order they run; each prints the figures named after it. */
    static final List<String> SECTIONS =
            List.of(
                    "bandpower",
                    "eeg",
                    "avalanche",
                    "dvs",
                    "calcium",
                    "motif",
                    "journal",
                    "replay",
                    "ipc",
                    "dashboard");

    @Override
    public Integer call() throws Exception {
        if (probes < 1 || motifBatch < 1) {
            throw new CliException(
                    2,
                    "--probes and --motif-batch must be at least 1; got "
                            + probes
                            + ", "
                            + motifBatch);
        }
        final List<String> sections = only == null ? SECTIONS : only;
        for (final String s : sections) {
            if (!SECTIONS.contains(s)) {
                throw new CliException(
                        2,
                        "unknown section '"
                                + s
                                + "' in --only; known: "
                                + String.join(", ", SECTIONS));
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        for (final String section : SECTIONS) {
            if (sections.contains(section)) {
                run(section, out);
                out.flush();
            }
        }
        return 0;
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
            case "ipc" -> ipc(out);
            case "dashboard" -> dashboard(out);
            default -> throw new IllegalStateException("no section " + section);
        }
    }

    private void bandPower(final PrintWriter out) throws Exception {
        final double kernel = BandPowerBenchmark.samplesPerSecond();
        out.printf(Locale.ROOT, "bench: bandpower.kernel.samples_per_s=%.4g samples/s%n", kernel);
        final BandPowerBackendBenchmark.Result hot =
                BandPowerBackendBenchmark.run(
                        backend.kind(),
                        probes * BandPowerBackendBenchmark.PROBE_CHANNELS,
                        BandPowerBackendBenchmark.DEFAULT_NPERSEG,
                        BandPowerBackendBenchmark.DEFAULT_BATCH_SECONDS,
                        BandPowerBackendBenchmark.DEFAULT_SECONDS);
        out.printf(
                Locale.ROOT,
                "bench: bandpower.%s.samples_per_s=%.4g samples/s (%d channels per batch)%n",
                hot.backend(),
                hot.samplesPerSecond(),
                probes * BandPowerBackendBenchmark.PROBE_CHANNELS);
        out.printf(
                Locale.ROOT,
                "bench: bandpower.%s.probes_realtime=%.3g probes (on %s)%n",
                hot.backend(),
                hot.probesInRealTime(),
                hot.device());
        out.flush();
        if (!skipProcess) {
            processBench(out);
        }
    }

    private void motif(final PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "bench: motif.detect.events_per_s=%.4g events/s%n",
                MotifDetectBenchmark.measure().eventsPerCpuSecond());
        final MotifBackendBenchmark.Result motif =
                MotifBackendBenchmark.measure(backend.kind(), motifBatch);
        out.printf(
                Locale.ROOT,
                "bench: motif.%s.events_per_s=%.4g events/s (on %s, batches of %d events)%n",
                motif.backend(),
                motif.eventsPerSecond(),
                motif.device(),
                motifBatch);
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

    private void processBench(final PrintWriter out) throws Exception {
        final Path home =
                Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", ".")).toAbsolutePath();
        final Path launcher = home.resolve("neurostream");
        final Path dir = Files.createTempDirectory("neurostream-bench-");
        try {
            final Path edf = dir.resolve("synthetic-1h-64ch-256hz.edf");
            SyntheticEdf.write(edf, 64, 256, 3600, 7L);
            if (Files.isExecutable(launcher)) {
                final double s =
                        medianSeconds(
                                List.of(
                                        launcher.toString(),
                                        "bandpower",
                                        "--input",
                                        edf.toString(),
                                        "--out",
                                        dir.resolve("java.csv").toString()));
                out.printf(Locale.ROOT, "bench: bandpower.process.seconds=%.3f s%n", s);
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
                        BenchCommand.class.getResourceAsStream("/bench/scipy_bandpower.py")) {
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
        final double[] seconds = new double[runs];
        for (int i = -1; i < runs; i++) {
            final long t = System.nanoTime();
            final Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new CliException(1, "benchmark command failed: " + String.join(" ", command));
            }
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - t) / 1e9;
            }
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    private static String pythonWithScipy() throws InterruptedException {
        final List<String> candidates = new ArrayList<>(List.of("python3", "/usr/bin/python3"));
        for (final String python : candidates) {
            try {
                final Process p =
                        new ProcessBuilder(python, "-c", "import numpy, scipy.signal")
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (final IOException e) {
                // not installed under this name
            }
        }
        return null;
    }
}

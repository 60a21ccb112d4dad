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
import java.util.function.Supplier;
import org.neurostream.deploy.bench.AvalancheBenchmark;
import org.neurostream.deploy.bench.BackendFigures;
import org.neurostream.deploy.bench.BandPowerBackendBenchmark;
import org.neurostream.deploy.bench.BandPowerBenchmark;
import org.neurostream.deploy.bench.CalciumBenchmark;
import org.neurostream.deploy.bench.DashboardBenchmark;
import org.neurostream.deploy.bench.DecoderBenchmark;
import org.neurostream.deploy.bench.DescriptorBenchmark;
import org.neurostream.deploy.bench.DvsDecodeBenchmark;
import org.neurostream.deploy.bench.IpcLatencyBenchmark;
import org.neurostream.deploy.bench.JournalBenchmark;
import org.neurostream.deploy.bench.LslBenchmark;
import org.neurostream.deploy.bench.MotifDetectBenchmark;
import org.neurostream.deploy.bench.NwbBenchmark;
import org.neurostream.deploy.bench.ReplayBenchmark;
import org.neurostream.deploy.bench.StateBenchmark;
import org.neurostream.deploy.bench.StreamingSpectralBenchmark;
import org.neurostream.deploy.bench.SyntheticEdf;
import org.neurostream.deploy.bench.TorchPeer;
import picocli.CommandLine.Command;
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
            "  pcie.h2d.gb_per_s                with an OpenCL --backend: a plain copy of one band-power"
                    + " batch's bytes from pinned host memory to the device, back to back for 1 s; also"
                    + " pcie.h2d.probes_bound, the probes of float32 samples that rate carries.",
            "  bandpower.BACKEND.samples_per_s  band-power hot path on the --backend at Neuropixels"
                    + " scale: --probes x 384 channels at 30 kHz, nperseg 1024, 50 %% overlap, 0.5 s"
                    + " batches, samples in the backend's (pinned) host buffers, every batch copied to"
                    + " the device, as many in flight as the backend has slots; also"
                    + " bandpower.BACKEND.probes_realtime (probes kept up with) and the device.",
            "  bandpower.BACKEND.arrays.samples_per_s  the same from float[][] arrays, one batch at a"
                    + " time (as the stream operator calls it): the host's copy included.",
            "  bandpower.opencl.profile.NAME    with --profile: device time per transfer (h2d, d2h)"
                    + " and per kernel from OpenCL profiling events over a separate 1.5 s run, and"
                    + " bandpower.opencl.profile.wall, its wall time per batch.",
            "  bandpower.torch.samples_per_s    with --peer: the same batches in PyTorch on CUDA"
                    + " (bench/torch_peer.py: unfold, rfft, band masks, pinned host tensor copied each"
                    + " batch), where python3 has PyTorch and a CUDA device; else one line says why.",
            "  dvs.evt2.decode_events_per_s     Prophesee RAW EVT 2.0 decode from memory on one thread,"
                    + " synthetic 4 Mi-event stream shaped like the sample recording; events per CPU second.",
            "  dvs.evt3.decode_events_per_s     the same for EVT 3.0 (vectorised 16-bit words).",
            "  calcium.roi_frames_per_s        calcium kernel on one thread: 1000 ROIs at 30 Hz (neuropil,"
                    + " running-percentile dF/F, OASIS, events), steady state; 600 k = 5 %% of a core.",
            "  motif.detect.events_per_s        streaming motif detector on one thread: ICANN setup"
                    + " (M=200, N=128, D=31, kernels pruned to 5%%), input events per CPU second.",
            "  motif.BACKEND.events_per_s       the motif hot path on the --backend, same setup,"
                    + " batches of --motif-batch events; input events per wall second, and the device;"
                    + " on OpenCL each batch's last window stays on the device while the next batch"
                    + " is prepared, and motif.opencl.per_batch.events_per_s is the same with every"
                    + " batch decided before its call returns (as the stream operator runs it).",
            "  motif.opencl.profile.NAME        with --profile: device time per transfer and kernel.",
            "  motif.torch.events_per_s         with --peer: the same stream and batches as a dense"
                    + " conv1d in PyTorch on CUDA (bench/torch_peer.py).",
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
            "  state.KIND.bytes_per_stream      checkpointed state of one stream, per kind, as its"
                    + " serializer writes it: 64 EEG streams (64 channels at 160 Hz: band power,"
                    + " avalanches), 4 event streams (motif kernel M 200, N 128, D 31) and 4 calcium"
                    + " streams of 1000 ROIs at 30 Hz, warmed with seeded signal.",
            "  state.all.serialize_us / copy_us / restore_us  all 72 streams' state written (a"
                    + " checkpoint's asynchronous part), copied (what the task thread pays for the states"
                    + " it touches while a checkpoint is written) and read back; medians of 15.",
            "  state.job.*                      the job on a journal of that session at its real pace:"
                    + " process CPU over 20 s of steady state without checkpoints and with one every"
                    + " second, and the fraction checkpoints add (target < 0.05).",
            "  ipc.latency_p50_us / _p99_us     closed-loop IPC ring: emission to a spinning reader thread,"
                    + " 10 k predictions/s on a fixed schedule, measured from the due time (corrected"
                    + " for coordinated omission), 5 s after 2 s warm-up; ipc.emission_to_reader_*: the"
                    + " same from the emission stamp the record carries (the writer's own lateness left"
                    + " out), the figure tail-ipc shows.",
            "  dashboard.*                      the dashboard fed 64 streams x 10 band-power updates/s"
                    + " (64 channels) and serving one page over server-sent events, 10 s after 2 s"
                    + " warm-up: CPU of its threads (cores, and us per update), the whole process's,"
                    + " and the updates/s the page got (one coalesced update per 100 ms at most).",
            "  descriptors.stream_64ch_160hz.*  the streaming descriptors (DescriptorStream, defaults:"
                    + " connectivity, aperiodic, Hjorth, PAC, alpha every 1 s over 10 s; DFA every 10 s over"
                    + " 60 s) of one 64-channel 160 Hz stream after 130 s of warm-up signal, over 120 s: process and"
                    + " thread CPU seconds per second of signal; state_bytes and checkpoint_ms: its"
                    + " serialized state and the time to serialize it (best of 20).",
            "  descriptors.connectivity_256ch_1khz.core_fraction  PLV/PLI/wPLI of 256 channels at 1 kHz"
                    + " (32,640 pairs, 5 bands, five 2 s epochs) once per second: CPU seconds per window,"
                    + " median of 5.",
            "  descriptors.process.seconds      whole-process time of ./neurostream descriptors on a"
                    + " synthetic 1-hour 64-channel 160 Hz EDF, median of --runs after one warm-up run;"
                    + " descriptors.reference.seconds: the reference implementations on the same file"
                    + " (bench/reference_descriptors.py: MNE-Connectivity, FOOOF, nolds, tensorpac,"
                    + " antropy), one run, with the python of NEUROSTREAM_REFERENCE_PYTHON, or"
                    + " /work/venvs/descriptors/bin/python, or python3 where they import.",
            "  nwb.read.gzip_384ch_30khz.mb_per_s  a synthetic NWB ElectricalSeries of 384 int16 channels"
                    + " at 30 kHz (10 s, deflate-4 chunks of 8192 x 64) read into float32 volts on one"
                    + " thread: stored sample bytes per CPU second, best of 3 passes from the page cache.",
            "  nwb.info_1gb.*                   nwb info on a synthetic 1 GB file: in this JVM (first open,"
                    + " then the median of 5), and the whole ./neurostream nwb info process (median of 3).",
            "  decoder.PIPELINE.us_per_window   the live decoder (causal filters + pipeline) per 2 s"
                    + " window of 64 channels at 160 Hz, fed one 0.25 s hop at a time, thread CPU"
                    + " time, median of 5 passes over a generated 2-minute run after 1 min of warm-up.",
            "  decoder.ts-lr.train_90_trials.seconds  fitting ts-lr (Riemannian mean, tangent space,"
                    + " l2 by 5 inner folds, final fit) on 90 generated trials, thread CPU time,"
                    + " median of 3 after one warm-up fit.",
            "  lsl.inlet_384ch_30khz.core_fraction  LSL inlet of 384 float32 channels at 30 kHz (46 MB/s,"
                    + " chunks of 10 ms) from our outlet into frames of 20 ms: CPU of the inlet and"
                    + " bridge threads over 10 s after 3 s of warm-up, as a fraction of one core.",
            "  lsl.latency_256ch_1khz.*          our outlet to our inlet on loopback, 256 channels at 1"
                    + " kHz, one sample a push: LSL clock at hand-over minus the sample's stamp, p50"
                    + " and p99 (HdrHistogram), and from its due time (coordinated omission"
                    + " corrected); 10 s after 2 s of warm-up. With LSL_LIB=path/to/liblsl.so the"
                    + " same with liblsl as the peer (lsl.liblsl_outlet.*: a liblsl outlet into our"
                    + " inlet; lsl.liblsl_inlet.*: a liblsl inlet on our outlet, measured in Python),"
                    + " through pylsl in .venv. All on 127.0.0.1 (the bundled loopback configuration).",
            "Starts no Kafka; only replay.* and state.job.* start Flink. --only runs some sections; the"
                    + " whole-process figures (bandpower.process, bandpower.scipy) belong to bandpower."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--skip-process",
            description = "Only the in-process kernel figures, no whole-process timing.")
    boolean skipProcess;

    @Option(
            names = "--backend",
            paramLabel = "auto|cpu|opencl",
            defaultValue = "auto",
            converter = BackendConverter.class,
            description = BackendConverter.DESCRIPTION)
    org.neurostream.operators.compute.BackendKind backend;

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
                        + "bandpower, eeg, avalanche, dvs, calcium, motif, journal, replay, state,"
                        + " ipc, dashboard, descriptors, nwb, decoder, lsl (default: all).",
                "  e.g. --only bandpower,motif --backend opencl for the compute backends alone."
            })
    List<String> only;

    @Option(
            names = "--probes",
            defaultValue = "1",
            split = ",",
            paramLabel = "N",
            description =
                    "Neuropixels probes (384 channels at 30 kHz each) in each batch of the"
                            + " bandpower.BACKEND figures, one measurement per value, e.g. 1,10"
                            + " (default: ${DEFAULT-VALUE}); a GPU needs wide batches to be kept"
                            + " busy.")
    List<Integer> probes;

    @Option(
            names = "--motif-batch",
            defaultValue = "8192",
            split = ",",
            paramLabel = "N",
            description =
                    "Events per batch handed to the backend in the motif.BACKEND figures, one"
                            + " measurement per value (default: ${DEFAULT-VALUE}).")
    List<Integer> motifBatch;

    @Option(
            names = "--profile",
            description =
                    "Also print the device time of every transfer and kernel of the OpenCL hot"
                            + " paths (OpenCL profiling events, a separate short run).")
    boolean profile;

    @Option(
            names = "--peer",
            description =
                    "Also run the same band-power and motif workloads in PyTorch on CUDA"
                            + " (bench/torch_peer.py, with $NEUROSTREAM_PYTHON or python3) and"
                            + " print their figures beside ours; says so in one line where there"
                            + " is no PyTorch or no CUDA device.")
    boolean peer;

    /** The peer's device: cuda, or cpu to test the peer script where no GPU is. */
    @Option(names = "--peer-device", hidden = true, defaultValue = "cuda")
    String peerDevice;

    /** Why the peer cannot run, once a run found out; then it is not tried again. */
    private String peerSkipped;

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
                    "state",
                    "ipc",
                    "dashboard",
                    "descriptors",
                    "nwb",
                    "decoder",
                    "lsl");

    @Override
    public Integer call() throws Exception {
        if (probes.stream().anyMatch(p -> p < 1) || motifBatch.stream().anyMatch(b -> b < 1)) {
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
            case "state" -> {
                StateBenchmark.sizes().forEach(l -> out.println("bench: " + l));
                out.flush();
                StateBenchmark.jobCpu().forEach(l -> out.println("bench: " + l));
            }
            case "ipc" -> ipc(out);
            case "dashboard" -> dashboard(out);
            case "descriptors" -> descriptors(out);
            case "nwb" -> nwb(out);
            case "decoder" -> DecoderBenchmark.run().forEach(l -> out.println("bench: " + l));
            case "lsl" -> LslBenchmark.run().forEach(l -> out.println("bench: " + l));
            default -> throw new IllegalStateException("no section " + section);
        }
    }

    private void bandPower(final PrintWriter out) throws Exception {
        final double kernel = BandPowerBenchmark.samplesPerSecond();
        out.printf(Locale.ROOT, "bench: bandpower.kernel.samples_per_s=%.4g samples/s%n", kernel);
        out.flush();
        final int samples =
                BandPowerBackendBenchmark.batchSamples(
                        BandPowerBackendBenchmark.DEFAULT_BATCH_SECONDS);
        final List<Integer> channelCounts = new ArrayList<>();
        for (final int p : probes) {
            final int channels = p * BandPowerBackendBenchmark.PROBE_CHANNELS;
            channelCounts.add(channels);
            BackendFigures.hostToDevice(out, backend, (long) channels * samples * Float.BYTES);
            BackendFigures.bandPower(out, backend, channels, profile);
        }
        if (peer) {
            peer(
                    out,
                    () ->
                            TorchPeer.bandPower(
                                    TorchPeer.python(),
                                    peerDevice,
                                    channelCounts,
                                    samples,
                                    BandPowerBackendBenchmark.DEFAULT_SECONDS));
        }
        if (!skipProcess) {
            processBench(out);
        }
    }

    private void motif(final PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "bench: motif.detect.events_per_s=%.4g events/s%n",
                MotifDetectBenchmark.measure().eventsPerCpuSecond());
        out.flush();
        for (final int batch : motifBatch) {
            BackendFigures.motif(out, backend, batch, profile);
        }
        if (peer) {
            peer(out, () -> TorchPeer.motif(TorchPeer.python(), peerDevice, motifBatch, 2.0));
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
        if (skipProcess) {
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
                    BenchCommand.class.getResourceAsStream("/bench/reference_descriptors.py")) {
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
            deleteTree(dir);
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

    private static void deleteTree(final Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
            deleteTree(dir);
        }
    }

    /**
     * One warm-up run (page cache, launcher's up-to-date check), then the median of the timed runs.
     */
    private double medianSeconds(final List<String> command)
            throws IOException, InterruptedException {
        final double[] seconds = new double[runs];
        for (int i = -1; i < runs; i++) {
            final double s = seconds(command, 10);
            if (i >= 0) {
                seconds[i] = s;
            }
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
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
            throw new CliException(1, "benchmark command failed: " + String.join(" ", command));
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

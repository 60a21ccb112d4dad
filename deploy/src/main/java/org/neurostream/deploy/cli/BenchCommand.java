package org.neurostream.deploy.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.bench.Benchmarks;
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
            "  state.demo.*                     ./neurostream demo (40 s, 10 s warm-up, at-least-once)"
                    + " as a child process without checkpoints and with one every second, two"
                    + " rounds alternating: its latency p50/p99 and process CPU from 10 s to 35 s;"
                    + " checkpoint_added_p99_ms (target < 2) and checkpoint_cpu_fraction.",
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
            "  spikes.job.cpu_fraction          the job on 1000 units at 20 Hz (50 ms event frames)"
                    + " from a journal at real pace: process CPU over 10-30 s / 20 s, with the load"
                    + " average; idle_cpu_fraction: the same frames without spikes.",
            "  live.*                           ./neurostream live on ./neurostream lsl play of"
                    + " replay-data/eeg/S001R04.edf (64 channels at 160 Hz, one sample a push),"
                    + " 40 s after 10 s warm-up: the demo's Kafka path in the same run"
                    + " (live.kafka_path), LSL stamp to the outlet push (live.lsl_in) and LSL stamp"
                    + " to the bridge's ingest stamp (live.added, target p99 < 5 ms).",
            "Starts no Kafka in this process; replay.*, state.job.* and spikes.* start Flink, state.demo.* and live.*"
                    + " run the launcher's demo and live (broker and Flink in child processes). --only runs some sections; the"
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
                        + "bandpower, eeg, avalanche, dvs, calcium, motif, journal, replay, state,"
                        + " ipc, dashboard, descriptors, nwb, decoder, lsl, spikes, live (default: all).",
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

    @Override
    public Integer call() throws Exception {
        final Benchmarks.Settings settings;
        final List<String> sections;
        try {
            settings =
                    new Benchmarks.Settings(
                            backend.kind(),
                            probes,
                            motifBatch,
                            runs,
                            skipProcess,
                            profile,
                            peer,
                            peerDevice);
            sections = Benchmarks.sections(only);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        Benchmarks.run(sections, settings, spec.commandLine().getOut());
        return 0;
    }
}

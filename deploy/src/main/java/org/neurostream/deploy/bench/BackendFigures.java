package org.neurostream.deploy.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BackendOptions;
import org.neurostream.operators.compute.OpenClProfile;
import org.neurostream.operators.compute.OpenClTransfers;

/**
 * Prints the compute-backend figures of {@code neurostream bench}, one per line as {@code bench:
 * NAME=VALUE UNIT (how)}: the host-to-device copy bound, the band-power and motif hot paths on a
 * backend, their OpenCL profiles, and the PyTorch peer's figures. Every figure is measured here;
 * the label in parentheses says on what and how.
 */
public final class BackendFigures {
    /** Seconds of the host-to-device copy measurement. */
    private static final double COPY_SECONDS = 1.0;

    /** Seconds of a profiled run. */
    private static final double PROFILE_SECONDS = 1.5;

    /** Bytes per second of one probe's float32 samples. */
    private static final double PROBE_BYTES_PER_SECOND =
            BandPowerBackendBenchmark.PROBE_CHANNELS * BandPowerBackendBenchmark.PROBE_FS * 4;

    private BackendFigures() {}

    /**
     * {@code pcie.h2d.gb_per_s} and {@code pcie.h2d.probes_bound} for a copy of {@code bytes} to
     * the device of {@code kind}; nothing when the kind selects no OpenCL device.
     */
    public static void hostToDevice(
            final PrintWriter out, final BackendKind kind, final long bytes) {
        OpenClTransfers.hostToDevice(kind, bytes, COPY_SECONDS)
                .ifPresent(
                        r -> {
                            out.printf(
                                    Locale.ROOT,
                                    "bench: pcie.h2d.gb_per_s=%.2f GB/s (pinned host memory, %.1f MB"
                                            + " per copy, %d copies, on %s)%n",
                                    r.gigabytesPerSecond(),
                                    r.bytes() / 1e6,
                                    r.copies(),
                                    r.device());
                            out.printf(
                                    Locale.ROOT,
                                    "bench: pcie.h2d.probes_bound=%.4g probes (float32 samples at"
                                            + " that rate)%n",
                                    r.gigabytesPerSecond() * 1e9 / PROBE_BYTES_PER_SECOND);
                            out.flush();
                        });
    }

    /**
     * The band-power figures of {@code channels} channels per batch on {@code kind}: through the
     * slots, from arrays, and with {@code profile} a profiled run's device times.
     */
    public static void bandPower(
            final PrintWriter out,
            final BackendKind kind,
            final int channels,
            final boolean profile) {
        final int nperseg = BandPowerBackendBenchmark.DEFAULT_NPERSEG;
        final double batch = BandPowerBackendBenchmark.DEFAULT_BATCH_SECONDS;
        final double seconds = BandPowerBackendBenchmark.DEFAULT_SECONDS;
        final BandPowerBackendBenchmark.Result slots =
                BandPowerBackendBenchmark.slots(
                        kind, channels, nperseg, batch, seconds, BackendOptions.DEFAULT);
        out.printf(
                Locale.ROOT,
                "bench: bandpower.%s.samples_per_s=%.4g samples/s (%d channels per batch, %d in"
                        + " flight, host buffers copied to the device each batch)%n",
                slots.backend(),
                slots.samplesPerSecond(),
                channels,
                slots.inFlight());
        out.printf(
                Locale.ROOT,
                "bench: bandpower.%s.probes_realtime=%.4g probes (on %s)%n",
                slots.backend(),
                slots.probesInRealTime(),
                slots.device());
        out.flush();
        final BandPowerBackendBenchmark.Result arrays =
                BandPowerBackendBenchmark.arrays(kind, channels, nperseg, batch, seconds);
        out.printf(
                Locale.ROOT,
                "bench: bandpower.%s.arrays.samples_per_s=%.4g samples/s (%d channels per batch,"
                        + " from float[][] arrays, one batch at a time)%n",
                arrays.backend(),
                arrays.samplesPerSecond(),
                channels);
        out.flush();
        if (profile && !"cpu".equals(slots.backend())) {
            final BandPowerBackendBenchmark.Result profiled =
                    BandPowerBackendBenchmark.slots(
                            kind,
                            channels,
                            nperseg,
                            batch,
                            PROFILE_SECONDS,
                            BackendOptions.DEFAULT.withProfiling(true));
            final String label = channels + " channels per batch";
            profile(out, "bandpower." + profiled.backend(), profiled.profile(), label);
            out.printf(
                    Locale.ROOT,
                    "bench: bandpower.%s.profile.wall=%.1f us per batch (%s, %d in flight, profiled"
                            + " run)%n",
                    profiled.backend(),
                    profiled.micros() / Math.max(1, profiled.batches()),
                    label,
                    profiled.inFlight());
            out.flush();
        }
    }

    /** Suppression radius of the motif figure with suppression: the moving-bars model's. */
    static final int NMS_RADIUS = 4;

    /** The motif figures of batches of {@code batch} events on {@code kind}. */
    public static void motif(
            final PrintWriter out, final BackendKind kind, final int batch, final boolean profile) {
        final MotifBackendBenchmark.Result held =
                MotifBackendBenchmark.measure(
                        kind, batch, BackendOptions.DEFAULT.withHeldWindows(true), 2.0);
        final boolean device = !"cpu".equals(held.backend());
        out.printf(
                Locale.ROOT,
                "bench: motif.%s.events_per_s=%.4g events/s (on %s, batches of %d events%s, %d"
                        + " detections per pass)%n",
                held.backend(),
                held.eventsPerSecond(),
                held.device(),
                batch,
                device ? ", windows held across batches" : "",
                held.detectionsPerPass());
        out.flush();
        final MotifBackendBenchmark.Result suppressed =
                MotifBackendBenchmark.measure(
                        kind, batch, BackendOptions.DEFAULT.withHeldWindows(true), 2.0, NMS_RADIUS);
        out.printf(
                Locale.ROOT,
                "bench: motif.%s.nms.events_per_s=%.4g events/s (on %s, batches of %d events%s,"
                        + " suppression radius %d, %d detections per pass)%n",
                suppressed.backend(),
                suppressed.eventsPerSecond(),
                suppressed.device(),
                batch,
                device ? ", windows held across batches" : "",
                NMS_RADIUS,
                suppressed.detectionsPerPass());
        out.flush();
        if (!device) {
            return;
        }
        final MotifBackendBenchmark.Result perBatch =
                MotifBackendBenchmark.measure(kind, batch, BackendOptions.DEFAULT, 2.0);
        out.printf(
                Locale.ROOT,
                "bench: motif.%s.per_batch.events_per_s=%.4g events/s (on %s, batches of %d"
                        + " events, each decided before its call returns)%n",
                perBatch.backend(),
                perBatch.eventsPerSecond(),
                perBatch.device(),
                batch);
        out.flush();
        if (profile) {
            final MotifBackendBenchmark.Result profiled =
                    MotifBackendBenchmark.measure(
                            kind,
                            batch,
                            BackendOptions.DEFAULT.withHeldWindows(true).withProfiling(true),
                            PROFILE_SECONDS);
            profile(
                    out,
                    "motif." + profiled.backend(),
                    profiled.profile(),
                    "batches of " + batch + " events");
            out.printf(
                    Locale.ROOT,
                    "bench: motif.%s.profile.wall=%.1f us per batch (batches of %d events,"
                            + " profiled run)%n",
                    profiled.backend(),
                    batch / profiled.eventsPerSecond() * 1e6,
                    batch);
            out.flush();
        }
    }

    /** The peer's device and figures. */
    public static void peer(final PrintWriter out, final TorchPeer.Outcome outcome) {
        out.println("bench: peer.torch.device=" + outcome.device());
        for (final TorchPeer.Figure f : outcome.figures()) {
            if ("bandpower".equals(f.kind())) {
                final double rate = f.number("samples_per_s");
                out.printf(
                        Locale.ROOT,
                        "bench: bandpower.torch.samples_per_s=%.4g samples/s (%s channels per"
                                + " batch, pinned host tensor copied to the device each batch)%n",
                        rate,
                        f.fields().get("channels"));
                out.printf(
                        Locale.ROOT,
                        "bench: bandpower.torch.probes_realtime=%.4g probes (%s channels per"
                                + " batch)%n",
                        rate
                                / (BandPowerBackendBenchmark.PROBE_CHANNELS
                                        * BandPowerBackendBenchmark.PROBE_FS),
                        f.fields().get("channels"));
            } else {
                out.printf(
                        Locale.ROOT,
                        "bench: motif.torch.events_per_s=%.4g events/s (batches of %s events, dense"
                                + " conv1d, %s detections per pass)%n",
                        f.number("events_per_s"),
                        f.fields().get("batch"),
                        f.fields().get("detections_per_pass"));
            }
        }
    }

    /** One line per command kind: mean device microseconds per command, and GB/s of transfers. */
    private static void profile(
            final PrintWriter out,
            final String prefix,
            final List<OpenClProfile.Entry> entries,
            final String label) {
        for (final OpenClProfile.Entry e : entries) {
            final double micros = e.deviceNanos() / 1e3 / Math.max(1, e.count());
            if (e.bytes() > 0) {
                out.printf(
                        Locale.ROOT,
                        "bench: %s.profile.%s=%.1f us per command (%s, %d commands, %.2f GB/s)%n",
                        prefix,
                        e.name(),
                        micros,
                        label,
                        e.count(),
                        e.gigabytesPerSecond());
            } else {
                out.printf(
                        Locale.ROOT,
                        "bench: %s.profile.%s=%.1f us per command (%s, %d commands)%n",
                        prefix,
                        e.name(),
                        micros,
                        label,
                        e.count());
            }
        }
    }
}

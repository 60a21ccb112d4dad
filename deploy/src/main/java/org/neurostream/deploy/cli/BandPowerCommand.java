package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.compute.CpuBandPowerBackend;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandEntropyKernel;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.Detrend;
import org.neurostream.operators.spectral.WelchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline band power (and, with {@code --bde}, band differential entropy) of an EDF/BDF file with
 * the job's own kernels.
 */
@Command(
        name = "bandpower",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Offline band power and band differential entropy of an EDF/BDF file (the job's kernels).",
            "",
            "Band power (and with --bde band differential entropy) of every signal channel of an"
                    + " EDF/EDF+/BDF file: one Welch average over the requested span (all full segments"
                    + " in it), with the job's own kernels."
                    + " Starts no Flink and no Kafka.",
            "",
            "Output CSV header: channel,label,band,lo_hz,hi_hz,power,relative[,bde]",
            "  channel   0-based index among signal channels (annotation channels left out)",
            "  label     as in the file, trailing blanks trimmed",
            "  power     PSD integrated over the band, in the file's physical unit squared (uV^2 for"
                    + " EEG in uV)",
            "  relative  band power / power over 1-45 Hz, by the same rule",
            "  bde       (with --bde) band differential entropy in nats, 0.5 ln(2 pi e var): var is the"
                    + " variance of the channel through a 4th-order Butterworth band-pass (scipy"
                    + " butter(4, [lo, hi], btype='band', output='sos'), run causally as sosfilt). The"
                    + " filter starts from rest at the start of the span and runs over all of it; the"
                    + " variance covers the span after its first second, which is left out as the"
                    + " filter's settling. A flat band (variance below 1e-20 unit^2) gives the floor"
                    + " value, about -21.6.",
            "PSD: periodic Hann window, one-sided, density scaling (scipy.signal.welch conventions).",
            "rect: sum of PSD bins with lo <= f < hi, times df; trapz: trapezoid over bins lo <= f <= hi.",
            "",
            "Exit codes: 0 done; 2 unusable input (nothing written); 3 truncated file (complete"
                    + " records used, output written, a warning printed)."
        })
final class BandPowerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.edf",
            description = "EDF, EDF+ or BDF file.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.csv",
            description = "Where to write the CSV.")
    Path out;

    @Option(
            names = "--start",
            paramLabel = "SEC",
            defaultValue = "0",
            description =
                    "Start of the span, seconds from the start of the recording (default: ${DEFAULT-VALUE}).")
    double start;

    @Option(
            names = "--duration",
            paramLabel = "SEC",
            description = "Length of the span in seconds (default: to the end of the recording).")
    Double duration;

    @Option(
            names = "--nperseg",
            paramLabel = "N",
            description = "Samples per Welch segment (default: 2 s of samples).")
    Integer nperseg;

    @Option(
            names = "--noverlap",
            paramLabel = "N",
            description = "Samples shared by consecutive segments (default: nperseg / 2).")
    Integer noverlap;

    @Option(
            names = "--integration",
            paramLabel = "rect|trapz",
            defaultValue = "rect",
            description = "Band integration rule (default: ${DEFAULT-VALUE}).")
    String integration;

    @Option(
            names = "--detrend",
            paramLabel = "constant|linear|none",
            defaultValue = "constant",
            description = "Per-segment detrending (default: ${DEFAULT-VALUE}).")
    String detrend;

    @Option(
            names = "--bands",
            paramLabel = "NAME:LO-HI,...",
            defaultValue = "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45",
            description = "Bands in Hz (default: ${DEFAULT-VALUE}).")
    String bands;

    @Option(
            names = "--bde",
            description = "Adds the bde column (band differential entropy, nats; see above).")
    boolean bde;

    @Mixin BackendOption backend;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = EdfInput.open(input)) {
            final double fs = reader.sampleRate();
            final WelchConfig config = config(fs);
            final long total = reader.totalSamplesPerChannel();
            final long first = Math.round(start * fs);
            if (start < 0 || first >= total) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        String.format(
                                "--start %s s is outside the recording (0 to %.3f s)",
                                start, total / fs));
            }
            final long count =
                    duration == null
                            ? total - first
                            : Math.min(total - first, Math.round(duration * fs));
            if (count < config.nperseg()) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        String.format(
                                "the span holds %d samples, fewer than one segment (nperseg %d)",
                                count, config.nperseg()));
            }
            reader.seekSample(first);
            final float[][] signal = reader.readChannelMajor(Math.toIntExact(count));
            final int channels = reader.channelCount();
            final int nb = config.bands().size();
            final double[] power = new double[channels * nb];
            final double[] relative = new double[channels * nb];
            try (BandPowerBackend kernel = BandPowerBackends.create(config, backend.kind())) {
                if (kernel instanceof CpuBandPowerBackend) {
                    bandPowersOnAllCores(config, kernel, signal, power, relative);
                } else {
                    kernel.bandPowers(signal, 0, signal[0].length, power, relative);
                }
            }
            final double[] entropy = bde ? entropy(signal, fs, config.bands()) : null;
            write(reader.labels(), config.bands(), power, relative, entropy);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "bandpower");
        }
    }

    /**
     * The CPU kernel over contiguous groups of channels, one group per core: users wait for the
     * whole command, and channels are independent. The numbers are those of one kernel call.
     */
    private static void bandPowersOnAllCores(
            final WelchConfig config,
            final BandPowerBackend first,
            final float[][] signal,
            final double[] power,
            final double[] relative) {
        final int channels = signal.length;
        final int groups =
                Math.max(1, Math.min(channels, Runtime.getRuntime().availableProcessors()));
        final int nb = config.bands().size();
        final List<Thread> threads = new ArrayList<>();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int g = 0; g < groups; g++) {
            final int from = (int) ((long) channels * g / groups);
            final int to = (int) ((long) channels * (g + 1) / groups);
            final BandPowerBackend kernel = g == 0 ? first : new CpuBandPowerBackend(config);
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    final double[] p = new double[(to - from) * nb];
                                    final double[] r = new double[(to - from) * nb];
                                    kernel.bandPowers(
                                            Arrays.copyOfRange(signal, from, to),
                                            0,
                                            signal[0].length,
                                            p,
                                            r);
                                    System.arraycopy(p, 0, power, from * nb, p.length);
                                    System.arraycopy(r, 0, relative, from * nb, r.length);
                                } catch (final RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "bandpower-" + g);
            t.start();
            threads.add(t);
        }
        for (final Thread t : threads) {
            try {
                t.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(1, "interrupted");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** BDE per channel and band: filters from the span's start, variance after its first second. */
    private static double[] entropy(
            final float[][] signal, final double fs, final List<Band> bandList) {
        final BandEntropyKernel kernel;
        try {
            kernel = new BandEntropyKernel(fs, bandList);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--bde: " + e.getMessage());
        }
        final int count = signal[0].length;
        final int settle = kernel.settlingSamples();
        if (count <= settle) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    String.format(
                            "--bde: the span holds %d samples, no more than the first second (%d samples) the"
                                    + " filters need to settle",
                            count, settle));
        }
        final int values = signal.length * kernel.bandCount();
        final double[] state = new double[kernel.stateLength(signal.length)];
        final double[] settling = new double[values]; // sums over the settling second, dropped
        final double[] sum = new double[values];
        final double[] sumSquares = new double[values];
        for (int c = 0; c < signal.length; c++) {
            kernel.filter(signal[c], 0, settle, c, state, settling, settling, 0);
            kernel.filter(signal[c], settle, count - settle, c, state, sum, sumSquares, 0);
        }
        final double[] h = new double[values];
        kernel.entropies(sum, sumSquares, count - settle, h, null);
        return h;
    }

    private WelchConfig config(final double fs) {
        try {
            final WelchConfig.Builder b =
                    WelchConfig.builder(fs)
                            .detrend(Detrend.parse(detrend))
                            .integration(BandIntegration.parse(integration))
                            .bands(Band.parseList(bands));
            if (nperseg != null) {
                b.nperseg(nperseg);
            }
            if (noverlap != null) {
                b.noverlap(noverlap);
            }
            return b.build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    private void write(
            final List<String> labels,
            final List<Band> bandList,
            final double[] power,
            final double[] relative,
            final double[] entropy)
            throws IOException {
        final int nb = bandList.size();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write(
                    entropy == null
                            ? "channel,label,band,lo_hz,hi_hz,power,relative\n"
                            : "channel,label,band,lo_hz,hi_hz,power,relative,bde\n");
            final StringBuilder line = new StringBuilder(128);
            for (int c = 0; c < labels.size(); c++) {
                for (int b = 0; b < nb; b++) {
                    final Band band = bandList.get(b);
                    line.setLength(0);
                    line.append(c)
                            .append(',')
                            .append(Csv.field(labels.get(c)))
                            .append(',')
                            .append(band.name())
                            .append(',')
                            .append(Csv.number(band.lo()))
                            .append(',')
                            .append(Csv.number(band.hi()))
                            .append(',')
                            .append(power[c * nb + b])
                            .append(',')
                            .append(relative[c * nb + b]);
                    if (entropy != null) {
                        line.append(',').append(entropy[c * nb + b]);
                    }
                    line.append('\n');
                    w.append(line);
                }
            }
        }
    }
}

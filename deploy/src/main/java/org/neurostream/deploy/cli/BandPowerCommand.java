package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBackend;
import org.neurostream.operators.compute.BandPowerBackends;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.Detrend;
import org.neurostream.operators.spectral.WelchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Offline band power of an EDF/BDF file with the job's own Welch kernel. */
@Command(
        name = "bandpower",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Offline band power of an EDF/BDF file (Welch, the job's own kernel).",
            "",
            "Band power of every signal channel of an EDF/EDF+/BDF file: one Welch average over the"
                    + " requested span (all full segments in it), with the job's own kernel."
                    + " Starts no Flink and no Kafka.",
            "",
            "Output CSV header: channel,label,band,lo_hz,hi_hz,power,relative",
            "  channel   0-based index among signal channels (annotation channels left out)",
            "  label     as in the file, trailing blanks trimmed",
            "  power     PSD integrated over the band, in the file's physical unit squared (uV^2 for"
                    + " EEG in uV)",
            "  relative  band power / power over 1-45 Hz, by the same rule",
            "PSD: periodic Hann window, one-sided, density scaling (scipy.signal.welch conventions).",
            "rect: sum of PSD bins with lo <= f < hi, times df; trapz: trapezoid over bins lo <= f <= hi.",
            "",
            "Exit codes: 0 done; 2 unusable input (nothing written); 3 truncated file (complete"
                    + " records used, output written, a warning printed)."
        })
final class BandPowerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.edf", description = "EDF, EDF+ or BDF file.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the CSV.")
    Path out;

    @Option(names = "--start", paramLabel = "SEC", defaultValue = "0",
            description = "Start of the span, seconds from the start of the recording (default: ${DEFAULT-VALUE}).")
    double start;

    @Option(names = "--duration", paramLabel = "SEC",
            description = "Length of the span in seconds (default: to the end of the recording).")
    Double duration;

    @Option(names = "--nperseg", paramLabel = "N", description = "Samples per Welch segment (default: 2 s of samples).")
    Integer nperseg;

    @Option(names = "--noverlap", paramLabel = "N", description = "Samples shared by consecutive segments (default: nperseg / 2).")
    Integer noverlap;

    @Option(names = "--integration", paramLabel = "rect|trapz", defaultValue = "rect",
            description = "Band integration rule (default: ${DEFAULT-VALUE}).")
    String integration;

    @Option(names = "--detrend", paramLabel = "constant|linear|none", defaultValue = "constant",
            description = "Per-segment detrending (default: ${DEFAULT-VALUE}).")
    String detrend;

    @Option(names = "--bands", paramLabel = "NAME:LO-HI,...",
            defaultValue = "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45",
            description = "Bands in Hz (default: ${DEFAULT-VALUE}).")
    String bands;

    @Option(names = "--backend", paramLabel = "auto|cpu|opencl", defaultValue = "auto",
            converter = BackendConverter.class, description = BackendConverter.DESCRIPTION)
    BackendKind backend;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = EdfInput.open(input)) {
            final double fs = reader.sampleRate();
            final WelchConfig config = config(fs);
            final long total = reader.totalSamplesPerChannel();
            final long first = Math.round(start * fs);
            if (start < 0 || first >= total) {
                throw new CliException(CliException.BAD_INPUT, String.format(
                        "--start %s s is outside the recording (0 to %.3f s)", start, total / fs));
            }
            final long count = duration == null ? total - first : Math.min(total - first, Math.round(duration * fs));
            if (count < config.nperseg()) {
                throw new CliException(CliException.BAD_INPUT, String.format(
                        "the span holds %d samples, fewer than one segment (nperseg %d)", count, config.nperseg()));
            }
            reader.seekSample(first);
            final float[][] signal = reader.readChannelMajor(Math.toIntExact(count));
            final int channels = reader.channelCount();
            final int nb = config.bands().size();
            final double[] power = new double[channels * nb];
            final double[] relative = new double[channels * nb];
            try (BandPowerBackend kernel = BandPowerBackends.create(config, backend)) {
                kernel.bandPowers(signal, 0, signal[0].length, power, relative);
            }
            write(reader.labels(), config.bands(), power, relative);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "bandpower");
        }
    }

    private WelchConfig config(final double fs) {
        try {
            final WelchConfig.Builder b = WelchConfig.builder(fs)
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

    private void write(final List<String> labels, final List<Band> bandList, final double[] power, final double[] relative)
            throws IOException {
        final int nb = bandList.size();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("channel,label,band,lo_hz,hi_hz,power,relative\n");
            final StringBuilder line = new StringBuilder(128);
            for (int c = 0; c < labels.size(); c++) {
                for (int b = 0; b < nb; b++) {
                    final Band band = bandList.get(b);
                    line.setLength(0);
                    line.append(c).append(',').append(Csv.field(labels.get(c))).append(',')
                            .append(band.name()).append(',')
                            .append(Csv.number(band.lo())).append(',').append(Csv.number(band.hi())).append(',')
                            .append(power[c * nb + b]).append(',').append(relative[c * nb + b]).append('\n');
                    w.append(line);
                }
            }
        }
    }
}

package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.BandPowerAnalysis;
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
            names = "--out",
            required = true,
            paramLabel = "FILE.csv",
            description = "Where to write the CSV.")
    Path out;

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
            names = "--bde",
            description = "Adds the bde column (band differential entropy, nats; see above).")
    boolean bde;

    @Mixin EdfInput span;

    @Mixin BackendOption backend;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = span.open()) {
            final double fs = reader.sampleRate();
            final WelchConfig config = config(fs);
            final long count = span.seekSpan(reader);
            if (count < config.nperseg()) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        String.format(
                                "the span holds %d samples, fewer than one segment (nperseg %d)",
                                count, config.nperseg()));
            }
            try {
                BandPowerAnalysis.write(
                        out,
                        config,
                        backend.kind(),
                        reader.readChannelMajor(Math.toIntExact(count)),
                        reader.labels(),
                        bde);
            } catch (final IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "bandpower");
        }
    }

    private WelchConfig config(final double fs) {
        try {
            final WelchConfig.Builder b =
                    WelchConfig.builder(fs)
                            .detrend(Detrend.parse(detrend))
                            .integration(BandIntegration.parse(integration))
                            .bands(span.bands());
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
}

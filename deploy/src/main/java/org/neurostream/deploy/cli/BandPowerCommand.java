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
@Command(name = "bandpower", mixinStandardHelpOptions = true, sortOptions = false)
final class BandPowerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv")
    Path out;

    @Option(names = "--nperseg", paramLabel = "N")
    Integer nperseg;

    @Option(names = "--noverlap", paramLabel = "N")
    Integer noverlap;

    @Option(names = "--integration", paramLabel = "rect|trapz", defaultValue = "rect")
    String integration;

    @Option(names = "--detrend", paramLabel = "constant|linear|none", defaultValue = "constant")
    String detrend;

    @Option(names = "--bde")
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

package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.core.time.Durations;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.descriptors.DescriptorAnalysis;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.spectral.Band;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline resting-state descriptors of an EDF/BDF file: reads the span, hands it to {@link
 * DescriptorAnalysis} and writes its tables.
 */
@Command(
        name = "descriptors",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Resting-state EEG descriptors of an EDF/BDF file (the job's kernels): phase"
                    + " synchronisation, aperiodic exponent, Hjorth, DFA, phase-amplitude coupling,"
                    + " alpha frequency.",
            "",
            "Writes to DIR (channel = 0-based index among signal channels, label as in the file;"
                    + " --bands are the connectivity bands):",
            "  connectivity.csv  band,lo_hz,hi_hz,ch_a,ch_b,label_a,label_b,plv,pli,wpli: every pair"
                    + " ch_a < ch_b, over the span's non-overlapping epochs (MNE-Connectivity, mode"
                    + " 'fourier', faverage)",
            "  aperiodic.csv     channel,label,offset,exponent,r_squared,n_peaks: FOOOF 1.1 'fixed' over"
                    + " 2-40 Hz of the bandpower Welch spectrum (offset in log10 uV^2/Hz)",
            "  peaks.csv         channel,label,center_hz,power,bandwidth_hz: the fitted peaks",
            "  hjorth.csv        channel,label,activity,mobility,complexity (activity in uV^2,"
                    + " mobility per sample)",
            "  dfa.csv           channel,label,band,alpha,r_squared: DFA of the --dfa-band envelope",
            "  pac.csv           channel,label,phase_lo,phase_hi,amp_lo,amp_hi,mi: Tort's MI, phase"
                    + " 8-12 Hz, amplitude 30-45 Hz (tensorpac idpac=(2,0,0))",
            "  alpha.csv         channel,label,peak_hz,instantaneous_hz: peak of the aperiodic-corrected"
                    + " spectrum in 7-14 Hz, median instantaneous frequency of 8-13 Hz",
            "  summary.csv       one row: file,duration_s, <table>_<measure>_mean and"
                    + " <table>_<measure>_<channel>, connectivity_<band>_<measure>_mean",
            "  reasons.csv       table,channel,label,field,reason for every empty cell (field *: all of"
                    + " the channel's values in that table); each also as one line on standard error",
            "Spans: the aperiodic fit and the alpha peak use one Welch average over the span; Hjorth,"
                    + " DFA and PAC treat the span as one signal; only connectivity uses epochs.",
            "Definitions, sources and known answers: docs/descriptors.md.",
            "",
            "Exit codes: 0 done; 2 unusable input (a band outside (0, fs/2), an epoch longer than the"
                    + " span; nothing written); 3 truncated file (complete records used, output"
                    + " written, a warning printed)."
        })
final class DescriptorsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin EdfInput span;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the CSV files (created if absent).")
    Path out;

    @Option(
            names = "--epoch-length",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Connectivity epoch length (default: ${DEFAULT-VALUE}).")
    Duration epochLength;

    @Option(
            names = "--dfa-band",
            paramLabel = "NAME:LO-HI",
            defaultValue = "alpha:8-13",
            description = "Band whose amplitude envelope DFA analyses (default: ${DEFAULT-VALUE}).")
    String dfaBand;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = span.open()) {
            final DescriptorAnalysis.Result result;
            try {
                final List<Band> dfa = Band.parseList(dfaBand);
                if (dfa.size() != 1) {
                    throw new IllegalArgumentException("--dfa-band takes one band, got " + dfaBand);
                }
                final DescriptorOptions options =
                        DescriptorOptions.builder()
                                .bands(span.bands())
                                .epochSeconds(Durations.seconds(epochLength))
                                .dfaBand(dfa.get(0))
                                .build();
                result =
                        new DescriptorAnalysis(options)
                                .analyze(
                                        span.input.getFileName().toString(),
                                        span.readSpan(reader),
                                        reader.sampleRate(),
                                        reader.labels());
            } catch (final IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, span.input + ": " + e.getMessage());
            }
            final PrintWriter err = spec.commandLine().getErr();
            for (final String line : result.writeTo(out)) {
                err.println("neurostream descriptors: " + span.input + ": " + line);
            }
            return EdfInput.warnIfTruncated(reader, err, "descriptors");
        }
    }
}

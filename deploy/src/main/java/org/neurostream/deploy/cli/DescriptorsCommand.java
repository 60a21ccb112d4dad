package org.neurostream.deploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.core.records.Csv;
import org.neurostream.core.time.Durations;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.descriptors.AperiodicRecord;
import org.neurostream.operators.descriptors.DescriptorAnalysis;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.descriptors.DescriptorRecord;
import org.neurostream.operators.spectral.Band;
import picocli.CommandLine.Command;
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
            "Writes to DIR (channel = 0-based index among signal channels, label as in the file):",
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

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.edf",
            description = "EDF, EDF+ or BDF file.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the CSV files (created if absent).")
    Path out;

    @Option(
            names = "--start",
            paramLabel = "SEC",
            defaultValue = "0",
            description =
                    "Start of the span, seconds from the start of the recording (default: 0).")
    double start;

    @Option(
            names = "--duration",
            paramLabel = "SEC",
            description = "Length of the span in seconds (default: to the end of the recording).")
    Double duration;

    @Option(
            names = "--epoch-length",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "Connectivity epoch length (default: ${DEFAULT-VALUE}).")
    Duration epochLength;

    @Option(
            names = "--bands",
            paramLabel = "NAME:LO-HI,...",
            defaultValue = "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45",
            description = "Connectivity bands in Hz (default: ${DEFAULT-VALUE}).")
    String bands;

    @Option(
            names = "--dfa-band",
            paramLabel = "NAME:LO-HI",
            defaultValue = "alpha:8-13",
            description = "Band whose amplitude envelope DFA analyses (default: ${DEFAULT-VALUE}).")
    String dfaBand;

    @Override
    public Integer call() throws IOException {
        try (EdfReader reader = EdfReader.open(input)) {
            final double fs = reader.sampleRate();
            final DescriptorOptions options = options();
            final long count = EdfInput.seekSpan(reader, start, duration);
            final float[][] signal = reader.readChannelMajor(Math.toIntExact(count));
            final String name = input.getFileName().toString();
            final DescriptorAnalysis.Result result;
            try {
                result = new DescriptorAnalysis(options).analyze(name, signal, fs, reader.labels());
            } catch (final IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, input + ": " + e.getMessage());
            }
            write(result, spec.commandLine().getErr());
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "descriptors");
        }
    }

    private DescriptorOptions options() {
        try {
            final List<Band> dfa = Band.parseList(dfaBand);
            if (dfa.size() != 1) {
                throw new IllegalArgumentException("--dfa-band takes one band, got " + dfaBand);
            }
            return DescriptorOptions.builder()
                    .bands(Band.parseList(bands))
                    .epochSeconds(Durations.seconds(epochLength))
                    .dfaBand(dfa.get(0))
                    .build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, input + ": " + e.getMessage());
        }
    }

    private void write(final DescriptorAnalysis.Result r, final PrintWriter err)
            throws IOException {
        Files.createDirectories(out);
        final List<String> labels = r.labels.stream().map(Csv::field).toList();
        final String[] files = {
            "connectivity.csv", "aperiodic.csv", "hjorth.csv", "dfa.csv", "pac.csv", "alpha.csv"
        };
        final List<DescriptorRecord> records = r.records();
        final StringBuilder reasons = new StringBuilder("table,channel,label,field,reason\n");
        for (int i = 0; i < files.length; i++) {
            final DescriptorRecord record = records.get(i);
            final StringBuilder text = new StringBuilder(record.csvHeader()).append('\n');
            record.appendCsvRows(text, "", labels);
            Files.writeString(out.resolve(files[i]), text);
            final String table = files[i].substring(0, files[i].indexOf('.'));
            for (int k = 0; k < record.reasonCount(); k++) {
                final int c = record.reasonChannel[k];
                reasons.append(table)
                        .append(',')
                        .append(c)
                        .append(',')
                        .append(labels.get(c))
                        .append(',')
                        .append(record.reasonField[k])
                        .append(',')
                        .append(Csv.field(record.reasonText[k]))
                        .append('\n');
                err.printf(
                        "neurostream descriptors: %s: channel %d (%s): %s %s empty: %s%n",
                        input,
                        c,
                        r.labels.get(c),
                        table,
                        record.reasonField[k],
                        record.reasonText[k]);
            }
        }
        final StringBuilder peaks =
                new StringBuilder(AperiodicRecord.PEAKS_CSV_HEADER).append('\n');
        r.aperiodic.appendPeakCsvRows(peaks, "", labels);
        Files.writeString(out.resolve("peaks.csv"), peaks);
        Files.writeString(out.resolve("reasons.csv"), reasons);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("summary.csv"))) {
            w.write(String.join(",", r.summaryHeader()));
            w.write('\n');
            final StringBuilder row = new StringBuilder();
            for (final Object v : r.summaryValues()) {
                if (row.length() > 0) {
                    row.append(',');
                }
                row.append(v == null ? "" : v instanceof String s ? Csv.field(s) : v.toString());
            }
            w.write(row.append('\n').toString());
        }
    }
}

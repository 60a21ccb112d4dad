package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheReport;
import org.neurostream.operators.avalanche.EventBuffer;
import org.neurostream.operators.avalanche.ZScoreBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline neuronal-avalanche analysis of an EDF/BDF recording or an events CSV. */
@Command(
        name = "avalanches",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Neuronal avalanches of a recording: exponents, branching ratios, scaling.",
            "",
            "Neuronal avalanches of a recording, with the job's own kernels: events, bins,"
                    + " avalanches, power-law exponents, branching ratios, size-duration scaling."
                    + " Starts no Flink and no Kafka.",
            "",
            "Input: an EDF/EDF+/BDF file, or an events CSV (name ending in .csv, or first line"
                    + " starting with t_us) with header t_us,address or t_us,address,amplitude:"
                    + " t_us a whole number of microseconds >= 0 from the start of the recording,"
                    + " address an integer (channel or unit), amplitude a finite number"
                    + " (default 1).",
            "Events: for EDF, each channel is z-scored (baseline: the whole recording, mean and"
                    + " population std; or --baseline running: exponentially weighted mean and"
                    + " variance, time constant --running-seconds, no events in the first time"
                    + " constant); each excursion with z > threshold (or z < -threshold) gives one"
                    + " event at its peak, amplitude |z|. Flat channels give no events and are"
                    + " listed. CSV events enter as they are.",
            "Bins: bin = floor(t / width), counted from time zero of the recording (EDF: the first"
                    + " sample; CSV: t_us = 0), not from the first event. --bin-us auto: width ="
                    + " the mean of the differences between consecutive pooled event times (zeros"
                    + " included), rounded to whole samples for EDF; a fixed width is also rounded"
                    + " to whole samples for EDF.",
            "Avalanche: a maximal run of non-empty bins bounded by empty bins; size = events,"
                    + " duration = bins, start = start of its first bin. Runs holding bin 0 or"
                    + " still open at the end of the input are dropped and counted (a CSV ends at"
                    + " its last event, so its last run is always dropped).",
            "Power laws: discrete maximum likelihood with the Hurwitz zeta function; x_min ="
                    + " the distinct observed value, among those leaving >= --min-tail values in"
                    + " the tail, with the smallest KS distance max |empirical CDF - model CDF|;"
                    + " alpha standard error from the Fisher information.",
            "Branching ratio: Beggs-Plenz = mean over avalanches of events in bin 2 / events in"
                    + " bin 1 (0 when T = 1); branching_ratio_mr = multistep regression (Wilting &"
                    + " Priesemann 2018) over every bin, lags 1..40, fit r_k = b m^k.",
            "Scaling: gamma_fit = least-squares slope of ln <S>(T) on ln T over durations T >= 5"
                    + " bins holding >= 10 avalanches each; gamma_predicted = (alpha_duration - 1)"
                    + " / (alpha_size - 1).",
            "",
            "Output: DIR/summary.json (estimates that cannot be made are null, with the reason in"
                    + " null_reasons) and DIR/avalanches.csv with header"
                    + " start_us,duration_bins,size.",
            "Exit codes: 0 done; 2 unusable input (nothing written; a bad CSV line is named by its"
                    + " number); 3 truncated EDF (complete records used, output written)."
        })
final class AvalanchesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "EDF/EDF+/BDF recording or events CSV.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for summary.json and avalanches.csv (created if missing).")
    Path out;

    @Option(
            names = "--threshold",
            paramLabel = "Z",
            defaultValue = "3",
            description = "Event threshold on |z| for EDF input (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--bin-us",
            paramLabel = "N|auto",
            defaultValue = "auto",
            description = "Bin width in microseconds, or auto (default: ${DEFAULT-VALUE}).")
    String binUs;

    @Option(
            names = "--baseline",
            paramLabel = "whole|running",
            defaultValue = "whole",
            description = "z-score baseline for EDF input (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(
            names = "--running-seconds",
            paramLabel = "SEC",
            defaultValue = "10",
            description = "Time constant of the running baseline (default: ${DEFAULT-VALUE}).")
    double runningSeconds;

    @Option(
            names = "--min-tail",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "Least values in the tail of an x_min candidate"
                            + " (default: ${DEFAULT-VALUE}).")
    int minTail;

    @Override
    public Integer call() throws IOException {
        final Double fixedUs;
        final AvalancheOptions options;
        try {
            fixedUs = AvalancheOptions.parseBinWidthUs(binUs);
            options =
                    AvalancheOptions.builder()
                            .threshold(threshold)
                            .baseline(ZScoreBaseline.parse(baseline))
                            .runningSeconds(runningSeconds)
                            .minTail(minTail)
                            .build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (EventCsv.isEventTable(input)) {
            final EventBuffer events = new EventBuffer();
            EventCsv.readWithAmplitudes(input, events::add);
            AvalancheReport.writeEvents(out, events, fixedUs, options);
            return 0;
        }
        try (EdfReader reader = EdfReader.open(input)) {
            final long total = reader.totalSamplesPerChannel();
            if (reader.channelCount() == 0 || total == 0) {
                throw new CliException(CliException.BAD_INPUT, input + ": no samples to analyse");
            }
            AvalancheReport.writeSignal(
                    out,
                    reader.readChannelMajor(Math.toIntExact(total)),
                    reader.sampleRate(),
                    reader.labels(),
                    fixedUs,
                    options);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "avalanches");
        }
    }
}

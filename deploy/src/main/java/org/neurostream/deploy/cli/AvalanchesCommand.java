package org.neurostream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.avalanche.AvalancheAnalyzer;
import org.neurostream.operators.avalanche.AvalancheOptions;
import org.neurostream.operators.avalanche.AvalancheResult;
import org.neurostream.operators.avalanche.AvalancheSummary;
import org.neurostream.operators.avalanche.AvalancheTable;
import org.neurostream.operators.avalanche.BranchingEstimate;
import org.neurostream.operators.avalanche.EventBuffer;
import org.neurostream.operators.avalanche.PowerLawFit;
import org.neurostream.operators.avalanche.ScalingFit;
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
        final Double fixedUs = parseBinUs();
        final AvalancheOptions.Builder builder;
        try {
            builder =
                    AvalancheOptions.builder()
                            .threshold(threshold)
                            .baseline(ZScoreBaseline.parse(baseline))
                            .runningSeconds(runningSeconds)
                            .minTail(minTail);
            builder.build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (isCsv()) {
            final EventBuffer events = readCsv();
            final long end = events.size() == 0 ? 1 : lastTime(events) + 1;
            final AvalancheOptions options =
                    builder.binWidth(fixedUs == null ? 0 : fixedUs).build();
            final AvalancheResult result = AvalancheAnalyzer.analyzeEvents(events, end, options);
            write(result, 1.0, "events-csv", null, List.of());
            return 0;
        }
        try (EdfReader reader = EdfInput.open(input)) {
            final double fs = reader.sampleRate();
            final long total = reader.totalSamplesPerChannel();
            if (reader.channelCount() == 0 || total == 0) {
                throw new CliException(CliException.BAD_INPUT, input + ": no samples to analyse");
            }
            final double usPerSample = 1e6 / fs;
            final AvalancheOptions options =
                    builder.binWidth(
                                    fixedUs == null
                                            ? 0
                                            : Math.max(1.0, Math.rint(fixedUs / usPerSample)))
                            .build();
            final float[][] signal = reader.readChannelMajor(Math.toIntExact(total));
            final int length = signal[0].length;
            final AvalancheResult result =
                    AvalancheAnalyzer.analyzeSignal(signal, 0, length, fs, options);
            final List<String> flat = new ArrayList<>();
            for (int c = 0; c < result.flatChannels().length; c++) {
                if (result.flatChannels()[c]) {
                    flat.add(reader.labels().get(c));
                }
            }
            write(result, usPerSample, "edf", fs, flat);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "avalanches");
        }
    }

    private Double parseBinUs() {
        if (binUs.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            final double v = Double.parseDouble(binUs);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new CliException(
                CliException.BAD_INPUT,
                "--bin-us must be a positive number of microseconds or auto, got '" + binUs + "'");
    }

    private boolean isCsv() throws IOException {
        if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return true;
        }
        if (!Files.isRegularFile(input)) {
            return false;
        }
        final byte[] head = new byte[4];
        try (var in = Files.newInputStream(input)) {
            return in.readNBytes(head, 0, 4) == 4
                    && new String(head, StandardCharsets.US_ASCII).equals("t_us");
        }
    }

    private EventBuffer readCsv() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new CliException(CliException.BAD_INPUT, input + ": no such file");
        }
        final EventBuffer events = new EventBuffer();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            final String header = r.readLine();
            final String h = header == null ? "" : header.replace(" ", "").strip();
            final boolean withAmplitude = h.equals("t_us,address,amplitude");
            if (!withAmplitude && !h.equals("t_us,address")) {
                throw badLine(
                        1,
                        "expected the header t_us,address or t_us,address,amplitude, got '"
                                + (header == null ? "" : header)
                                + "'");
            }
            final int fields = withAmplitude ? 3 : 2;
            String line;
            long number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw badLine(number, "expected " + fields + " fields, got " + f.length);
                }
                final long t;
                final int address;
                double amplitude = 1.0;
                try {
                    t = Long.parseLong(f[0].strip());
                } catch (final NumberFormatException e) {
                    throw badLine(
                            number,
                            "t_us '" + f[0] + "' is not a whole number of" + " microseconds");
                }
                if (t < 0) {
                    throw badLine(number, "t_us " + t + " is before the start of the recording");
                }
                try {
                    address = Integer.parseInt(f[1].strip());
                } catch (final NumberFormatException e) {
                    throw badLine(number, "address '" + f[1] + "' is not an integer");
                }
                if (withAmplitude) {
                    try {
                        amplitude = Double.parseDouble(f[2].strip());
                    } catch (final NumberFormatException e) {
                        amplitude = Double.NaN;
                    }
                    if (!Double.isFinite(amplitude)) {
                        throw badLine(number, "amplitude '" + f[2] + "' is not a finite number");
                    }
                }
                events.add(t, address, amplitude);
            }
        }
        return events;
    }

    private CliException badLine(final long number, final String reason) {
        return new CliException(CliException.BAD_INPUT, input + ": line " + number + ": " + reason);
    }

    private static long lastTime(final EventBuffer events) {
        long last = 0;
        for (int i = 0; i < events.size(); i++) {
            last = Math.max(last, events.time(i));
        }
        return last;
    }

    private void write(
            final AvalancheResult result,
            final double usPerUnit,
            final String kind,
            final Double fs,
            final List<String> flat)
            throws IOException {
        final AvalancheSummary s = result.summary();
        final Map<String, String> reasons = new LinkedHashMap<>();
        final Map<String, Object> json = new LinkedHashMap<>();
        final double binUsValue = result.binWidth() * usPerUnit;
        json.put("n_events", result.events());
        json.put("n_avalanches", s.avalanches());
        put(json, reasons, "bin_us", binUsValue, result.binWidthReason());
        putFit(json, reasons, "size", s.size());
        putFit(json, reasons, "duration", s.duration());
        put(json, reasons, "branching_ratio", s.branchingRatio(), s.branchingRatioReason());
        final BranchingEstimate mr = s.regression();
        put(json, reasons, "branching_ratio_mr", mr.m(), mr.reason());
        final ScalingFit scaling = s.scaling();
        put(json, reasons, "gamma_fit", scaling.gamma(), scaling.reason());
        put(json, reasons, "gamma_predicted", s.gammaPredicted(), s.gammaPredictedReason());
        // Extras after the contracted keys.
        json.put("input_kind", kind);
        if (fs != null) {
            json.put("sampling_rate_hz", fs);
            json.put("bin_samples", Double.isNaN(result.binWidth()) ? null : result.binWidth());
            json.put("threshold", threshold);
            json.put("baseline", ZScoreBaseline.parse(baseline).name().toLowerCase(Locale.ROOT));
            json.put("flat_channels", flat);
        }
        json.put("n_bins", result.bins());
        json.put("n_dropped_at_start", result.droppedAtStart());
        json.put("n_dropped_at_end", result.droppedAtEnd());
        json.put("ntail_size", s.size().valid() ? s.size().nTail() : null);
        json.put("ks_size", finite(s.size().ks()));
        json.put("ntail_duration", s.duration().valid() ? s.duration().nTail() : null);
        json.put("ks_duration", finite(s.duration().ks()));
        json.put("branching_ratio_mr_b", finite(mr.b()));
        json.put("branching_ratio_lag1", finite(mr.r1()));
        json.put("mr_k_max", mr.kMax());
        json.put("gamma_fit_min_duration", scaling.valid() ? scaling.minDuration() : null);
        json.put("gamma_fit_max_duration", scaling.valid() ? scaling.maxDuration() : null);
        json.put("gamma_fit_durations", scaling.durations());
        json.put("null_reasons", reasons);

        Files.createDirectories(out);
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("summary.json").toFile(), json);
        final AvalancheTable table = result.avalanches();
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("avalanches.csv"))) {
            w.write("start_us,duration_bins,size\n");
            final StringBuilder line = new StringBuilder(64);
            for (int i = 0; i < table.size(); i++) {
                line.setLength(0);
                line.append(Csv.number(table.startBin(i) * binUsValue))
                        .append(',')
                        .append(table.duration(i))
                        .append(',')
                        .append(table.events(i))
                        .append('\n');
                w.append(line);
            }
        }
    }

    private static void putFit(
            final Map<String, Object> json,
            final Map<String, String> reasons,
            final String name,
            final PowerLawFit fit) {
        put(json, reasons, "alpha_" + name, fit.alpha(), fit.reason());
        put(json, reasons, "alpha_" + name + "_se", fit.alphaSe(), fit.reason());
        put(json, reasons, "xmin_" + name, fit.xmin(), fit.reason());
    }

    private static void put(
            final Map<String, Object> json,
            final Map<String, String> reasons,
            final String key,
            final double value,
            final String reason) {
        if (Double.isFinite(value)) {
            final boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
            json.put(key, whole ? (Object) (long) value : (Object) value);
        } else {
            json.put(key, null);
            reasons.put(key, reason != null ? reason : "not a finite number");
        }
    }

    private static Double finite(final double value) {
        return Double.isFinite(value) ? value : null;
    }
}

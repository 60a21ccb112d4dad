package org.neurostream.operators.avalanche;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurostream.core.records.Csv;

/**
 * Writes an offline avalanche analysis the way the {@code avalanches} command reports it: {@code
 * summary.json} (the contracted keys, then the extras; an estimate that cannot be made is null with
 * its reason in {@code null_reasons}) and {@code avalanches.csv} ({@code
 * start_us,duration_bins,size}).
 */
public final class AvalancheReport {
    /**
     * What the input was.
     *
     * @param kind {@code edf} or {@code events-csv}
     * @param usPerUnit microseconds per time unit of the analysis (a sample, or 1 for events)
     * @param fs the sample rate of a recording, or null for events
     * @param threshold the event threshold on |z| (recordings)
     * @param baseline the z-score baseline (recordings)
     * @param flatChannels labels of the channels that gave no events for being flat
     */
    public record Input(
            String kind,
            double usPerUnit,
            Double fs,
            double threshold,
            ZScoreBaseline baseline,
            List<String> flatChannels) {}

    private AvalancheReport() {}

    /**
     * Analyses {@code events} as {@code avalanches} does an events CSV and writes the report into
     * {@code out}: times in microseconds from 0 at the start of the recording, which ends at the
     * last event.
     *
     * @param binUs the bin width in microseconds, or null for the automatic width
     */
    public static void writeEvents(
            final Path out,
            final EventBuffer events,
            final Double binUs,
            final AvalancheOptions options)
            throws IOException {
        long last = 0;
        for (int i = 0; i < events.size(); i++) {
            last = Math.max(last, events.time(i));
        }
        final AvalancheResult result =
                AvalancheAnalyzer.analyzeEvents(
                        events,
                        events.size() == 0 ? 1 : last + 1,
                        options.toBuilder().binWidth(binUs == null ? 0 : binUs).build());
        write(
                out,
                result,
                new Input(
                        "events-csv",
                        1.0,
                        null,
                        options.threshold(),
                        options.baseline(),
                        List.of()));
    }

    /**
     * Analyses the channels of {@code signal} (sample 0 being time zero) at {@code fs} Hz as {@code
     * avalanches} does a recording, and writes the report into {@code out}.
     *
     * @param labels the channels' labels, to name the flat ones
     * @param binUs the bin width in microseconds, rounded to whole samples, or null for the
     *     automatic width
     */
    public static void writeSignal(
            final Path out,
            final float[][] signal,
            final double fs,
            final List<String> labels,
            final Double binUs,
            final AvalancheOptions options)
            throws IOException {
        final double usPerSample = 1e6 / fs;
        final double width = binUs == null ? 0 : Math.max(1.0, Math.rint(binUs / usPerSample));
        final AvalancheResult result =
                AvalancheAnalyzer.analyzeSignal(
                        signal,
                        0,
                        signal[0].length,
                        fs,
                        options.toBuilder().binWidth(width).build());
        final List<String> flat = new ArrayList<>();
        for (int c = 0; c < result.flatChannels().length; c++) {
            if (result.flatChannels()[c]) {
                flat.add(labels.get(c));
            }
        }
        write(
                out,
                result,
                new Input("edf", usPerSample, fs, options.threshold(), options.baseline(), flat));
    }

    /** Writes both files into {@code out}, created if missing. */
    public static void write(final Path out, final AvalancheResult result, final Input input)
            throws IOException {
        final AvalancheSummary s = result.summary();
        final Map<String, String> reasons = new LinkedHashMap<>();
        final Map<String, Object> json = new LinkedHashMap<>();
        final double binUsValue = result.binWidth() * input.usPerUnit();
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
        json.put("input_kind", input.kind());
        if (input.fs() != null) {
            json.put("sampling_rate_hz", input.fs());
            json.put("bin_samples", Double.isNaN(result.binWidth()) ? null : result.binWidth());
            json.put("threshold", input.threshold());
            json.put("baseline", input.baseline().name().toLowerCase(java.util.Locale.ROOT));
            json.put("flat_channels", input.flatChannels());
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

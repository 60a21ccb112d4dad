package org.neurostream.operators.descriptors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.Csv;
import org.neurostream.core.records.CsvRows;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.core.records.HjorthRecord;
import org.neurostream.core.records.PacRecord;

/**
 * The offline use case of the resting-state descriptors: every descriptor of a recording's span at
 * once, from channel-major samples, the sampling rate and the channel labels (it reads no file and
 * knows no format). Spans as the {@code descriptors} command promises: the aperiodic fit and the
 * alpha peak use one Welch average over the whole span; Hjorth, DFA, PAC and the instantaneous
 * frequency treat the whole span as one signal; connectivity averages over the span's
 * non-overlapping epochs from its start. The per-channel descriptors run on all cores, each thread
 * with its own kernels over a block of channels; the values do not depend on the split.
 */
public final class DescriptorAnalysis {
    private final DescriptorOptions options;
    private final int threads;

    /** Analysis with these options on all available cores. */
    public DescriptorAnalysis(final DescriptorOptions options) {
        this(options, Runtime.getRuntime().availableProcessors());
    }

    /** Analysis with these options on {@code threads} threads. */
    public DescriptorAnalysis(final DescriptorOptions options, final int threads) {
        this.options = options;
        this.threads = Math.max(1, threads);
    }

    /**
     * All descriptors of {@code samples[c][0 .. n)}, channel-major, at {@code fs} Hz.
     *
     * @param name the recording's name, written into the records' stream id and the summary
     * @throws IllegalArgumentException when a band of the options lies outside (0, fs / 2) or the
     *     span is shorter than one connectivity epoch (the message says which)
     */
    public Result analyze(
            final String name,
            final float[][] samples,
            final double fs,
            final List<String> labels) {
        if (samples.length == 0 || labels.size() != samples.length) {
            throw new IllegalArgumentException("need one label per channel and at least 1 channel");
        }
        options.check(fs);
        final int channels = samples.length;
        final int n = samples[0].length;
        final int epoch = options.epochSamples(fs);
        if (n < epoch) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "the span holds %d samples (%.3f s), fewer than one epoch of %d samples"
                                    + " (%s s)",
                            n,
                            n / fs,
                            epoch,
                            options.epochSeconds));
        }
        final Result r = new Result(name, labels, n / fs);
        final DescriptorKernels main = new DescriptorKernels(options, channels, fs, n);
        main.screen(samples, 0);
        r.hjorth = empty(new HjorthRecord(), r, channels);
        r.hjorth.activity = new Double[channels];
        r.hjorth.mobility = new Double[channels];
        r.hjorth.complexity = new Double[channels];
        r.aperiodic = empty(new AperiodicRecord(), r, channels);
        r.aperiodic.offset = new Double[channels];
        r.aperiodic.exponent = new Double[channels];
        r.aperiodic.rSquared = new Double[channels];
        r.aperiodic.nPeaks = new Integer[channels];
        r.alpha = empty(new AlphaRecord(), r, channels);
        r.alpha.peakHz = new Double[channels];
        r.alpha.instantaneousHz = new Double[channels];
        r.pac = empty(new PacRecord(), r, channels);
        r.pac.phaseLo = options.pacPhase.lo();
        r.pac.phaseHi = options.pacPhase.hi();
        r.pac.ampLo = options.pacAmplitude.lo();
        r.pac.ampHi = options.pacAmplitude.hi();
        r.pac.mi = new Double[channels];
        r.dfa = empty(new DfaRecord(), r, channels);
        r.dfa.band = options.dfaBand.name();
        r.dfa.loHz = options.dfaBand.lo();
        r.dfa.hiHz = options.dfaBand.hi();
        r.dfa.alpha = new Double[channels];
        r.dfa.rSquared = new Double[channels];

        // Work is shared out channel by channel from a common counter; the calling thread first
        // computes connectivity (all pairs at once) with the main kernels, then joins in.
        final int workers = Math.min(threads, channels);
        final AtomicInteger next = new AtomicInteger();
        final List<Thread> started = new ArrayList<>();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int w = 0; w < workers; w++) {
            final DescriptorKernels k =
                    w == workers - 1 ? main : new DescriptorKernels(options, channels, fs, n);
            final Runnable work =
                    () -> {
                        try {
                            if (k != main) {
                                k.screen(samples, 0);
                            } else {
                                r.connectivity = main.connectivity(samples, 0);
                                header(r.connectivity, r, channels);
                            }
                            // channel by channel, so that DFA finds the alpha analytic signal of
                            // its channel still there
                            for (int c = next.getAndIncrement();
                                    c < channels;
                                    c = next.getAndIncrement()) {
                                k.hjorth(samples, 0, r.hjorth, c, c + 1);
                                k.aperiodicAndAlpha(samples, 0, r.aperiodic, r.alpha, c, c + 1);
                                k.pac(samples, 0, r.pac, c, c + 1);
                                k.dfa(samples, 0, r.dfa, c, c + 1);
                            }
                        } catch (final RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    };
            if (w == workers - 1) {
                work.run();
            } else {
                final Thread t = new Thread(work, "descriptors-" + w);
                t.start();
                started.add(t);
            }
        }
        for (final Thread t : started) {
            try {
                t.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        for (final DescriptorRecord record : r.records()) {
            record.sortReasons();
        }
        r.aperiodic.sortPeaksByChannel();
        return r;
    }

    private static <T extends DescriptorRecord> T empty(
            final T record, final Result r, final int channels) {
        header(record, r, channels);
        return record;
    }

    private static void header(final DescriptorRecord record, final Result r, final int channels) {
        record.streamId = r.name;
        record.startNs = 0;
        record.endNs = Math.round(r.durationSeconds * 1e9);
        record.channels = channels;
    }

    /** The descriptors of one recording, and their summary row. */
    public static final class Result {
        public final String name;
        public final List<String> labels;
        public final double durationSeconds;
        public ConnectivityRecord connectivity;
        public AperiodicRecord aperiodic;
        public HjorthRecord hjorth;
        public DfaRecord dfa;
        public PacRecord pac;
        public AlphaRecord alpha;

        Result(final String name, final List<String> labels, final double durationSeconds) {
            this.name = name;
            this.labels = List.copyOf(labels);
            this.durationSeconds = durationSeconds;
        }

        /** The records in file order: connectivity, aperiodic, hjorth, dfa, pac, alpha. */
        public List<DescriptorRecord> records() {
            return List.of(connectivity, aperiodic, hjorth, dfa, pac, alpha);
        }

        /**
         * The summary columns: {@code file,duration_s}, then per table and per-channel measure
         * {@code <table>_<measure>_mean} and {@code <table>_<measure>_<channel>}, then {@code
         * connectivity_<band>_<measure>_mean}.
         */
        public List<String> summaryHeader() {
            final List<String> h = new ArrayList<>(List.of("file", "duration_s"));
            for (final Measure m : measures()) {
                h.add(m.table + "_" + m.name + "_mean");
                for (int c = 0; c < m.values.length; c++) {
                    h.add(m.table + "_" + m.name + "_" + c);
                }
            }
            for (final String band : connectivity.bands) {
                for (final String m : List.of("plv", "pli", "wpli")) {
                    h.add("connectivity_" + band + "_" + m + "_mean");
                }
            }
            return h;
        }

        /**
         * The summary values, in the order of {@link #summaryHeader()}: the name, the span in
         * seconds, then numbers, null where no value exists (a mean over no value, a missing
         * channel).
         */
        public List<Object> summaryValues() {
            final List<Object> v = new ArrayList<>();
            v.add(name);
            v.add(durationSeconds);
            for (final Measure m : measures()) {
                v.add(mean(m.values, 0, m.values.length));
                for (final Number value : m.values) {
                    v.add(value == null ? null : value.doubleValue());
                }
            }
            final int pairs = connectivity.pairs();
            for (int b = 0; b < connectivity.bands.length; b++) {
                v.add(mean(connectivity.plv, b * pairs, pairs));
                v.add(mean(connectivity.pli, b * pairs, pairs));
                v.add(mean(connectivity.wpli, b * pairs, pairs));
            }
            return v;
        }

        private static Double mean(final Number[] values, final int from, final int count) {
            double sum = 0;
            int n = 0;
            for (int i = from; i < from + count; i++) {
                if (values[i] != null) {
                    sum += values[i].doubleValue();
                    n++;
                }
            }
            return n == 0 ? null : sum / n;
        }

        /** Every per-channel measure, table by table in file order (connectivity aside). */
        private List<Measure> measures() {
            final List<Measure> m = new ArrayList<>();
            for (final DescriptorRecord record : records()) {
                if (record != connectivity) {
                    for (final String field : record.valueFields()) {
                        m.add(new Measure(record.kind, field, record.values(field)));
                    }
                }
            }
            return m;
        }

        /**
         * Writes the command's files into {@code dir} (created if absent): one per kind ({@code
         * <kind>.csv}), {@code peaks.csv}, {@code summary.csv} and {@code reasons.csv}.
         *
         * @return one line per empty cell and its reason ({@code channel C (LABEL): TABLE FIELD
         *     empty: REASON}), for standard error
         */
        public List<String> writeTo(final Path dir) throws IOException {
            Files.createDirectories(dir);
            final List<String> cells = labels.stream().map(Csv::field).toList();
            final StringBuilder reasons = new StringBuilder("table,channel,label,field,reason\n");
            final List<String> lines = new ArrayList<>();
            for (final DescriptorRecord record : records()) {
                write(dir.resolve(record.kind + ".csv"), record, cells);
                for (int k = 0; k < record.reasonCount(); k++) {
                    final int c = record.reasonChannel[k];
                    reasons.append(record.kind)
                            .append(',')
                            .append(c)
                            .append(',')
                            .append(cells.get(c))
                            .append(',')
                            .append(record.reasonField[k])
                            .append(',')
                            .append(Csv.field(record.reasonText[k]))
                            .append('\n');
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "channel %d (%s): %s %s empty: %s",
                                    c,
                                    labels.get(c),
                                    record.kind,
                                    record.reasonField[k],
                                    record.reasonText[k]));
                }
            }
            write(dir.resolve(AperiodicRecord.PEAKS_FILE + ".csv"), aperiodic.peaks(), cells);
            Files.writeString(dir.resolve("reasons.csv"), reasons);
            final StringBuilder summary =
                    new StringBuilder(String.join(",", summaryHeader())).append('\n');
            String comma = "";
            for (final Object v : summaryValues()) {
                summary.append(comma)
                        .append(
                                v == null
                                        ? ""
                                        : v instanceof String t ? Csv.field(t) : v.toString());
                comma = ",";
            }
            Files.writeString(dir.resolve("summary.csv"), summary.append('\n'));
            return lines;
        }

        private static void write(final Path file, final CsvRows rows, final List<String> labels)
                throws IOException {
            final StringBuilder text = new StringBuilder(rows.csvHeader()).append('\n');
            rows.appendCsvRows(text, "", labels);
            Files.writeString(file, text);
        }

        private record Measure(String table, String name, Number[] values) {}
    }
}

package org.neurostream.operators.avalanche;

/**
 * The offline avalanche analysis (docs/features.md#neuronal-avalanches) of a whole recording:
 * threshold events, binning from time zero, avalanches, and their statistics, with the same kernels
 * as the streaming operator ({@link AvalancheStream}).
 *
 * <p>Bin width: fixed ({@link AvalancheOptions#binWidth()}), or automatic: the mean of the
 * differences between consecutive pooled event times, zeros included, which is (t_last - t_first) /
 * (n - 1); for sampled signals rounded to whole samples (at least 1). With fewer than two events,
 * or all at one time, there is no automatic width: the result has no avalanches and every estimate
 * says why.
 */
public final class AvalancheAnalyzer {

    private AvalancheAnalyzer() {}

    /**
     * Analyses a sampled signal {@code signal[c][from .. from+length)}, sample {@code from} being
     * time zero; event times and bin widths are in samples.
     *
     * @param fs sampling rate in Hz (for the running baseline's time constant)
     */
    public static AvalancheResult analyzeSignal(
            float[][] signal, int from, int length, double fs, AvalancheOptions options) {
        ThresholdEventDetector detector =
                options.baseline() == ZScoreBaseline.WHOLE_SPAN
                        ? ThresholdEventDetector.wholeSpan(
                                signal, from, length, options.threshold())
                        : ThresholdEventDetector.runningBaseline(
                                signal.length,
                                Math.max(1.0, options.runningSeconds() * fs),
                                options.threshold());
        EventBuffer events = new EventBuffer();
        detector.process(signal, from, length, events);
        detector.finish(events);
        boolean[] flat = new boolean[signal.length];
        for (int c = 0; c < flat.length; c++) {
            flat[c] = detector.isFlat(c);
        }
        double width = options.binWidth();
        if (!options.autoBinWidth()) {
            width = Math.max(1.0, Math.rint(width));
        }
        return analyze(events, length, width, true, flat, options);
    }

    /**
     * Analyses events (times in whole time units, for instance microseconds, time zero being the
     * start of the recording) that end at {@code end} (exclusive). The buffer is sorted by time in
     * place.
     *
     * @throws IllegalArgumentException when an event lies before 0 or at or after end
     */
    public static AvalancheResult analyzeEvents(
            EventBuffer events, long end, AvalancheOptions options) {
        return analyze(events, end, options.binWidth(), false, new boolean[0], options);
    }

    private static AvalancheResult analyze(
            EventBuffer events,
            long end,
            double fixedWidth,
            boolean wholeUnits,
            boolean[] flat,
            AvalancheOptions options) {
        events.sortByTime();
        int n = events.size();
        if (n > 0 && (events.time(0) < 0 || events.time(n - 1) >= end)) {
            throw new IllegalArgumentException(
                    "event times must lie in [0, "
                            + end
                            + "); got "
                            + events.time(0)
                            + " to "
                            + events.time(n - 1));
        }
        double width = fixedWidth;
        String widthReason = null;
        if (options.autoBinWidth()) {
            if (n < 2) {
                widthReason = "only " + n + " events; the automatic bin width needs two";
            } else {
                width = (double) (events.time(n - 1) - events.time(0)) / (n - 1);
                if (wholeUnits) {
                    width = Math.max(1.0, Math.rint(width));
                } else if (width == 0.0) {
                    widthReason =
                            "all "
                                    + n
                                    + " events lie at one time; the automatic bin width"
                                    + " is 0";
                }
            }
        }
        AvalancheTable table = new AvalancheTable();
        MultistepRegression regression = new MultistepRegression(options.kMax());
        if (widthReason != null) {
            return new AvalancheResult(
                    n,
                    Double.NaN,
                    widthReason,
                    0,
                    table,
                    0,
                    0,
                    AvalancheStatistics.summarize(
                            table, BranchingEstimate.none(options.kMax(), 0, widthReason), options),
                    flat);
        }
        AvalancheAssembler assembler = new AvalancheAssembler(width, table, regression);
        for (int i = 0; i < n; i++) {
            long t = events.time(i);
            assembler.advanceTo(t);
            assembler.onEvent(t, events.amplitude(i));
        }
        assembler.finish(end);
        AvalancheSummary summary =
                AvalancheStatistics.summarize(table, regression.estimate(), options);
        return new AvalancheResult(
                n,
                width,
                null,
                assembler.binsClosed(),
                table,
                assembler.droppedAtStart(),
                assembler.droppedAtEnd(),
                summary,
                flat);
    }
}

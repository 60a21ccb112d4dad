package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.neurostream.operators.state.StateFormatException;

/**
 * Per-stream avalanche state for the streaming operator (docs/features.md#streaming-avalanches):
 * threshold events (sampled input) or given events, bins of a fixed width, each avalanche handed to
 * a listener when it closes, a multistep-regression estimate over the bins, and rolling statistics
 * over the last N avalanches.
 *
 * <p>Use, one instance per stream key (a Flink function keeps it in its state or a transient map,
 * feeds it from {@code processElement}, and emits {@link #rollingSummary()} on a timer or every N
 * avalanches):
 *
 * <pre>{@code
 * AvalancheStream s = AvalancheStream.forSamples(64, 256.0, options, listener);
 * s.onSamples(chunk, 0, n);   // per record; closed avalanches go to listener
 * AvalancheSummary stats = s.rollingSummary();   // per statistics tick
 * }</pre>
 *
 * <p>Differences from the offline analysis: the bin width must be fixed (the automatic width needs
 * the whole recording), and sampled input needs a running or a given fixed baseline (the whole-span
 * baseline needs the whole recording). With those settings the offline analysis of a file and this
 * stream fed the same file give the same avalanches.
 *
 * <p>Per sample and per event nothing is allocated (apart from the assembler's rare ring growth).
 * Not thread-safe.
 */
public final class AvalancheStream {

    private final AvalancheOptions options;
    private final ThresholdEventDetector detector;
    private final AvalancheAssembler assembler;
    private final MultistepRegression regression;
    private final RollingAvalancheStatistics rolling;
    private final EventSink toAssembler;

    private AvalancheStream(
            ThresholdEventDetector detector,
            double binWidth,
            AvalancheOptions options,
            AvalancheListener listener) {
        if (!(binWidth > 0)) {
            throw new IllegalArgumentException(
                    "a stream needs a fixed bin width > 0; got "
                            + binWidth
                            + " (the automatic width needs the whole recording)");
        }
        this.options = options;
        this.detector = detector;
        this.regression = new MultistepRegression(options.kMax(), options.regressionWindowBins());
        this.rolling = new RollingAvalancheStatistics(options.rollingAvalanches());
        AvalancheListener fanOut =
                (start, duration, events, amplitude, first, second) -> {
                    rolling.onAvalanche(start, duration, events, amplitude, first, second);
                    listener.onAvalanche(start, duration, events, amplitude, first, second);
                };
        this.assembler = new AvalancheAssembler(binWidth, fanOut, regression);
        this.toAssembler = (t, address, amplitude) -> assembler.onEvent(t, amplitude);
    }

    /**
     * A stream of sampled signals with the running baseline of {@code options} (time constant
     * {@link AvalancheOptions#runningSeconds()}), times in samples and bins of {@link
     * AvalancheOptions#binWidth()} whole samples.
     *
     * @throws IllegalArgumentException when the options ask for the whole-span baseline or the
     *     automatic bin width
     */
    public static AvalancheStream forSamples(
            int channels, double fs, AvalancheOptions options, AvalancheListener listener) {
        if (options.baseline() != ZScoreBaseline.RUNNING) {
            throw new IllegalArgumentException(
                    "a stream needs the running baseline (or a fixed"
                            + " one, see forSamples(detector, ...)): the whole span is not known yet");
        }
        ThresholdEventDetector detector =
                ThresholdEventDetector.runningBaseline(
                        channels,
                        Math.max(1.0, options.runningSeconds() * fs),
                        options.threshold());
        return forSamples(detector, options, listener);
    }

    /** A stream of sampled signals with a given detector (for instance fixed baselines). */
    public static AvalancheStream forSamples(
            ThresholdEventDetector detector, AvalancheOptions options, AvalancheListener listener) {
        return new AvalancheStream(
                detector, Math.max(1.0, Math.rint(options.binWidth())), options, listener);
    }

    /**
     * A stream of given events (spikes, calcium events), times in whole time units (for instance
     * microseconds) and bins of {@link AvalancheOptions#binWidth()} units.
     */
    public static AvalancheStream forEvents(AvalancheOptions options, AvalancheListener listener) {
        return new AvalancheStream(null, options.binWidth(), options, listener);
    }

    /**
     * The next {@code length} samples of every channel: detects events, bins them, and emits the
     * avalanches that close.
     */
    public void onSamples(float[][] chunk, int offset, int length) {
        if (detector == null) {
            throw new IllegalStateException("this stream takes events, not samples");
        }
        detector.process(chunk, offset, length, toAssembler);
        assembler.advanceTo(detector.watermark());
    }

    /** One given event at time t (at or after the last {@link #advanceTo}). */
    public void onEvent(long t, double amplitude) {
        assembler.onEvent(t, amplitude);
    }

    /** No event before time t will come: closes the bins that end by then. */
    public void advanceTo(long t) {
        assembler.advanceTo(t);
    }

    /**
     * The input ends at time {@code end} (exclusive; for sampled input, the number of samples
     * seen): flushes open excursions, closes every bin, drops a run still open.
     */
    public void finish(long end) {
        if (detector != null) {
            detector.finish(toAssembler);
        }
        assembler.finish(end);
    }

    /**
     * A deep copy that reports its avalanches to {@code listener}: the same options and state,
     * independent from now on (array copies: what a checkpoint taken while the stream runs costs
     * its thread).
     */
    public AvalancheStream copy(AvalancheListener listener) {
        AvalancheStream c =
                new AvalancheStream(
                        detector == null ? null : detector.copy(),
                        assembler.width(),
                        options,
                        listener);
        c.assembler.copyFrom(assembler);
        c.regression.copyFrom(regression);
        c.rolling.copyFrom(rolling);
        return c;
    }

    /**
     * Writes the stream's state (a few kilobytes for tens of channels, plus up to 44 bytes per
     * avalanche of the rolling window): whether it has a detector, the detector's state (sampled
     * input), then the assembler's, the regression's and the rolling window's. The options, the
     * channel count and the listener are the reader's, who must make the stream the same way.
     */
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(detector != null);
        if (detector != null) {
            detector.writeState(out);
        }
        assembler.writeState(out);
        regression.writeState(out);
        rolling.writeState(out);
    }

    /**
     * Continues from a state {@link #writeState} wrote, on a stream made the same way: the same
     * later input gives the same avalanches and statistics as the writer would have given.
     *
     * @throws org.neurostream.operators.state.StateFormatException when the state does not fit
     */
    public void readState(DataInput in) throws IOException {
        boolean sampled = in.readBoolean();
        if (sampled != (detector != null)) {
            throw new StateFormatException(
                    sampled
                            ? "a sampled stream's state for an event stream"
                            : "an event" + " stream's state for a sampled stream");
        }
        if (detector != null) {
            detector.readState(in);
        }
        assembler.readState(in);
        regression.readState(in);
        rolling.readState(in);
    }

    /** Statistics over the last N avalanches and the MR estimate over the bins so far. */
    public AvalancheSummary rollingSummary() {
        return rolling.summary(regression.estimate(), options);
    }

    /**
     * Statistics over the avalanches of the last N that start at or after time {@code fromTime} (a
     * time window), with the MR estimate over the bins so far.
     */
    public AvalancheSummary rollingSummarySince(long fromTime) {
        return rolling.summarySince(assembler.binOf(fromTime), regression.estimate(), options);
    }

    /** The detector (sampled input) or null (event input): flat-channel flags live there. */
    public ThresholdEventDetector detector() {
        return detector;
    }

    /** The assembler: event, avalanche and dropped-run counters live there. */
    public AvalancheAssembler assembler() {
        return assembler;
    }
}

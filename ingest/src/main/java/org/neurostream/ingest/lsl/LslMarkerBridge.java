package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.bridge.MarkerSink;

/**
 * Turns a string LSL inlet (a marker stream) into {@link MarkerRecord}s on a {@link MarkerSink}:
 * one record per sample, label = its first channel (further channels joined with a tab), duration
 * 0, {@code time_ns} = its clock-corrected stamp minus the time base's origin. The time base is the
 * data stream the markers pair with (so that labels line up with that stream's device time);
 * markers that arrive before that stream's first sample wait for it (up to 4096 of them). Without a
 * paired stream the marker stream's own first marker is the origin.
 */
public final class LslMarkerBridge {
    private static final int MAX_WAITING = 4096;

    private final LslInlet inlet;
    private final MarkerSink sink;
    private final String streamId;
    private final DoubleSupplier pairedOrigin;
    private final DoubleConsumer onOrigin;
    private boolean originReported;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final AtomicLong markers = new AtomicLong();
    private final AtomicLong droppedWaiting = new AtomicLong();
    private final StringBuilder label = new StringBuilder();
    private double correction = Double.NaN;
    private volatile double ownOrigin = Double.NaN;
    private IOException failure;

    /**
     * @param pairedOrigin the paired data stream's origin (NaN until its first sample); null for a
     *     marker stream with no pair
     * @param onOrigin receives the origin the markers count from, once it is known (for the session
     *     metadata)
     */
    public LslMarkerBridge(
            final LslInlet inlet,
            final String sessionId,
            final String streamName,
            final MarkerSink sink,
            final DoubleSupplier pairedOrigin,
            final DoubleConsumer onOrigin) {
        if (inlet.info().channelFormat() != ChannelFormat.STRING) {
            throw new LslException(inlet.info().name() + ": markers need a string stream");
        }
        this.inlet = inlet;
        this.sink = sink;
        this.streamId = sessionId + "/" + streamName;
        this.pairedOrigin = pairedOrigin;
        this.onOrigin = onOrigin;
    }

    /** {@code <session>/<stream>} of the markers. */
    public String streamId() {
        return streamId;
    }

    /** Markers sent so far. */
    public long markers() {
        return markers.get();
    }

    /** Markers lost because too many waited for the paired stream's first sample. */
    public long droppedWhileWaiting() {
        return droppedWaiting.get();
    }

    /** The origin the markers count from (the pair's, or their own); NaN while unknown. */
    public double origin() {
        if (pairedOrigin != null) {
            return pairedOrigin.getAsDouble();
        }
        return ownOrigin;
    }

    /** Pulls and sends until {@code keepGoing} says stop or the stream is dropped. */
    public void run(final BooleanSupplier keepGoing) throws IOException, InterruptedException {
        while (keepGoing.getAsBoolean()) {
            if (!step(100_000_000L)) {
                break;
            }
        }
        release();
    }

    /**
     * Pulls what the inlet has (waiting up to {@code timeoutNs}) and sends what can be placed.
     *
     * @return false when the stream was dropped and nothing is left
     */
    public boolean step(final long timeoutNs) throws IOException, InterruptedException {
        final int n = inlet.pull(this::onSample, 256, timeoutNs);
        final ClockOffset.Estimate latest = inlet.clock().latest();
        if (latest != null) {
            correction = latest.correction();
        }
        release();
        if (failure != null) {
            final IOException f = failure;
            failure = null;
            throw f;
        }
        return n >= 0;
    }

    private void onSample(final LslSample s) {
        label.setLength(0);
        for (int c = 0; c < s.channelCount(); c++) {
            if (c > 0) {
                label.append('\t');
            }
            label.append(s.stringValue(c));
        }
        if (Double.isNaN(correction)) {
            correction = LslStreamBridge.firstCorrection(inlet);
        }
        final double corrected = s.timestamp() + correction;
        if (pairedOrigin == null && Double.isNaN(ownOrigin)) {
            ownOrigin = corrected;
        }
        if (waiting.size() >= MAX_WAITING) {
            droppedWaiting.incrementAndGet();
            return;
        }
        waiting.add(new Waiting(corrected, WallClock.epochNanos(), label.toString()));
    }

    /** Sends the markers waiting, once their origin is known. */
    private void release() {
        final double o = origin();
        if (Double.isNaN(o)) {
            return;
        }
        if (!originReported) {
            originReported = true;
            onOrigin.accept(o);
        }
        while (!waiting.isEmpty() && failure == null) {
            final Waiting w = waiting.peek();
            try {
                sink.accept(
                        new MarkerRecord(streamId, Math.round((w.corrected - o) * 1e9), 0, w.label),
                        w.arrivalNs);
            } catch (final IOException e) {
                failure = e;
                return;
            }
            waiting.poll();
            markers.incrementAndGet();
        }
    }

    /** A marker received before its origin was known. */
    private record Waiting(double corrected, long arrivalNs, String label) {}
}

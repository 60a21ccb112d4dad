package org.neurostream.operators.compute;

import org.jocl.CLException;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;

/**
 * The motif path on an OpenCL device that turns into the CPU path the first time the device fails.
 * The OpenCL path sends a window's detections only once the window's device work is done, and a
 * window may still be in flight (one being prepared, one on the device, or one held from the last
 * call). On a failure the CPU detector gets the OpenCL path's pending events ({@link
 * OpenClMotifBackend#pending}): first, with detections muted, the events that still reach the bins
 * no detection was sent for yet (they were decided already only as history); then, with detections,
 * the new events of every window not yet done; then the rest of the batch from the first event that
 * entered no window. No detection is lost or sent twice, the counters go on from the device's, and
 * every later batch runs on the CPU.
 */
public final class FallbackMotifBackend extends FallbackBackend<OpenClMotifBackend, CpuMotifBackend>
        implements MotifBackend {

    private final MotifKernel kernel;
    private final double threshold;
    private MotifDetectionSink handOverSink;
    private long deviceAccepted;
    private long deviceOutOfRange;
    private long deviceOutOfOrder;
    private long replayed;
    private long deviceBins;
    private long deviceDetections;
    private long replayedBins;
    private long replayedDetections;

    /** Wraps {@code device}, which this wrapper now owns and closes; detects V &gt;= threshold. */
    public FallbackMotifBackend(final OpenClMotifBackend device, final double threshold) {
        super("motif detection", "the windows not yet done", device);
        this.kernel = device.kernel();
        this.threshold = threshold;
    }

    @Override
    public MotifKernel kernel() {
        return kernel;
    }

    @Override
    public void process(
            final int[] addresses,
            final long[] bins,
            final int count,
            final MotifDetectionSink sink) {
        int from = 0;
        if (device != null) {
            try {
                device.process(addresses, bins, count, sink);
                return;
            } catch (final CLException e) {
                from = device.consumed();
                handOver(e, sink);
            }
        }
        cpu.process(addresses, bins, from, count, sink);
    }

    @Override
    public void finish(final MotifDetectionSink sink) {
        if (device != null) {
            try {
                device.finish(sink);
                return;
            } catch (final CLException e) {
                handOver(e, sink);
            }
        }
        cpu.finish(sink);
    }

    @Override
    public long eventsAccepted() {
        return device != null
                ? device.eventsAccepted()
                : deviceAccepted + cpu.eventsAccepted() - replayed;
    }

    @Override
    public long eventsOutOfRange() {
        return device != null
                ? device.eventsOutOfRange()
                : deviceOutOfRange + cpu.eventsOutOfRange();
    }

    @Override
    public long eventsOutOfOrder() {
        return device != null
                ? device.eventsOutOfOrder()
                : deviceOutOfOrder + cpu.eventsOutOfOrder();
    }

    @Override
    public long binsEvaluated() {
        return device != null
                ? device.binsEvaluated()
                : deviceBins + cpu.binsEvaluated() - replayedBins;
    }

    @Override
    public long detections() {
        return device != null
                ? device.detections()
                : deviceDetections + cpu.detections() - replayedDetections;
    }

    private void handOver(final CLException e, final MotifDetectionSink sink) {
        handOverSink = sink;
        try {
            switchToCpu(e);
        } finally {
            handOverSink = null;
        }
    }

    /**
     * A CPU detector primed with the device's pending events: the muted ones first (bins already
     * sent), then the new events of the windows not yet done, whose detections go to the sink of
     * the call that failed.
     */
    @Override
    CpuMotifBackend takeOver(final OpenClMotifBackend failed) {
        final CpuMotifBackend next = new CpuMotifBackend(kernel, threshold, 0);
        final int n = failed.pendingCount();
        final int muted = failed.pendingMuted();
        final int[] addresses = new int[n];
        final long[] bins = new long[n];
        failed.pending(addresses, bins);
        next.process(addresses, bins, 0, muted, null);
        replayedBins = next.binsEvaluated();
        replayedDetections = next.detections();
        next.process(addresses, bins, muted, n, handOverSink);
        replayed = n;
        deviceBins = failed.binsEvaluated();
        deviceDetections = failed.detections();
        deviceAccepted = failed.eventsAccepted();
        deviceOutOfRange = failed.eventsOutOfRange();
        deviceOutOfOrder = failed.eventsOutOfOrder();
        return next;
    }
}

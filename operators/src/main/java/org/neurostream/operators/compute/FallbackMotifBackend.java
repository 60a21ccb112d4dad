package org.neurostream.operators.compute;

import org.jocl.CLException;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * The motif path on an OpenCL device that turns into the CPU path the first time the device fails.
 * The OpenCL path sends a window's detections only once the window's device work is done, and a
 * window may still be in flight (one being prepared, one on the device, or one held from the last
 * call). On a failure the CPU detector goes on from the stream's place before the first window not
 * done ({@link OpenClMotifBackend#savePendingState}: a tail of events whose earlier bins were all
 * decided and sent), then runs the new events of every window not done, sending their detections,
 * then the rest of the batch from the first event that entered no window. No detection is lost or
 * sent twice, the counters go on from the device's, and every later batch runs on the CPU.
 *
 * <p>Streams whose place the caller keeps ({@link #loadState}, {@link #saveState}): a place in tail
 * form runs on the device; one in ring form (written by the CPU detector, for example before a
 * restore on another backend) runs on the CPU path, the device staying up for the others. The
 * failure hands the stream being detected over through its own state, and every stream loaded after
 * it goes on on the CPU path (its tail becomes a ring).
 */
public final class FallbackMotifBackend extends FallbackBackend<OpenClMotifBackend, CpuMotifBackend>
        implements MotifBackend {

    private final MotifKernel kernel;
    private final double threshold;
    private final int nmsRadius;
    private MotifDetectionSink handOverSink;

    /**
     * The place of the stream last loaded; null while the backend detects one stream of its own.
     */
    private MotifStreamState current;

    /** Whether the stream last loaded runs on the CPU path while the device is up (ring form). */
    private boolean ringOnCpu;

    private long deviceAccepted;
    private long deviceOutOfRange;
    private long deviceOutOfOrder;
    private long deviceBins;
    private long deviceDetections;

    /** Events the device had accepted that the CPU path ran again after the failure. */
    private long replayed;

    /**
     * Wraps {@code device}, which this wrapper now owns and closes; detects V &gt;= threshold with
     * the device's suppression radius.
     */
    public FallbackMotifBackend(final OpenClMotifBackend device, final double threshold) {
        super("motif detection", "the windows not yet done", device);
        this.kernel = device.kernel();
        this.threshold = threshold;
        this.nmsRadius = device.nmsRadius();
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
        if (onDevice()) {
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
        if (onDevice()) {
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
    public MotifStreamState newState() {
        return device != null ? device.newState() : cpuPath().newState();
    }

    @Override
    public void loadState(final MotifStreamState state) {
        if (device != null && state.isTail()) {
            device.loadState(state);
            ringOnCpu = false;
        } else {
            cpuPath().loadState(state);
            ringOnCpu = device != null;
        }
        current = state;
    }

    @Override
    public void saveState(final MotifStreamState state, final MotifDetectionSink sink) {
        if (onDevice()) {
            try {
                device.saveState(state, sink);
                return;
            } catch (final CLException e) {
                handOver(e, sink);
            }
        }
        cpu.saveState(state, sink);
    }

    @Override
    public long eventsAccepted() {
        return (device != null ? device.eventsAccepted() : deviceAccepted)
                + (cpu != null ? cpu.eventsAccepted() : 0)
                - replayed;
    }

    @Override
    public long eventsOutOfRange() {
        return (device != null ? device.eventsOutOfRange() : deviceOutOfRange)
                + (cpu != null ? cpu.eventsOutOfRange() : 0);
    }

    @Override
    public long eventsOutOfOrder() {
        return (device != null ? device.eventsOutOfOrder() : deviceOutOfOrder)
                + (cpu != null ? cpu.eventsOutOfOrder() : 0);
    }

    @Override
    public long binsEvaluated() {
        return (device != null ? device.binsEvaluated() : deviceBins)
                + (cpu != null ? cpu.binsEvaluated() : 0);
    }

    @Override
    public long detections() {
        return (device != null ? device.detections() : deviceDetections)
                + (cpu != null ? cpu.detections() : 0);
    }

    /** Whether the stream being detected runs on the device. */
    private boolean onDevice() {
        return device != null && !ringOnCpu;
    }

    /** The CPU path, made when a stream first needs it. */
    private CpuMotifBackend cpuPath() {
        if (cpu == null) {
            cpu = new CpuMotifBackend(kernel, threshold, nmsRadius);
        }
        return cpu;
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
     * The CPU path, going on with the failed stream: from its place before the first window not
     * done (written into the stream's own state when the caller keeps it), then through the new
     * events of the windows not done, whose detections go to the sink of the call that failed.
     */
    @Override
    CpuMotifBackend takeOver(final OpenClMotifBackend failed) {
        final CpuMotifBackend next = cpuPath();
        final MotifStreamState state = current != null ? current : failed.newState();
        final int n = failed.savePendingState(state);
        final int[] addresses = new int[n];
        final long[] bins = new long[n];
        failed.pendingEvents(addresses, bins);
        next.loadState(state);
        next.process(addresses, bins, 0, n, handOverSink);
        replayed = n;
        deviceBins = failed.binsEvaluated();
        deviceDetections = failed.detections();
        deviceAccepted = failed.eventsAccepted();
        deviceOutOfRange = failed.eventsOutOfRange();
        deviceOutOfOrder = failed.eventsOutOfOrder();
        ringOnCpu = false;
        return next;
    }
}

package org.neurostream.operators.compute;

import org.jocl.CLException;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenCL motif backend that turns into the CPU path the first time the device fails. The OpenCL
 * path commits window by window (it sends a window's detections only once its device work is done),
 * so on a failure the CPU detector is primed with the OpenCL path's tail (the events still reaching
 * undecided bins, replayed with detections muted) and goes on from the first event of the failed
 * window: no detection is lost or sent twice, and every later batch runs on the CPU. The switch
 * logs one warning; it never switches back.
 */
public final class FallbackMotifBackend implements MotifBackend {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackMotifBackend.class);

    private final MotifKernel kernel;
    private final double threshold;
    private OpenClMotifBackend device;
    private CpuMotifBackend cpu;
    private String fallbackReason;
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
        this.device = device;
        this.kernel = device.kernel();
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return device != null ? device.name() : cpu.name();
    }

    @Override
    public String device() {
        return device != null ? device.device() : cpu.device();
    }

    @Override
    public MotifKernel kernel() {
        return kernel;
    }

    /** Why the backend switched to the CPU path; null while it runs on the device. */
    public String fallbackReason() {
        return fallbackReason;
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
                switchToCpu(e);
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
                switchToCpu(e);
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

    @Override
    public void close() {
        if (device != null) {
            device.close();
        }
    }

    /** The OpenCL backend while it is in use (tests reach its fault hook through this). */
    OpenClMotifBackend openCl() {
        return device;
    }

    private void switchToCpu(final CLException e) {
        fallbackReason = e.getMessage();
        LOG.warn(
                "opencl motif detection failed on {} ({}); the failed window and all later ones"
                        + " run on the cpu path",
                device.device(),
                e.getMessage());
        cpu = new CpuMotifBackend(kernel, threshold, 0);
        final int n = device.tailCount();
        final int[] addresses = new int[n];
        final long[] bins = new long[n];
        device.tail(addresses, bins);
        cpu.process(addresses, bins, 0, n, null);
        replayed = n;
        replayedBins = cpu.binsEvaluated();
        replayedDetections = cpu.detections();
        deviceBins = device.binsEvaluated();
        deviceDetections = device.detections();
        deviceAccepted = device.eventsAccepted();
        deviceOutOfRange = device.eventsOutOfRange();
        deviceOutOfOrder = device.eventsOutOfOrder();
        device.close();
        device = null;
    }
}

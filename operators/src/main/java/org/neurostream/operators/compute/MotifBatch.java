package org.neurostream.operators.compute;

import java.util.Objects;
import org.jocl.CLException;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Motif detection of many event streams gathered into few device calls: each stream's batch of
 * events is queued with {@link #add} (its place, {@link MotifStreamState}, goes on at once, so the
 * caller can save it), and {@link #flush} decides the bins they closed, of every stream, in one
 * OpenCL launch (or a few, when they span more bins than a launch holds; {@link
 * OpenClMotifBackend#flushQueued}), sending each detection with the tag its batch was queued with.
 * The detections are the CPU detector's, one for one, as on every motif backend.
 *
 * <p>The backend is chosen by {@link MotifBackends#create}: without an OpenCL device (or on {@code
 * cpu}) every batch is detected at once on the CPU path, and so is the batch of a stream whose
 * place is in ring form (the CPU detector's, from a restore). A device that fails at a flush hands
 * the queued batches to the CPU path, which decides them from the places they were queued at: no
 * detection is lost or sent twice; every later batch runs on the CPU path.
 *
 * <p>One instance belongs to one thread. With non-maximum suppression the device accumulates and
 * the host suppresses each stream window's cells ({@link OpenClMotifBackend}); the places stay
 * tails of events.
 */
public final class MotifBatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MotifBatch.class);

    private final MotifBackend selected;
    private final CpuMotifBackend cpu;
    private OpenClMotifBackend device;
    private long redoneAccepted;
    private long deviceAccepted;
    private long deviceOutOfRange;
    private long deviceOutOfOrder;
    private long deviceBins;
    private long deviceDetections;
    private int queued;
    private int windows;

    /**
     * A batch on a backend of {@code kind} detecting V &gt;= threshold with {@code kernel}.
     *
     * @param kernel the kernel and biases
     * @param threshold detection threshold
     * @param kind the requested backend
     */
    public MotifBatch(final MotifKernel kernel, final double threshold, final BackendKind kind) {
        this(kernel, threshold, 0, kind);
    }

    /**
     * As the constructor above, with non-maximum suppression of radius {@code nmsRadius} bins (0:
     * none).
     */
    public MotifBatch(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind) {
        Objects.requireNonNull(kernel, "kernel");
        this.selected = MotifBackends.create(kernel, threshold, nmsRadius, kind);
        this.device = selected instanceof FallbackMotifBackend fallback ? fallback.openCl() : null;
        this.cpu =
                selected instanceof CpuMotifBackend onCpu
                        ? onCpu
                        : new CpuMotifBackend(kernel, threshold, nmsRadius);
    }

    /** {@code opencl} while batches go to the device, else {@code cpu}. */
    public String name() {
        return device != null ? "opencl" : "cpu";
    }

    /** A fresh stream's place, in the form the active path goes on with. */
    public MotifStreamState newState() {
        return device != null ? device.newState() : cpu.newState();
    }

    /**
     * The next {@code count} events of the stream whose place {@code state} holds (event i: address
     * {@code addresses[i]}, bin {@code bins[i]}, bins non-decreasing): queued, their detections
     * sent with {@code tag} by the next {@link #flush}; on the CPU path detected at once, sent to
     * {@code now} instead. Either way {@code state} holds the stream's place after these events
     * when this returns.
     */
    public void add(
            final MotifStreamState state,
            final int[] addresses,
            final long[] bins,
            final int count,
            final int tag,
            final MotifDetectionSink now) {
        if (device == null || !state.isTail()) {
            cpu.loadState(state);
            cpu.process(addresses, bins, count, now);
            cpu.saveState(state, now);
            return;
        }
        final int before = device.queuedWindows();
        device.queue(state, addresses, bins, count, tag);
        windows += device.queuedWindows() - before;
        queued++;
    }

    /** Batches queued since the last flush. */
    public int queued() {
        return queued;
    }

    /** Stream windows (runs of one stream's bins) queued since the last flush. */
    public int windows() {
        return windows;
    }

    /**
     * Decides every queued batch and sends its detections with its tag: batch after batch in the
     * order they were queued, each in order of bin, then motif. Empty afterwards.
     */
    public void flush(final TaggedDetectionSink sink) {
        if (queued == 0) {
            return;
        }
        queued = 0;
        windows = 0;
        try {
            device.flushQueued(sink);
        } catch (final CLException e) {
            LOG.warn(
                    "opencl motif detection failed on {} ({}); the queued batches and all later"
                            + " ones run on the cpu path",
                    device.device(),
                    e.getMessage());
            final long acceptedBefore = cpu.eventsAccepted();
            device.redoQueued(cpu, sink);
            redoneAccepted += cpu.eventsAccepted() - acceptedBefore;
            final OpenClMotifBackend failed = device;
            deviceCounters(failed);
            device = null;
            selected.close();
        }
    }

    private void deviceCounters(final OpenClMotifBackend failed) {
        deviceAccepted = failed.eventsAccepted();
        deviceOutOfRange = failed.eventsOutOfRange();
        deviceOutOfOrder = failed.eventsOutOfOrder();
        deviceBins = failed.binsEvaluated();
        deviceDetections = failed.detections();
    }

    /** The events that entered the accumulation. */
    public long eventsAccepted() {
        return (device != null ? device.eventsAccepted() : deviceAccepted)
                + cpu.eventsAccepted()
                - redoneAccepted;
    }

    /** The events ignored because their address was outside 0..N-1. */
    public long eventsOutOfRange() {
        return (device != null ? device.eventsOutOfRange() : deviceOutOfRange)
                + cpu.eventsOutOfRange();
    }

    /** The events dropped because their bin was earlier than an accepted event's. */
    public long eventsOutOfOrder() {
        return (device != null ? device.eventsOutOfOrder() : deviceOutOfOrder)
                + cpu.eventsOutOfOrder();
    }

    /** The bins decided so far. */
    public long binsEvaluated() {
        return (device != null ? device.binsEvaluated() : deviceBins) + cpu.binsEvaluated();
    }

    /** The detections sent so far. */
    public long detections() {
        return (device != null ? device.detections() : deviceDetections) + cpu.detections();
    }

    /** The OpenCL backend while batches go to it (tests reach its fault hooks through this). */
    OpenClMotifBackend openCl() {
        return device;
    }

    /** Releases the device; queued batches are dropped. */
    @Override
    public void close() {
        selected.close();
        if (selected != cpu) {
            cpu.close();
        }
    }
}

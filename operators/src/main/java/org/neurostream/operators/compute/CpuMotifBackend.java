package org.neurostream.operators.compute;

import java.util.Objects;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * The plain-Java motif path: a {@link MotifDetector} (the streaming ring over the CSR kernel) fed
 * event by event. It also supports non-maximum suppression, which the OpenCL path does not. A
 * stream's place ({@link MotifStreamState}, ring form) is the detector's own while it detects it:
 * {@link #loadState} hands it to the detector, which works on it in place.
 */
public final class CpuMotifBackend implements MotifBackend {
    private final MotifKernel kernel;
    private final MotifDetector detector;
    private MotifDetectionSink sink;

    /**
     * Creates the path.
     *
     * @param kernel the kernel and biases
     * @param threshold detection when V &gt;= threshold
     * @param nmsRadius suppression radius in bins, 0 for none
     */
    public CpuMotifBackend(final MotifKernel kernel, final double threshold, final int nmsRadius) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        // bins are given already binned, so the bin width is irrelevant
        this.detector = new MotifDetector(kernel, 1, threshold, nmsRadius, this::forward);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "java";
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
        process(addresses, bins, 0, count, sink);
    }

    /** Events {@code from} to {@code to - 1} of the arrays; a null sink mutes the detections. */
    void process(
            final int[] addresses,
            final long[] bins,
            final int from,
            final int to,
            final MotifDetectionSink sink) {
        Objects.checkFromToIndex(from, to, Math.min(addresses.length, bins.length));
        this.sink = sink;
        for (int i = from; i < to; i++) {
            detector.onEventInBin(bins[i], addresses[i]);
        }
        this.sink = null;
    }

    @Override
    public void finish(final MotifDetectionSink sink) {
        this.sink = sink;
        detector.finish();
        this.sink = null;
    }

    @Override
    public MotifStreamState newState() {
        return detector.newState();
    }

    /** Detects on {@code state} in place from now on; a tail (the OpenCL path's) becomes a ring. */
    @Override
    public void loadState(final MotifStreamState state) {
        detector.use(state);
    }

    /** Nothing to complete or copy: the detector worked on the loaded state in place. */
    @Override
    public void saveState(final MotifStreamState state, final MotifDetectionSink sink) {
        if (state != detector.state()) {
            throw new IllegalArgumentException(
                    "the cpu path saves only the state it was last given (it works on it in place)");
        }
    }

    @Override
    public long eventsAccepted() {
        return detector.eventsAccepted();
    }

    @Override
    public long eventsOutOfRange() {
        return detector.eventsOutOfRange();
    }

    @Override
    public long eventsOutOfOrder() {
        return detector.eventsOutOfOrder();
    }

    @Override
    public long binsEvaluated() {
        return detector.binsEvaluated();
    }

    @Override
    public long detections() {
        return detector.detections();
    }

    @Override
    public void close() {}

    private void forward(final int motif, final long bin, final double potential) {
        if (sink != null) {
            sink.onDetection(motif, bin, potential);
        }
    }
}

package org.neurostream.operators.compute;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.util.Arrays;
import java.util.Objects;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;

/**
 * The motif accumulation on one OpenCL device (kernels in {@code motif.cl}), threshold only.
 *
 * <p>Work is cut into windows of at most {@value #WINDOW_BINS} bins (and {@value #GROUP_EVENTS}
 * events): a window decides the bins from the open bin up to (not including) the last bin of its
 * events, from those events plus the kept tail (the events of the D - 1 bins before, which still
 * reach them). Per window the host uploads the events (addresses, bins relative to the window), the
 * device accumulates float32 potentials, the host reads back bins x motifs floats and adds the
 * bias. A run of bins that no event reaches is decided on the host (V = b there).
 *
 * <p>Sparse or dense, per window: the sparse kernel scatters each event's CSR row into the bins it
 * reaches (one float atomic add per stored weight); the dense one builds a bins x addresses count
 * raster and convolves it with K (M N D multiply-adds per bin). The window is dense when its
 * occupancy (events per address-bin) times the kernel density (stored weights / M N D) is at least
 * {@value #DENSE_RATIO}, i.e. when the scatter would do at least a quarter of the dense work: an
 * atomic add costs several plain multiply-adds. Kernels larger than 2^24 weights, or rasters larger
 * than 2^24 cells (very many addresses), always scatter.
 *
 * <p>Identical detections: the device adds in another order than the CPU ring (atomics, or the
 * dense sum), so its float potential may differ from the CPU detector's by rounding. For every
 * window the host bounds that difference by 4 (n + 2) 2^-24 (max |b| + n max |K|), n being the most
 * events within any D consecutive bins (twice the standard float summation bound, for the two
 * sums). A potential farther than that from the threshold decides as the CPU does; one within it is
 * recomputed on the host exactly as the CPU ring computes it (float, the same additions in event
 * order, then the bias), and that value decides and is reported. So the set of (motif, bin) is the
 * CPU detector's, and reported potentials are within the bound of it (far below 1e-4 for usual
 * kernels).
 *
 * <p>Memory: the context and the built program are shared per device ({@link OpenClPrograms}); this
 * instance owns one queue, its kernels, the CSR and dense kernel tables and work buffers: the event
 * buffers grow when a window holds more events than any before (the tail of a busy stream), others
 * are sized once. Any OpenCL failure surfaces as {@link CLException}; the state then is that of the
 * last completed window, whose index in the batch {@link #consumed()} tells.
 */
public final class OpenClMotifBackend implements MotifBackend {
    /** Largest number of bins one window decides. */
    static final int WINDOW_BINS = 2048;

    /** Largest number of new events one window takes. */
    static final int GROUP_EVENTS = 1 << 16;

    /** Dense when occupancy x kernel density reaches this. */
    static final double DENSE_RATIO = 0.25;

    private static final long DENSE_KERNEL_LIMIT = 1L << 24;
    private static final String SOURCE = "motif.cl";
    private static final double FLOAT_EPS = 0x1p-24;

    /** How windows are accumulated (tests force each path). */
    enum Mode {
        AUTO,
        SPARSE,
        DENSE
    }

    private final MotifKernel kernel;
    private final OpenClDevice device;
    private final double threshold;
    private final Mode mode;
    private final int motifs;
    private final int addresses;
    private final int delays;
    private final float[] bias;
    private final double maxAbsBias;
    private final double maxAbsWeight;
    private final boolean denseAllowed;

    private final OpenClPrograms.Built built;
    private final cl_command_queue queue;
    private final cl_kernel clear;
    private final cl_kernel clearInt;
    private final cl_kernel scatter;
    private final cl_kernel raster;
    private final cl_kernel dense;
    private final cl_mem rowStartMem;
    private final cl_mem delayMem;
    private final cl_mem motifMem;
    private final cl_mem weightMem;
    private final cl_mem denseMem;
    private final cl_mem accMem;
    private final cl_mem countsMem;
    private cl_mem eventAddressMem;
    private cl_mem eventBinMem;
    private int eventCapacity;

    /** Host staging: the window's events (tail then new), absolute and relative bins. */
    private int[] evAddress = new int[GROUP_EVENTS];

    private long[] evBin = new long[GROUP_EVENTS];
    private int[] evRel = new int[GROUP_EVENTS];
    private int tailCount;
    private final float[] acc;

    private final int[] intArg = new int[1];
    private final Pointer intArgPointer = Pointer.to(intArg);
    private final long[] global1 = new long[1];
    private final long[] global2 = new long[2];
    private final long[] local1 = new long[1];
    private boolean faultNext;

    private boolean started;
    private long openBin;
    private int consumed;
    private long eventsAccepted;
    private long eventsOutOfRange;
    private long eventsOutOfOrder;
    private long binsEvaluated;
    private long detections;
    private long denseWindows;
    private long sparseWindows;
    private boolean closed;

    /**
     * Builds (or reuses) the program on {@code device} and allocates this backend's queue, kernels
     * and tables.
     *
     * @param kernel the kernel and biases
     * @param threshold detection when V &gt;= threshold
     * @throws CLException when the program does not build or the device refuses a resource
     * @throws IllegalArgumentException when the threshold is NaN
     */
    public OpenClMotifBackend(
            final MotifKernel kernel, final double threshold, final OpenClDevice device) {
        this(kernel, threshold, device, OpenClPrograms.source(SOURCE), Mode.AUTO);
    }

    /** As the public constructor, with the source and the accumulation mode given (tests). */
    OpenClMotifBackend(
            final MotifKernel kernel,
            final double threshold,
            final OpenClDevice device,
            final String source,
            final Mode mode) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.device = Objects.requireNonNull(device, "device");
        this.threshold = threshold;
        this.mode = mode;
        this.motifs = kernel.motifs();
        this.addresses = kernel.addresses();
        this.delays = kernel.delays();
        this.bias = kernel.biases();
        double mb = 0;
        for (final float b : bias) {
            mb = Math.max(mb, Math.abs(b));
        }
        this.maxAbsBias = mb;
        final int nnz = kernel.nonZeroCount();
        final int[] rowStart = new int[addresses + 1];
        final int[] delayOf = new int[Math.max(1, nnz)];
        final int[] motifOf = new int[Math.max(1, nnz)];
        final float[] weight = new float[Math.max(1, nnz)];
        double mw = 0;
        for (int a = 0; a <= addresses; a++) {
            rowStart[a] = kernel.rowStart(a);
        }
        for (int k = 0; k < nnz; k++) {
            delayOf[k] = kernel.delay(k);
            motifOf[k] = kernel.motif(k);
            weight[k] = kernel.weight(k);
            mw = Math.max(mw, Math.abs(weight[k]));
        }
        this.maxAbsWeight = mw;
        final long denseSize = (long) motifs * addresses * delays;
        this.denseAllowed =
                denseSize <= DENSE_KERNEL_LIMIT
                        && (long) (WINDOW_BINS + 2 * delays) * addresses <= DENSE_KERNEL_LIMIT;
        final int accSize = (WINDOW_BINS + delays) * motifs;
        this.acc = new float[accSize];

        this.built = OpenClPrograms.built(device, source);
        final cl_kernel[] kernels = new cl_kernel[5];
        final cl_mem[] mems = new cl_mem[7];
        cl_command_queue q = null;
        try {
            q = clCreateCommandQueue(built.context, device.deviceId, 0, null);
            kernels[0] = clCreateKernel(built.program, "motif_clear", null);
            kernels[1] = clCreateKernel(built.program, "motif_clear_int", null);
            kernels[2] = clCreateKernel(built.program, "motif_scatter", null);
            kernels[3] = clCreateKernel(built.program, "motif_raster", null);
            kernels[4] = clCreateKernel(built.program, "motif_dense", null);
            mems[0] = constant(Pointer.to(rowStart), (long) rowStart.length * Sizeof.cl_int);
            mems[1] = constant(Pointer.to(delayOf), (long) delayOf.length * Sizeof.cl_int);
            mems[2] = constant(Pointer.to(motifOf), (long) motifOf.length * Sizeof.cl_int);
            mems[3] = constant(Pointer.to(weight), (long) weight.length * Sizeof.cl_float);
            mems[4] =
                    denseAllowed
                            ? constant(Pointer.to(kernel.toDense()), denseSize * Sizeof.cl_float)
                            : constant(Pointer.to(new float[1]), Sizeof.cl_float);
            mems[5] = work((long) accSize * Sizeof.cl_float);
            mems[6] =
                    work(
                            (denseAllowed ? (long) (WINDOW_BINS + 2 * delays) * addresses : 1)
                                    * Sizeof.cl_int);
        } catch (final CLException | OutOfMemoryError e) {
            release(q, kernels, mems);
            throw e;
        }
        this.queue = q;
        this.clear = kernels[0];
        this.clearInt = kernels[1];
        this.scatter = kernels[2];
        this.raster = kernels[3];
        this.dense = kernels[4];
        this.rowStartMem = mems[0];
        this.delayMem = mems[1];
        this.motifMem = mems[2];
        this.weightMem = mems[3];
        this.denseMem = mems[4];
        this.accMem = mems[5];
        this.countsMem = mems[6];
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return device.name();
    }

    @Override
    public MotifKernel kernel() {
        return kernel;
    }

    /** The kernels of the program, for logs. */
    String kernelNames() {
        return "motif_scatter (sparse), motif_raster + motif_dense (dense)";
    }

    @Override
    public void process(
            final int[] addresses,
            final long[] bins,
            final int count,
            final MotifDetectionSink sink) {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        Objects.checkFromToIndex(0, count, Math.min(addresses.length, bins.length));
        consumed = 0;
        int i = 0;
        while (i < count) {
            // the window's new events go after the tail; counters wait until the window is done
            int n = tailCount;
            long outOfRange = 0;
            long outOfOrder = 0;
            long last = started ? openBin : Long.MIN_VALUE;
            long first = Long.MIN_VALUE;
            int firstIndex = -1;
            long outOfRangeBeforeFirst = 0;
            long outOfOrderBeforeFirst = 0;
            int j = i;
            while (j < count && n - tailCount < GROUP_EVENTS) {
                final int a = addresses[j];
                final long b = bins[j];
                if (a < 0 || a >= this.addresses) {
                    outOfRange++;
                } else if (b < last) {
                    outOfOrder++;
                } else {
                    if (n == tailCount) {
                        first = b;
                        firstIndex = j;
                        outOfRangeBeforeFirst = outOfRange;
                        outOfOrderBeforeFirst = outOfOrder;
                    } else if (b - first >= WINDOW_BINS) {
                        break;
                    }
                    ensureHostCapacity(n + 1);
                    evAddress[n] = a;
                    evBin[n] = b;
                    n++;
                    last = b;
                }
                j++;
            }
            final int fresh = n - tailCount;
            if (fresh > 0) {
                if (started && first >= openBin + delays) {
                    closeGap(n, first, sink);
                    // committed: a later failure in this window restarts at its first event
                    n = fresh;
                    consumed = firstIndex;
                    eventsOutOfRange += outOfRangeBeforeFirst;
                    eventsOutOfOrder += outOfOrderBeforeFirst;
                    outOfRange -= outOfRangeBeforeFirst;
                    outOfOrder -= outOfOrderBeforeFirst;
                }
                if (!started) {
                    started = true;
                    openBin = first;
                }
                window(n, last, sink);
            }
            eventsAccepted += fresh;
            eventsOutOfRange += outOfRange;
            eventsOutOfOrder += outOfOrder;
            consumed = j;
            i = j;
        }
    }

    @Override
    public void finish(final MotifDetectionSink sink) {
        if (!started) {
            return;
        }
        decide(openBin, delays, tailCount, sink);
        started = false;
        tailCount = 0;
    }

    /**
     * Decides the D bins the tail reaches and the bins after them up to {@code first} (V = b
     * there), then moves the new events tail..n - 1 to the front and empties the tail.
     */
    private void closeGap(final int n, final long first, final MotifDetectionSink sink) {
        decide(openBin, delays, tailCount, sink);
        binsEvaluated += first - openBin - delays;
        for (long t = openBin + delays; t < first; t++) {
            for (int m = 0; m < motifs; m++) {
                if (bias[m] >= threshold) {
                    detections++;
                    sink.onDetection(m, t, bias[m]);
                }
            }
        }
        System.arraycopy(evAddress, tailCount, evAddress, 0, n - tailCount);
        System.arraycopy(evBin, tailCount, evBin, 0, n - tailCount);
        tailCount = 0;
        openBin = first;
    }

    /** Decides the bins from the open bin up to {@code last} from events 0..n - 1. */
    private void window(final int n, final long last, final MotifDetectionSink sink) {
        final int bins = (int) (last - openBin);
        if (bins > 0) {
            decide(openBin, bins, n, sink);
        }
        // keep the events that still reach bins >= last
        int keepFrom = 0;
        while (keepFrom < n && evBin[keepFrom] <= last - delays) {
            keepFrom++;
        }
        System.arraycopy(evAddress, keepFrom, evAddress, 0, n - keepFrom);
        System.arraycopy(evBin, keepFrom, evBin, 0, n - keepFrom);
        tailCount = n - keepFrom;
        openBin = last;
    }

    /** Accumulates bins [base, base + bins) from events 0..n - 1 and sends their detections. */
    private void decide(
            final long base, final int bins, final int n, final MotifDetectionSink sink) {
        if (n == 0) {
            binsEvaluated += bins;
            for (int t = 0; t < bins; t++) {
                for (int m = 0; m < motifs; m++) {
                    if (bias[m] >= threshold) {
                        detections++;
                        sink.onDetection(m, base + t, bias[m]);
                    }
                }
            }
            return;
        }
        for (int e = 0; e < n; e++) {
            evRel[e] = (int) (evBin[e] - base);
        }
        final boolean useDense =
                mode == Mode.DENSE
                        || (mode == Mode.AUTO
                                && denseAllowed
                                && (double) n / ((double) bins * addresses) * kernel.density()
                                        >= DENSE_RATIO);
        accumulate(n, bins, useDense && denseAllowed);
        clEnqueueReadBuffer(
                queue,
                accMem,
                CL_TRUE,
                0,
                (long) bins * motifs * Sizeof.cl_float,
                Pointer.to(acc),
                0,
                null,
                null);
        // counted once the device work is done: a failed window is counted by the cpu path
        binsEvaluated += bins;
        final double margin = margin(n);
        for (int t = 0; t < bins; t++) {
            final int row = t * motifs;
            for (int m = 0; m < motifs; m++) {
                final float v = bias[m] + acc[row + m];
                if (v >= threshold + margin) {
                    detections++;
                    sink.onDetection(m, base + t, v);
                } else if (v >= threshold - margin) {
                    final float exact = exactPotential(m, base + t, n);
                    if (exact >= threshold) {
                        detections++;
                        sink.onDetection(m, base + t, exact);
                    }
                }
            }
        }
    }

    private void accumulate(final int n, final int bins, final boolean useDense) {
        ensureDeviceCapacity(n);
        clEnqueueWriteBuffer(
                queue,
                eventAddressMem,
                CL_TRUE,
                0,
                (long) n * Sizeof.cl_int,
                Pointer.to(evAddress),
                0,
                null,
                null);
        clEnqueueWriteBuffer(
                queue,
                eventBinMem,
                CL_TRUE,
                0,
                (long) n * Sizeof.cl_int,
                Pointer.to(evRel),
                0,
                null,
                null);
        final int accCount = bins * motifs;
        if (useDense) {
            denseWindows++;
            final int countCells = (bins + delays - 1) * addresses;
            setInt(clearInt, 0, countsMem);
            setIntArg(clearInt, 1, countCells);
            launch1(clearInt, countCells);
            setInt(raster, 0, eventAddressMem);
            setInt(raster, 1, eventBinMem);
            setIntArg(raster, 2, n);
            setInt(raster, 3, countsMem);
            setIntArg(raster, 4, addresses);
            setIntArg(raster, 5, delays);
            setIntArg(raster, 6, bins);
            launch1(raster, n);
            setInt(dense, 0, countsMem);
            setInt(dense, 1, denseMem);
            setInt(dense, 2, accMem);
            setIntArg(dense, 3, motifs);
            setIntArg(dense, 4, addresses);
            setIntArg(dense, 5, delays);
            setIntArg(dense, 6, bins);
            global2[0] = motifs;
            global2[1] = bins;
            clEnqueueNDRangeKernel(queue, dense, 2, null, global2, null, 0, null, null);
            return;
        }
        sparseWindows++;
        setInt(clear, 0, accMem);
        setIntArg(clear, 1, accCount);
        launch1(clear, accCount);
        setInt(scatter, 0, eventAddressMem);
        setInt(scatter, 1, eventBinMem);
        setIntArg(scatter, 2, n);
        setInt(scatter, 3, rowStartMem);
        setInt(scatter, 4, delayMem);
        setInt(scatter, 5, motifMem);
        setInt(scatter, 6, weightMem);
        setInt(scatter, 7, accMem);
        setIntArg(scatter, 8, motifs);
        setIntArg(scatter, 9, bins);
        launch1(scatter, n);
    }

    /** The bound on |device potential - CPU potential| for events 0..n - 1 (see class doc). */
    private double margin(final int n) {
        int most = 0;
        int lo = 0;
        for (int hi = 0; hi < n; hi++) {
            while (evBin[hi] - evBin[lo] >= delays) {
                lo++;
            }
            most = Math.max(most, hi - lo + 1);
        }
        return 4.0 * (most + 2) * FLOAT_EPS * (maxAbsBias + most * maxAbsWeight);
    }

    /** V[m, t] exactly as the CPU ring computes it: float adds in event order, then the bias. */
    private float exactPotential(final int m, final long t, final int n) {
        float sum = 0f;
        for (int e = 0; e < n; e++) {
            final long d = t - evBin[e];
            if (d < 0) {
                break;
            }
            if (d >= delays) {
                continue;
            }
            final int a = evAddress[e];
            int lo = kernel.delayStart(a, (int) d);
            int hi = kernel.delayStart(a, (int) d + 1) - 1;
            while (lo <= hi) {
                final int mid = (lo + hi) >>> 1;
                final int mm = kernel.motif(mid);
                if (mm < m) {
                    lo = mid + 1;
                } else if (mm > m) {
                    hi = mid - 1;
                } else {
                    sum += kernel.weight(mid);
                    break;
                }
            }
        }
        return bias[m] + sum;
    }

    /** Index in the current batch up to which events are done (for the fallback). */
    int consumed() {
        return consumed;
    }

    /** The events still reaching undecided bins, in stream order (for the fallback's replay). */
    int tail(final int[] addressesOut, final long[] binsOut) {
        System.arraycopy(evAddress, 0, addressesOut, 0, tailCount);
        System.arraycopy(evBin, 0, binsOut, 0, tailCount);
        return tailCount;
    }

    /** The number of tail events. */
    int tailCount() {
        return tailCount;
    }

    /** Windows run dense and sparse so far, for tests and logs. */
    long denseWindows() {
        return denseWindows;
    }

    long sparseWindows() {
        return sparseWindows;
    }

    /** Makes the next launch fail on the device (an oversized work-group), for tests. */
    void simulateDeviceFault() {
        faultNext = true;
    }

    @Override
    public long eventsAccepted() {
        return eventsAccepted;
    }

    @Override
    public long eventsOutOfRange() {
        return eventsOutOfRange;
    }

    @Override
    public long eventsOutOfOrder() {
        return eventsOutOfOrder;
    }

    @Override
    public long binsEvaluated() {
        return binsEvaluated;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release(
                queue,
                new cl_kernel[] {clear, clearInt, scatter, raster, dense},
                new cl_mem[] {
                    rowStartMem,
                    delayMem,
                    motifMem,
                    weightMem,
                    denseMem,
                    accMem,
                    countsMem,
                    eventAddressMem,
                    eventBinMem
                });
    }

    private void launch1(final cl_kernel k, final int n) {
        if (faultNext) {
            faultNext = false;
            local1[0] = Math.max(1, device.maxWorkGroupSize()) * 2;
            global1[0] = local1[0];
            clEnqueueNDRangeKernel(queue, k, 1, null, global1, local1, 0, null, null);
        }
        global1[0] = Math.max(1, n);
        clEnqueueNDRangeKernel(queue, k, 1, null, global1, null, 0, null, null);
    }

    private void setInt(final cl_kernel k, final int index, final cl_mem mem) {
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(mem));
    }

    private void setIntArg(final cl_kernel k, final int index, final int value) {
        intArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_int, intArgPointer);
    }

    private void ensureHostCapacity(final int n) {
        if (n > evAddress.length) {
            final int size = Math.max(n, evAddress.length * 2);
            evAddress = Arrays.copyOf(evAddress, size);
            evBin = Arrays.copyOf(evBin, size);
            evRel = new int[size];
        }
    }

    private void ensureDeviceCapacity(final int n) {
        if (n <= eventCapacity) {
            return;
        }
        final int size = Math.max(n, Math.max(GROUP_EVENTS, eventCapacity * 2));
        if (eventAddressMem != null) {
            clReleaseMemObject(eventAddressMem);
            clReleaseMemObject(eventBinMem);
            eventAddressMem = null;
            eventBinMem = null;
            eventCapacity = 0;
        }
        eventAddressMem = work((long) size * Sizeof.cl_int);
        eventBinMem = work((long) size * Sizeof.cl_int);
        eventCapacity = size;
    }

    private cl_mem constant(final Pointer data, final long bytes) {
        return clCreateBuffer(
                built.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, data, null);
    }

    private cl_mem work(final long bytes) {
        return clCreateBuffer(built.context, CL_MEM_READ_WRITE, bytes, null, null);
    }

    private static void release(
            final cl_command_queue q, final cl_kernel[] kernels, final cl_mem[] mems) {
        for (final cl_mem mem : mems) {
            if (mem != null) {
                clReleaseMemObject(mem);
            }
        }
        for (final cl_kernel k : kernels) {
            if (k != null) {
                clReleaseKernel(k);
            }
        }
        if (q != null) {
            clReleaseCommandQueue(q);
        }
    }
}

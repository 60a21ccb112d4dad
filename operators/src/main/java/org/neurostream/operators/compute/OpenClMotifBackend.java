package org.neurostream.operators.compute;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
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
import org.neurostream.operators.motif.MotifStreamState;

/**
 * The motif accumulation on one OpenCL device (kernels in {@code motif.cl}), threshold only.
 *
 * <p>Work is cut into windows of at most {@value #WINDOW_BINS} bins (and {@value #GROUP_EVENTS}
 * events): a window decides the bins from the open bin up to (not including) the last bin of its
 * events, from those events plus the kept tail (the events of the D - 1 bins before, which still
 * reach them). Per window the host uploads the events (addresses and absolute bins), the device
 * accumulates float32 potentials and lists the cells whose potential (with the bias) comes within
 * twice the rounding bound below of the threshold; the host reads back only that list (detections
 * are rare), sorts it into the CPU's order (bin, then motif) and decides each cell. When a window
 * has more such cells than the list holds ({@value #CANDIDATES}), the host reads back the whole
 * window of bins x motifs potentials instead. A run of bins that no event reaches is decided on the
 * host (V = b there: only the motifs whose bias reaches the threshold detect).
 *
 * <p>Sparse or dense, per window. Sparse: one work-group per {@value #TILE} bins (and chunk of
 * motifs that fits its local memory) adds the CSR entries of the events that reach its bins into
 * potentials held in local memory; the group's work-items split each event's entries, which never
 * share a cell, so the local atomic adds rarely retry and no global atomics are needed. Dense: a
 * bins x addresses count raster convolved with K (M N D multiply-adds per bin). The window is dense
 * when its occupancy (events per address-bin) times the kernel density (stored weights / M N D) is
 * at least {@value #DENSE_RATIO}. Kernels larger than 2^24 weights, or rasters larger than 2^24
 * cells (very many addresses), always go sparse.
 *
 * <p>Identical detections: the device adds in another order than the CPU ring (atomics, or the
 * dense sum), so its float potential may differ from the CPU detector's by rounding. For a cell of
 * bin t the host bounds that difference by 4 (n + 2) 2^-24 (max |b| + n max |K|), n being the
 * events in the D bins that reach t (twice the standard float summation bound, for the two sums). A
 * potential farther than that from the threshold decides as the CPU does; one within it is
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
    static final int WINDOW_BINS = 4096;

    /** Largest number of new events one window takes. */
    static final int GROUP_EVENTS = 1 << 16;

    /** Cells near or above the threshold one window lists before the host reads all of it. */
    static final int CANDIDATES = 1 << 16;

    /** Bins per work-group of the sparse kernel (TILE in motif.cl). */
    static final int TILE = 32;

    /** The part of the candidate list read with its count, ints: up to 1024 candidates. */
    private static final int LIST_PREFIX = 1 + 3 * 1024;

    /** Work-items per work-group of the sparse kernel, at most. */
    private static final int TILE_GROUP = 1024;

    /** Work-items that split one event's entries in the sparse kernel (a GPU's warp). */
    private static final int TILE_LANES = 32;

    /** Local memory the sparse kernel's work-group uses at most (more would cost occupancy). */
    private static final long TILE_LOCAL_BYTES = 32 * 1024;

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
    private final int[] alwaysOn;
    private final int candidateCapacity;
    private final double maxAbsBias;
    private final double maxAbsWeight;
    private final boolean denseAllowed;
    private final int tileChunk;
    private final int tileGroup;
    private final int tileLanes;

    private final OpenClPrograms.Built built;
    private final cl_command_queue queue;
    private final cl_kernel tile;
    private final cl_kernel clearInt;
    private final cl_kernel raster;
    private final cl_kernel dense;
    private final cl_kernel candidates;
    private final cl_kernel binStarts;
    private final cl_mem delayStartMem;
    private final cl_mem delayMem;
    private final cl_mem motifMem;
    private final cl_mem weightMem;
    private final cl_mem denseMem;
    private final cl_mem biasMem;
    private final cl_mem accMem;
    private final cl_mem countsMem;
    private final cl_mem listMem;
    private final cl_mem binStartMem;
    private cl_mem eventAddressMem;
    private cl_mem eventBinMem;
    private int eventCapacity;

    /**
     * Pinned (page-locked) host copies of the window's events, mapped once, so that their upload is
     * a DMA that does not wait (see upload).
     */
    private cl_mem stageAddressMem;

    private cl_mem stageBinMem;
    private ByteBuffer stageAddressBytes;
    private ByteBuffer stageBinBytes;
    private IntBuffer stageAddress;
    private LongBuffer stageBin;

    /** Host staging: the window's events (tail then new), addresses and absolute bins. */
    private int[] evAddress = new int[GROUP_EVENTS];

    private long[] evBin = new long[GROUP_EVENTS];
    private int tailCount;
    private final float[] acc;

    /** The candidate list as read back: count, then (cell, acc bits, reach) triples. */
    private final int[] list;

    private final long[] candidateOrder;

    private final int[] intArg = new int[1];
    private final Pointer intArgPointer = Pointer.to(intArg);
    private final long[] longArg = new long[1];
    private final Pointer longArgPointer = Pointer.to(longArg);
    private final float[] floatArg = new float[1];
    private final Pointer floatArgPointer = Pointer.to(floatArg);
    private final long[] global1 = new long[1];
    private final long[] global2 = new long[2];
    private final long[] local1 = new long[1];
    private final long[] local2 = new long[2];
    private final float deviceThreshold;
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
        this(kernel, threshold, device, OpenClPrograms.source(SOURCE), Mode.AUTO, CANDIDATES);
    }

    /**
     * As the public constructor, with the source, the accumulation mode and the capacity of the
     * candidate list given (tests).
     */
    OpenClMotifBackend(
            final MotifKernel kernel,
            final double threshold,
            final OpenClDevice device,
            final String source,
            final Mode mode,
            final int candidateCapacity) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (candidateCapacity < 1) {
            throw new IllegalArgumentException(
                    "candidate capacity must be >= 1; got " + candidateCapacity);
        }
        this.candidateCapacity = candidateCapacity;
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
        this.alwaysOn = alwaysOn(bias, threshold);
        final int nnz = kernel.nonZeroCount();
        final int[] delayStart = new int[addresses * (delays + 1)];
        final int[] delayOf = new int[Math.max(1, nnz)];
        final int[] motifOf = new int[Math.max(1, nnz)];
        final float[] weight = new float[Math.max(1, nnz)];
        for (int a = 0; a < addresses; a++) {
            for (int d = 0; d <= delays; d++) {
                delayStart[a * (delays + 1) + d] = kernel.delayStart(a, d);
            }
        }
        double mw = 0;
        for (int k = 0; k < nnz; k++) {
            delayOf[k] = kernel.delay(k);
            motifOf[k] = kernel.motif(k);
            weight[k] = kernel.weight(k);
            mw = Math.max(mw, Math.abs(weight[k]));
        }
        this.maxAbsWeight = mw;
        float t = (float) threshold;
        if (t > threshold) {
            t = Math.nextDown(t); // the device lists a superset of the cells the host tests
        }
        this.deviceThreshold = t;
        final long denseSize = (long) motifs * addresses * delays;
        this.denseAllowed =
                denseSize <= DENSE_KERNEL_LIMIT
                        && (long) (WINDOW_BINS + 2 * delays) * addresses <= DENSE_KERNEL_LIMIT;
        final long localFloats =
                (Math.min(device.localMemBytes(), TILE_LOCAL_BYTES) - TILE * Sizeof.cl_int) / 4;
        this.tileChunk = (int) Math.max(1, Math.min(motifs, localFloats / TILE));
        final int group = (int) Math.max(1, Math.min(TILE_GROUP, device.maxWorkGroupSize()));
        this.tileLanes = Math.min(TILE_LANES, group);
        this.tileGroup = group / tileLanes * tileLanes;
        // a window decides up to WINDOW_BINS bins after its first new event, and the D - 1 before
        final int accSize = (WINDOW_BINS + delays) * motifs;
        this.acc = new float[accSize];
        this.list = new int[1 + 3 * candidateCapacity];
        this.candidateOrder = new long[candidateCapacity];

        this.built = OpenClPrograms.built(device, source);
        final cl_kernel[] kernels = new cl_kernel[6];
        final cl_mem[] mems = new cl_mem[10];
        cl_command_queue q = null;
        try {
            q = clCreateCommandQueue(built.context, device.deviceId, 0, null);
            kernels[0] = clCreateKernel(built.program, "motif_tile", null);
            kernels[1] = clCreateKernel(built.program, "motif_clear_int", null);
            kernels[2] = clCreateKernel(built.program, "motif_raster", null);
            kernels[3] = clCreateKernel(built.program, "motif_dense", null);
            kernels[4] = clCreateKernel(built.program, "motif_candidates", null);
            kernels[5] = clCreateKernel(built.program, "motif_bin_starts", null);
            mems[0] =
                    constant(
                            Pointer.to(delayStart),
                            (long) Math.max(1, delayStart.length) * Sizeof.cl_int);
            mems[1] = constant(Pointer.to(delayOf), (long) delayOf.length * Sizeof.cl_int);
            mems[2] = constant(Pointer.to(motifOf), (long) motifOf.length * Sizeof.cl_int);
            mems[3] = constant(Pointer.to(weight), (long) weight.length * Sizeof.cl_float);
            mems[4] =
                    denseAllowed
                            ? constant(Pointer.to(kernel.toDense()), denseSize * Sizeof.cl_float)
                            : constant(Pointer.to(new float[1]), Sizeof.cl_float);
            mems[5] = constant(Pointer.to(bias), (long) motifs * Sizeof.cl_float);
            mems[6] = work((long) accSize * Sizeof.cl_float);
            mems[7] =
                    work(
                            (denseAllowed ? (long) (WINDOW_BINS + 2 * delays) * addresses : 1)
                                    * Sizeof.cl_int);
            mems[8] = work((long) list.length * Sizeof.cl_int);
            mems[9] = work((long) (WINDOW_BINS + 2 * delays) * Sizeof.cl_int);
        } catch (final CLException | OutOfMemoryError e) {
            release(q, kernels, mems);
            throw e;
        }
        this.queue = q;
        this.tile = kernels[0];
        this.clearInt = kernels[1];
        this.raster = kernels[2];
        this.dense = kernels[3];
        this.candidates = kernels[4];
        this.binStarts = kernels[5];
        this.delayStartMem = mems[0];
        this.delayMem = mems[1];
        this.motifMem = mems[2];
        this.weightMem = mems[3];
        this.denseMem = mems[4];
        this.biasMem = mems[5];
        this.accMem = mems[6];
        this.countsMem = mems[7];
        this.listMem = mems[8];
        this.binStartMem = mems[9];
        try {
            setConstantArgs();
        } catch (final CLException e) {
            close();
            throw e;
        }
    }

    /** The motifs whose bias alone reaches the threshold: they detect in bins no event reaches. */
    private static int[] alwaysOn(final float[] bias, final double threshold) {
        int n = 0;
        final int[] on = new int[bias.length];
        for (int m = 0; m < bias.length; m++) {
            if (bias[m] >= threshold) {
                on[n++] = m;
            }
        }
        return Arrays.copyOf(on, n);
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
        return "motif_tile (sparse), motif_raster + motif_dense + motif_candidates (dense)";
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
            ensureHostCapacity(tailCount + GROUP_EVENTS);
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
        biasOnly(openBin + delays, first - openBin - delays, sink);
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
        // keep the events that still reach bins >= last: those after the last one in a bin <= last
        // -
        // D (bins ascend)
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (evBin[mid] <= last - delays) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        final int keepFrom = lo;
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
            biasOnly(base, bins, sink);
            return;
        }
        final boolean useDense =
                mode == Mode.DENSE
                        || (mode == Mode.AUTO
                                && denseAllowed
                                && (double) n / ((double) bins * addresses) * kernel.density()
                                        >= DENSE_RATIO);
        upload(n);
        setIntArg(binStarts, 1, n);
        setLongArg(binStarts, 2, base);
        setIntArg(binStarts, 4, bins);
        launch1(binStarts, n + 1);
        if (useDense && denseAllowed) {
            accumulateDense(base, n, bins);
        } else {
            accumulateTiles(base, n, bins);
        }
        final int found = readList();
        // counted once the device work is done: a failed window is counted by the cpu path
        binsEvaluated += bins;
        if (found <= candidateCapacity) {
            // the CPU's order: by cell (bin, then motif); each key keeps its place in the list
            for (int k = 0; k < found; k++) {
                candidateOrder[k] = (long) list[1 + 3 * k] << 32 | k;
            }
            Arrays.sort(candidateOrder, 0, found);
            for (int k = 0; k < found; k++) {
                final int at = 1 + 3 * (int) candidateOrder[k];
                final int cell = list[at];
                judge(
                        cell % motifs,
                        base + cell / motifs,
                        Float.intBitsToFloat(list[at + 1]),
                        list[at + 2],
                        n,
                        sink);
            }
            return;
        }
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
        int lo = 0;
        int hi = 0;
        for (int t = 0; t < bins; t++) {
            final long bin = base + t;
            while (hi < n && evBin[hi] <= bin) {
                hi++;
            }
            while (lo < hi && evBin[lo] <= bin - delays) {
                lo++;
            }
            final int row = t * motifs;
            for (int m = 0; m < motifs; m++) {
                judge(m, bin, acc[row + m], hi - lo, n, sink);
            }
        }
    }

    /**
     * Decides V[m, bin] = bias + {@code a}, the device's sum of the {@code reach} events (of 0..n -
     * 1) that reach the bin: clear of the threshold by more than the rounding margin it decides as
     * computed, within it the CPU's exact sum decides.
     */
    private void judge(
            final int m,
            final long bin,
            final float a,
            final int reach,
            final int n,
            final MotifDetectionSink sink) {
        final float v = bias[m] + a;
        final double margin = margin(reach);
        if (v >= threshold + margin) {
            detections++;
            sink.onDetection(m, bin, v);
        } else if (v >= threshold - margin) {
            final int hi = lowerBound(bin + 1, n);
            final float exact = exactPotential(m, bin, hi - reach, hi);
            if (exact >= threshold) {
                detections++;
                sink.onDetection(m, bin, exact);
            }
        }
    }

    /** The detections of {@code bins} bins from {@code base} that no event reaches (V = b). */
    private void biasOnly(final long base, final long bins, final MotifDetectionSink sink) {
        if (alwaysOn.length == 0) {
            return;
        }
        for (long t = 0; t < bins; t++) {
            for (final int m : alwaysOn) {
                detections++;
                sink.onDetection(m, base + t, bias[m]);
            }
        }
    }

    /** The first of events 0..n - 1 whose bin is &gt;= {@code bin} (their bins ascend). */
    private int lowerBound(final long bin, final int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (evBin[mid] < bin) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Reads back the candidate list: its count and, in the same read, the first candidates; the
     * rest only when there are more. Returns the count (above the capacity: the list was not kept).
     */
    private int readList() {
        final int prefix = Math.min(LIST_PREFIX, list.length);
        clEnqueueReadBuffer(
                queue,
                listMem,
                CL_TRUE,
                0,
                (long) prefix * Sizeof.cl_int,
                Pointer.to(list),
                0,
                null,
                null);
        final int found = list[0];
        final int used = 1 + 3 * found;
        if (found <= candidateCapacity && used > prefix) {
            clEnqueueReadBuffer(
                    queue,
                    listMem,
                    CL_TRUE,
                    (long) prefix * Sizeof.cl_int,
                    (long) (used - prefix) * Sizeof.cl_int,
                    Pointer.to(list).withByteOffset((long) prefix * Sizeof.cl_int),
                    0,
                    null,
                    null);
        }
        return found;
    }

    /**
     * Copies the events into direct buffers and enqueues their upload without waiting: the queue
     * runs in order, and the staging buffers are not touched again before the window's list is read
     * (a blocking read after the kernels), so one wait per window is all the host pays.
     */
    private void upload(final int n) {
        ensureDeviceCapacity(n);
        stageAddress.put(0, evAddress, 0, n);
        stageBin.put(0, evBin, 0, n);
        clEnqueueWriteBuffer(
                queue,
                eventAddressMem,
                CL_FALSE,
                0,
                (long) n * Sizeof.cl_int,
                Pointer.to(stageAddressBytes),
                0,
                null,
                null);
        clEnqueueWriteBuffer(
                queue,
                eventBinMem,
                CL_FALSE,
                0,
                (long) n * Sizeof.cl_long,
                Pointer.to(stageBinBytes),
                0,
                null,
                null);
    }

    private void accumulateTiles(final long base, final int n, final int bins) {
        sparseWindows++;
        setLongArg(tile, 3, base);
        setIntArg(tile, 12, bins);
        global2[0] = (long) ((bins + TILE - 1) / TILE) * tileGroup;
        global2[1] = (motifs + tileChunk - 1) / tileChunk;
        local2[0] = tileGroup;
        local2[1] = 1;
        clEnqueueNDRangeKernel(queue, tile, 2, null, global2, local2, 0, null, null);
    }

    private void accumulateDense(final long base, final int n, final int bins) {
        denseWindows++;
        final int countCells = (bins + delays - 1) * addresses;
        setMemArg(clearInt, 0, countsMem);
        setIntArg(clearInt, 1, countCells);
        launch1(clearInt, countCells);
        setMemArg(raster, 0, eventAddressMem);
        setMemArg(raster, 1, eventBinMem);
        setIntArg(raster, 2, n);
        setLongArg(raster, 3, base);
        setMemArg(raster, 4, countsMem);
        setIntArg(raster, 5, addresses);
        setIntArg(raster, 6, delays);
        setIntArg(raster, 7, bins);
        launch1(raster, n);
        setMemArg(dense, 0, countsMem);
        setMemArg(dense, 1, denseMem);
        setMemArg(dense, 2, accMem);
        setIntArg(dense, 3, motifs);
        setIntArg(dense, 4, addresses);
        setIntArg(dense, 5, delays);
        setIntArg(dense, 6, bins);
        global2[0] = motifs;
        global2[1] = bins;
        clEnqueueNDRangeKernel(queue, dense, 2, null, global2, null, 0, null, null);
        int i = 0;
        setMemArg(candidates, i++, accMem);
        setMemArg(candidates, i++, biasMem);
        setMemArg(candidates, i++, binStartMem);
        setIntArg(candidates, i++, motifs);
        setIntArg(candidates, i++, delays);
        setIntArg(candidates, i++, bins);
        i = setBoundArgs(candidates, i);
        setMemArg(candidates, i++, listMem);
        setIntArg(candidates, i, candidateCapacity);
        launch1(candidates, bins * motifs);
    }

    /**
     * Sets the arguments of the sparse path's kernels that stay the same from window to window
     * (each setting is a driver call): all but the window's base, bins and events, and the event
     * buffers, which {@link #setEventArgs()} sets when they are made.
     */
    private void setConstantArgs() {
        setIntArg(binStarts, 3, delays);
        setMemArg(binStarts, 5, binStartMem);
        setMemArg(binStarts, 6, listMem);
        int i = 2;
        setMemArg(tile, i++, binStartMem);
        i++; // base
        setMemArg(tile, i++, delayStartMem);
        setMemArg(tile, i++, delayMem);
        setMemArg(tile, i++, motifMem);
        setMemArg(tile, i++, weightMem);
        setMemArg(tile, i++, biasMem);
        setIntArg(tile, i++, motifs);
        setIntArg(tile, i++, tileChunk);
        setIntArg(tile, i++, delays);
        i++; // bins
        i = setBoundArgs(tile, i);
        setMemArg(tile, i++, accMem);
        setMemArg(tile, i++, listMem);
        setIntArg(tile, i++, candidateCapacity);
        setIntArg(tile, i++, tileLanes);
        clSetKernelArg(tile, i++, (long) TILE * tileChunk * Sizeof.cl_float, null);
        clSetKernelArg(tile, i, (long) TILE * Sizeof.cl_int, null);
    }

    /** Points the sparse path's kernels at the event buffers (made anew when they grow). */
    private void setEventArgs() {
        setMemArg(binStarts, 0, eventBinMem);
        setMemArg(tile, 0, eventAddressMem);
        setMemArg(tile, 1, eventBinMem);
    }

    /** Sets the threshold and the bias and weight bounds the device's candidate test uses. */
    private int setBoundArgs(final cl_kernel k, final int first) {
        setFloatArg(k, first, deviceThreshold);
        setFloatArg(k, first + 1, (float) maxAbsBias);
        setFloatArg(k, first + 2, (float) maxAbsWeight);
        return first + 3;
    }

    /** The bound on |device potential - CPU potential| for a sum of {@code n} events. */
    private double margin(final int n) {
        return 4.0 * (n + 2) * FLOAT_EPS * (maxAbsBias + n * maxAbsWeight);
    }

    /**
     * V[m, t] exactly as the CPU ring computes it from events from..to - 1, those that reach t:
     * float adds in event order, then the bias.
     */
    private float exactPotential(final int m, final long t, final int from, final int to) {
        float sum = 0f;
        for (int e = from; e < to; e++) {
            final long d = t - evBin[e];
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

    /**
     * Saves the stream's place (whether it started, its open bin, the events still reaching
     * undecided bins) into {@code state}, in tail form, so that this backend can take another
     * stream and come back to this one with {@link #loadState}, or the CPU detector go on with it.
     */
    public void saveState(final MotifStreamState state) {
        checkShape(state);
        state.setTail(started, openBin, evAddress, evBin, tailCount);
    }

    /**
     * Goes on with the stream whose place {@code state} holds (tail form); the counters keep
     * counting across streams.
     *
     * @throws IllegalArgumentException when the state is in ring form (the CPU detector's, which
     *     cannot be turned back into events) or its M or D differ from the kernel's
     */
    public void loadState(final MotifStreamState state) {
        checkShape(state);
        if (!state.isTail()) {
            throw new IllegalArgumentException(
                    "a motif state in ring form (the cpu detector's) cannot go on on opencl");
        }
        ensureHostCapacity(state.tailCount() + GROUP_EVENTS);
        state.tail(evAddress, evBin);
        tailCount = state.tailCount();
        started = state.started();
        openBin = state.openBin();
        consumed = 0;
    }

    private void checkShape(final MotifStreamState state) {
        if (state.motifs() != motifs || state.delays() != delays || state.historyBins() != 1) {
            throw new IllegalArgumentException(
                    "a motif state of M="
                            + state.motifs()
                            + ", D="
                            + state.delays()
                            + ", 2r+1="
                            + state.historyBins()
                            + " for an opencl backend of M="
                            + motifs
                            + ", D="
                            + delays
                            + " without suppression");
        }
    }

    /** Index in the current batch up to which events are done (for the fallback). */
    public int consumed() {
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

    /** Motifs per work-group of the sparse kernel, for tests. */
    int tileChunk() {
        return tileChunk;
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
        try {
            releaseEventBuffers();
        } catch (final CLException e) {
            // a failed device: what it held goes with its context
        }
        release(
                queue,
                new cl_kernel[] {tile, clearInt, raster, dense, candidates, binStarts},
                new cl_mem[] {
                    delayStartMem,
                    delayMem,
                    motifMem,
                    weightMem,
                    denseMem,
                    biasMem,
                    accMem,
                    countsMem,
                    listMem,
                    binStartMem
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

    private void setMemArg(final cl_kernel k, final int index, final cl_mem mem) {
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(mem));
    }

    private void setIntArg(final cl_kernel k, final int index, final int value) {
        intArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_int, intArgPointer);
    }

    private void setLongArg(final cl_kernel k, final int index, final long value) {
        longArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_long, longArgPointer);
    }

    private void setFloatArg(final cl_kernel k, final int index, final float value) {
        floatArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_float, floatArgPointer);
    }

    private void ensureHostCapacity(final int n) {
        if (n > evAddress.length) {
            final int size = Math.max(n, evAddress.length * 2);
            evAddress = Arrays.copyOf(evAddress, size);
            evBin = Arrays.copyOf(evBin, size);
        }
    }

    private void ensureDeviceCapacity(final int n) {
        if (n <= eventCapacity) {
            return;
        }
        final int size = Math.max(n, Math.max(GROUP_EVENTS, eventCapacity * 2));
        releaseEventBuffers();
        eventAddressMem = work((long) size * Sizeof.cl_int);
        eventBinMem = work((long) size * Sizeof.cl_long);
        stageAddressMem = pinned((long) size * Sizeof.cl_int);
        stageAddressBytes = map(stageAddressMem, (long) size * Sizeof.cl_int);
        stageAddress = stageAddressBytes.asIntBuffer();
        stageBinMem = pinned((long) size * Sizeof.cl_long);
        stageBinBytes = map(stageBinMem, (long) size * Sizeof.cl_long);
        stageBin = stageBinBytes.asLongBuffer();
        eventCapacity = size;
        setEventArgs();
    }

    private void releaseEventBuffers() {
        if (stageAddressBytes != null) {
            clEnqueueUnmapMemObject(queue, stageAddressMem, stageAddressBytes, 0, null, null);
            stageAddressBytes = null;
        }
        if (stageBinBytes != null) {
            clEnqueueUnmapMemObject(queue, stageBinMem, stageBinBytes, 0, null, null);
            stageBinBytes = null;
        }
        for (final cl_mem mem :
                new cl_mem[] {eventAddressMem, eventBinMem, stageAddressMem, stageBinMem}) {
            if (mem != null) {
                clReleaseMemObject(mem);
            }
        }
        eventAddressMem = null;
        eventBinMem = null;
        stageAddressMem = null;
        stageBinMem = null;
        eventCapacity = 0;
    }

    private cl_mem pinned(final long bytes) {
        return clCreateBuffer(
                built.context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
    }

    private ByteBuffer map(final cl_mem mem, final long bytes) {
        return clEnqueueMapBuffer(queue, mem, CL_TRUE, CL_MAP_WRITE, 0, bytes, 0, null, null, null)
                .order(ByteOrder.nativeOrder());
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

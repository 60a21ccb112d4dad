package org.neurostream.operators.compute;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clFlush;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;
import org.neurostream.operators.motif.MotifSuppression;

/**
 * The motif accumulation on one OpenCL device (kernels in {@code motif.cl}): threshold, and
 * non-maximum suppression on the host over the cells at or above it.
 *
 * <p>Work is cut into windows of at most {@value #WINDOW_BINS} bins (and {@value #GROUP_EVENTS} new
 * events): a window decides the bins from the open bin up to (not including) the last bin of its
 * events, from those events plus the kept tail (the events of the D - 1 bins before, which still
 * reach them). Per window the host stages, in one pinned buffer, the window's shape, the first
 * event of every bin and the events (addresses, bins relative to the window), and uploads it in one
 * transfer; the device accumulates float32 potentials and lists the cells whose potential (with the
 * bias) comes within twice the rounding bound below of the threshold; the host reads back only that
 * list (detections are rare), sorts it into the CPU's order (bin, then motif) and decides each
 * cell. When a window has more such cells than the list holds ({@value #CANDIDATES}), the host
 * reads back the whole window of bins x motifs potentials instead. A run of bins that no event
 * reaches is decided on the host (V = b there: only the motifs whose bias reaches the threshold
 * detect).
 *
 * <p>Double buffering: two lanes, each with its own queue, kernels (arguments set once: what
 * changes per window comes with the upload), pinned staging, device buffers and host copy of its
 * window's events. The host prepares and submits window k + 1 on one lane while the device works on
 * window k on the other, and only then waits for window k and decides its candidates: the host's
 * per-event work and the driver's calls overlap the device's. Windows are done (their detections
 * sent) in order. With {@link BackendOptions#holdWindows()} the last window of a call stays on the
 * device when the call returns and is done by the next call, so that batches overlap too; without
 * it every call finishes its windows before returning.
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
 * <p>Suppression (radius r &gt; 0, {@link MotifDetector}'s rule): the device still lists the cells
 * near or above the threshold, and the host recomputes every one of them exactly as the CPU ring
 * sums it (they are few), so that ties and near-ties compare the CPU's floats. Only cells at or
 * above the threshold can suppress one (a lower neighbour never does), so the decision of bin u
 * needs those cells of bins u - r..u + r alone. A window therefore evaluates again the last 2r bins
 * before its open bin (the tail keeps the events that reach them) and decides the bins from the
 * open bin - r up to r bins before its end; the last r bins wait for the next window (or are
 * decided by the end of the stream or a gap, where the bins after them hold no candidate). The
 * stream's place stays a tail of events, decided by the host alone, so checkpoints, the
 * multi-stream queue and the CPU path's hand-over keep working as without suppression. A kernel
 * with a motif whose bias alone reaches the threshold (a detection in every quiet bin) is refused
 * with suppression: {@link MotifBackends} gives it the CPU path.
 *
 * <p>Memory: the context and the built program are shared per device ({@link OpenClPrograms}); this
 * instance owns its lanes, the CSR and dense kernel tables and work buffers: the staging and event
 * buffers grow when a window holds more events than any before (the tail of a busy stream), others
 * are sized once. Any OpenCL failure surfaces as {@link CLException}; the stream's place before the
 * windows submitted and not yet done is then given by {@link #savePendingState}, their events by
 * {@link #pendingEvents}, and the first event of the batch that entered no window by {@link
 * #consumed()}.
 *
 * <p>One backend serves many streams, one at a time: {@link #loadState} takes a stream's place
 * (tail form of {@link MotifStreamState}) and {@link #saveState} gives it back once the stream's
 * windows in flight are done, so that a caller keeps each stream's place (Flink keyed state)
 * between its batches.
 *
 * <p>Many streams in one launch (the multi-stream window, for {@link MotifBatch}): {@link #queue}
 * cuts a stream's batch into windows as {@link #process} does, but only on the host, and gives the
 * stream's place back at once; {@link #flushQueued} lays the queued windows of every stream side by
 * side in one launch, D empty bins between two of them (so no event reaches another window's bins),
 * and maps each candidate cell back to its window, stream and bin.
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

    /** The kernels' source, next to this class. */
    static final String SOURCE = "motif.cl";

    /** Dense when occupancy x kernel density reaches this. */
    static final double DENSE_RATIO = 0.25;

    /** Ints before the bin starts in a staged window (HEADER in motif.cl). */
    private static final int HEADER = 8;

    /** The part of the candidate list read with its count, ints: up to 1024 candidates. */
    private static final int LIST_PREFIX = 1 + 3 * 1024;

    /** Work-items per work-group of the sparse kernel, at most. */
    private static final int TILE_GROUP = 1024;

    /** Work-items that split one event's entries in the sparse kernel (a GPU's warp). */
    private static final int TILE_LANES = 32;

    /** Local memory the sparse kernel's work-group uses at most (more would cost occupancy). */
    private static final long TILE_LOCAL_BYTES = 32 * 1024;

    private static final long DENSE_KERNEL_LIMIT = 1L << 24;
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

    /** Suppression radius r (0: none) and the 2r closed bins a window evaluates again. */
    private final int radius;

    private final int lookBack;
    private final Mode mode;
    private final boolean holdWindows;
    private final boolean profiling;
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
    private final float deviceThreshold;
    private final OpenClProfile profile = new OpenClProfile();

    private final OpenClPrograms.Built built;
    private final cl_mem delayStartMem;
    private final cl_mem delayMem;
    private final cl_mem motifMem;
    private final cl_mem weightMem;
    private final cl_mem denseMem;
    private final cl_mem biasMem;
    private final Lane[] lanes = new Lane[2];

    /** A window's cells at or above the threshold (exact), before suppression; bin order. */
    private int raw;

    private int[] rawMotif = new int[256];
    private long[] rawBin = new long[256];
    private float[] rawPotential = new float[256];
    private final MotifDetectionSink keepRaw = this::keepRaw;

    /** The suppression of a window's cells (radius r). */
    private final MotifSuppression suppression;

    /** The whole window's potentials, when its candidates overflow the list. */
    private final float[] acc;

    private final long[] candidateOrder;
    private final int[] listRest;
    private final int[] intArg = new int[1];
    private final Pointer intArgPointer = Pointer.to(intArg);
    private final float[] floatArg = new float[1];
    private final Pointer floatArgPointer = Pointer.to(floatArg);
    private final long[] global1 = new long[1];
    private final long[] global2 = new long[2];
    private final long[] local1 = new long[1];
    private final long[] local2 = new long[2];
    private boolean faultNext;
    private boolean faultOnComplete;

    /** The lane the next window goes to. */
    private int nextLane;

    /** The multi-stream windows queued for the next launch ({@link #queue}). */
    private final MotifWindowQueue queued = new MotifWindowQueue();

    /** Detections of the queued windows decided so far, by window, in order. */
    private int found;

    private int[] foundWindow = new int[256];
    private int[] foundMotif = new int[256];
    private long[] foundBin = new long[256];
    private float[] foundPotential = new float[256];

    /** The window of the launch being decided that the next detection's cell may lie in. */
    private int foundCursor;

    private int foundEnd;
    private final MotifDetectionSink keepFound = this::keep;

    /** The scan of a batch's events in progress. */
    private final Scan scan = new Scan();

    /** Windows submitted so far: orders the lanes' windows. */
    private long windowsSubmitted;

    /** The events still reaching undecided bins: lane, first index and count. */
    private Lane tailLane;

    private int tailFrom;
    private int tailCount;

    private boolean started;
    private long firstBin;
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
     * One of the two lanes: a queue with its kernels and buffers, and the window it holds (events
     * 0..n - 1 on the host, of which the first {@code replay} came from the window before).
     */
    private final class Lane {
        cl_command_queue queue;
        final cl_kernel[] kernels = new cl_kernel[5];
        cl_mem window;
        cl_mem stage;
        IntBuffer staged;
        ByteBuffer stagedBytes;
        int windowCapacity;
        cl_mem accMem;
        cl_mem countsMem;
        cl_mem listMem;
        cl_mem hostList;
        IntBuffer list;
        ByteBuffer listBytes;

        int[] address = new int[GROUP_EVENTS];
        long[] bin = new long[GROUP_EVENTS];
        int[] rel = new int[GROUP_EVENTS];
        final int[] binStart = new int[WINDOW_BINS + 2 * delays + 2 * lookBack];

        boolean busy;
        boolean onDevice;
        long seq;
        long base;
        int bins;

        /** Bins at the front evaluated again (closed before: 2r with suppression, else 0). */
        int head;

        /** Bins at the end only compared (decided by the next window: r, or 0 at an end). */
        int hold;

        /** Whether the window's decisions are suppressed here (a single stream's window). */
        boolean suppress;

        int n;
        int replay;
        int listBase;

        /** The queued windows a multi-stream launch holds: firstQueued to endQueued - 1. */
        int firstQueued;

        int endQueued;
        final List<cl_event> events = new ArrayList<>();
        final List<String> eventNames = new ArrayList<>();
        final List<Long> eventBytes = new ArrayList<>();

        cl_kernel tile() {
            return kernels[0];
        }

        cl_kernel clear() {
            return kernels[1];
        }

        cl_kernel raster() {
            return kernels[2];
        }

        cl_kernel dense() {
            return kernels[3];
        }

        cl_kernel candidates() {
            return kernels[4];
        }

        void ensureHostCapacity(final int needed) {
            if (needed > address.length) {
                final int size = Math.max(needed, address.length * 2);
                address = Arrays.copyOf(address, size);
                bin = Arrays.copyOf(bin, size);
                rel = Arrays.copyOf(rel, size);
            }
        }
    }

    /**
     * Builds (or reuses) the program on {@code device} and allocates this backend's lanes, kernels
     * and tables.
     *
     * @param kernel the kernel and biases
     * @param threshold detection when V &gt;= threshold
     * @throws CLException when the program does not build or the device refuses a resource
     * @throws IllegalArgumentException when the threshold is NaN
     */
    public OpenClMotifBackend(
            final MotifKernel kernel, final double threshold, final OpenClDevice device) {
        this(kernel, threshold, 0, device);
    }

    /**
     * As the constructor above, with non-maximum suppression of radius {@code nmsRadius} bins (0:
     * none).
     *
     * @throws IllegalArgumentException when the threshold is NaN, the radius is negative or too
     *     large, or, with suppression, a motif's bias alone reaches the threshold
     */
    public OpenClMotifBackend(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final OpenClDevice device) {
        this(
                kernel,
                threshold,
                nmsRadius,
                device,
                OpenClPrograms.source(SOURCE),
                Mode.AUTO,
                CANDIDATES,
                BackendOptions.DEFAULT);
    }

    /**
     * As the public constructor, with the source, the accumulation mode, the capacity of the
     * candidate list (tests) and the options given.
     */
    OpenClMotifBackend(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final OpenClDevice device,
            final String source,
            final Mode mode,
            final int candidateCapacity,
            final BackendOptions options) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (nmsRadius < 0 || nmsRadius > WINDOW_BINS) {
            throw new IllegalArgumentException(
                    "suppression radius must be 0.." + WINDOW_BINS + "; got " + nmsRadius);
        }
        if (nmsRadius > 0 && alwaysOn(kernel.biases(), threshold).length > 0) {
            throw new IllegalArgumentException(
                    "suppression with a motif whose bias alone reaches the threshold runs on the"
                            + " cpu path only");
        }
        this.radius = nmsRadius;
        this.suppression = new MotifSuppression(nmsRadius);
        this.lookBack = 2 * nmsRadius;
        if (candidateCapacity < 1) {
            throw new IllegalArgumentException(
                    "candidate capacity must be >= 1; got " + candidateCapacity);
        }
        this.candidateCapacity = candidateCapacity;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.device = Objects.requireNonNull(device, "device");
        this.threshold = threshold;
        this.mode = mode;
        this.holdWindows = options.holdWindows();
        this.profiling = options.profiling();
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
                        && (long) (WINDOW_BINS + 2 * delays + 2 * lookBack) * addresses
                                <= DENSE_KERNEL_LIMIT;
        final long localFloats =
                (Math.min(device.localMemBytes(), TILE_LOCAL_BYTES) - TILE * Sizeof.cl_int) / 4;
        this.tileChunk = (int) Math.max(1, Math.min(motifs, localFloats / TILE));
        final int group = (int) Math.max(1, Math.min(TILE_GROUP, device.maxWorkGroupSize()));
        this.tileLanes = Math.min(TILE_LANES, group);
        this.tileGroup = group / tileLanes * tileLanes;
        // a window decides up to WINDOW_BINS bins after its first new event, and the D - 1 before
        this.acc = new float[(WINDOW_BINS + delays + 2 * lookBack) * motifs];
        this.candidateOrder = new long[candidateCapacity];
        this.listRest = new int[1 + 3 * candidateCapacity];

        this.built = OpenClPrograms.built(device, source);
        final cl_mem[] mems = new cl_mem[6];
        try {
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
        } catch (final CLException | OutOfMemoryError e) {
            releaseMems(mems);
            throw e;
        }
        this.delayStartMem = mems[0];
        this.delayMem = mems[1];
        this.motifMem = mems[2];
        this.weightMem = mems[3];
        this.denseMem = mems[4];
        this.biasMem = mems[5];
        try {
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = newLane();
            }
        } catch (final CLException | OutOfMemoryError e) {
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

    @Override
    public List<OpenClProfile.Entry> profile() {
        return profile.entries();
    }

    /** The kernels of the program, for logs. */
    String kernelNames() {
        return "motif_tile (sparse), motif_clear_counts + motif_raster + motif_dense +"
                + " motif_candidates (dense); two lanes"
                + (radius > 0 ? ", suppression radius " + radius + " on the host" : "")
                + (holdWindows ? ", windows held across calls" : "")
                + (profiling ? ", profiled" : "");
    }

    @Override
    public void process(
            final int[] addresses,
            final long[] bins,
            final int count,
            final MotifDetectionSink sink) {
        checkOpen();
        Objects.checkFromToIndex(0, count, Math.min(addresses.length, bins.length));
        consumed = 0;
        int i = 0;
        while (i < count) {
            final Lane lane = lanes[nextLane];
            if (lane.busy) {
                done(lane, sink);
            }
            int n = copyTail(lane);
            lane.ensureHostCapacity(n + GROUP_EVENTS);
            // counters of skipped events wait until the window is submitted
            final Scan s = scan;
            s.outOfRange = 0;
            s.outOfOrder = 0;
            scan(addresses, bins, i, count, started, openBin, lane.address, lane.bin, n);
            if (s.gap) {
                closeGap(lane, bins[s.end], sink);
                n = 0;
                scan(addresses, bins, s.end, count, started, openBin, lane.address, lane.bin, 0);
            }
            final int fresh = s.taken;
            final long first = s.first;
            final long last = s.last;
            final long outOfRange = s.outOfRange;
            final long outOfOrder = s.outOfOrder;
            final int j = s.end;
            n += fresh;
            if (fresh > 0) {
                if (!started) {
                    started = true;
                    firstBin = first;
                    openBin = first;
                }
                submit(lane, n, n - fresh, openBin, last, radius);
                keepTail(lane, last);
            }
            eventsAccepted += fresh;
            eventsOutOfRange += outOfRange;
            eventsOutOfOrder += outOfOrder;
            consumed = j;
            i = j;
            // at most the window just submitted stays on the device while the next is prepared
            final Lane other = lanes[nextLane];
            if (other != lane && other.busy) {
                done(other, sink);
            }
        }
        if (!holdWindows) {
            drain(sink);
        }
    }

    @Override
    public void finish(final MotifDetectionSink sink) {
        checkOpen();
        drain(sink);
        if (!started) {
            return;
        }
        final Lane lane = lanes[nextLane];
        final int n = copyTail(lane);
        submit(lane, n, n, openBin, openBin + delays, 0);
        done(lane, sink);
        started = false;
        tailCount = 0;
    }

    /**
     * Before a window whose first event comes D + 2r bins or more after the open bin: does every
     * window in flight, decides the D bins the tail reaches (the tail is events 0..tailCount - 1 of
     * {@code lane}, copied there for this window) and the bins after them up to {@code first} (V =
     * b there), and empties the tail.
     */
    private void closeGap(final Lane lane, final long first, final MotifDetectionSink sink) {
        drain(sink);
        final int n = tailCount;
        submit(lane, n, n, openBin, openBin + delays, 0);
        done(lane, sink);
        binsEvaluated += first - openBin - delays;
        biasOnly(openBin + delays, first - openBin - delays, sink);
        tailCount = 0;
        openBin = first;
    }

    /** Copies the tail to the front of {@code lane}'s events; returns its length. */
    private int copyTail(final Lane lane) {
        if (tailCount == 0) {
            return 0;
        }
        lane.ensureHostCapacity(tailCount + GROUP_EVENTS);
        if (tailLane != lane || tailFrom != 0) {
            System.arraycopy(tailLane.address, tailFrom, lane.address, 0, tailCount);
            System.arraycopy(tailLane.bin, tailFrom, lane.bin, 0, tailCount);
        }
        tailLane = lane;
        tailFrom = 0;
        return tailCount;
    }

    /**
     * The events of {@code lane}'s window that still reach bins &gt;= last - 2r (the bins the next
     * window evaluates) become the tail.
     */
    private void keepTail(final Lane lane, final long last) {
        final int n = lane.n;
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (lane.bin[mid] <= last - delays - lookBack) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        tailLane = lane;
        tailFrom = lo;
        tailCount = n - lo;
        openBin = last;
    }

    /**
     * Starts the window of one stream that closes the bins from {@code open} up to (not including)
     * {@code end}, evaluating the 2r bins before {@code open} again (not before the stream's first
     * bin) and leaving the decisions of its last {@code hold} bins to the next window.
     */
    private void submit(
            final Lane lane,
            final int n,
            final int replay,
            final long open,
            final long end,
            final int hold) {
        final long base = Math.max(firstBin, open - lookBack);
        submit(lane, n, replay, base, (int) (end - base), (int) (open - base), hold, radius > 0);
    }

    /**
     * Stages and starts the window of {@code lane}'s events 0..n - 1 (the first {@code replay} of
     * them from earlier windows) evaluating bins [base, base + bins), of which the first {@code
     * head} were closed before, without waiting; the lane's next window is the other one.
     */
    private void submit(
            final Lane lane,
            final int n,
            final int replay,
            final long base,
            final int bins,
            final int head,
            final int hold,
            final boolean suppress) {
        lane.n = n;
        lane.replay = replay;
        lane.base = base;
        lane.bins = bins;
        lane.head = head;
        lane.hold = hold;
        lane.suppress = suppress;
        lane.seq = windowsSubmitted++;
        lane.onDevice = bins > 0 && n > 0;
        if (lane.onDevice) {
            stage(lane);
            final boolean useDense =
                    mode == Mode.DENSE
                            || (mode == Mode.AUTO
                                    && denseAllowed
                                    && (double) n / ((double) bins * addresses) * kernel.density()
                                            >= DENSE_RATIO);
            if (useDense && denseAllowed) {
                accumulateDense(lane, n, bins);
            } else {
                accumulateTiles(lane, bins);
            }
            final int prefix = Math.min(LIST_PREFIX, 1 + 3 * candidateCapacity);
            clEnqueueReadBuffer(
                    lane.queue,
                    lane.listMem,
                    CL_FALSE,
                    0,
                    (long) prefix * Sizeof.cl_int,
                    Pointer.to(lane.listBytes),
                    0,
                    null,
                    event(lane, "d2h", (long) prefix * Sizeof.cl_int));
            clFlush(lane.queue);
        }
        lane.busy = true;
        nextLane = lane == lanes[0] ? 1 : 0;
    }

    /**
     * Writes the window (shape, bin starts, events) into the lane's pinned staging and enqueues its
     * upload: one transfer.
     */
    private void stage(final Lane lane) {
        final int n = lane.n;
        final int bins = lane.bins;
        final long base = lane.base;
        final int starts = bins + delays;
        final int addressAt = HEADER + starts;
        final int relAt = addressAt + n;
        final int total = relAt + n;
        ensureStaging(lane, total);
        final int[] rel = lane.rel;
        final long[] bin = lane.bin;
        for (int e = 0; e < n; e++) {
            rel[e] = (int) (bin[e] - base);
        }
        final int[] binStart = lane.binStart;
        int e = 0;
        for (int t = -delays + 1; t <= bins; t++) {
            while (e < n && rel[e] < t) {
                e++;
            }
            binStart[t + delays - 1] = e;
        }
        final IntBuffer staged = lane.staged;
        staged.put(0, n);
        staged.put(1, bins);
        staged.put(2, lane.listBase);
        staged.put(3, addressAt);
        staged.put(4, relAt);
        staged.put(HEADER, binStart, 0, starts);
        staged.put(addressAt, lane.address, 0, n);
        staged.put(relAt, rel, 0, n);
        clEnqueueWriteBuffer(
                lane.queue,
                lane.window,
                CL_FALSE,
                0,
                (long) total * Sizeof.cl_int,
                Pointer.to(lane.stagedBytes),
                0,
                null,
                event(lane, "h2d", (long) total * Sizeof.cl_int));
    }

    /**
     * Waits for {@code lane}'s window and sends its detections; counts its bins. A failure leaves
     * the window pending (for the fallback) and nothing sent.
     */
    private void done(final Lane lane, final MotifDetectionSink sink) {
        if (faultOnComplete) {
            faultOnComplete = false;
            throw new CLException("simulated device fault while a window is in flight");
        }
        if (lane.onDevice) {
            clFinish(lane.queue);
            if (profiling) {
                collectProfile(lane);
            }
            if (lane.suppress) {
                raw = 0;
                decide(lane, keepRaw);
                final long from = lane.base + lane.head - radius;
                final long to = lane.base + lane.bins - lane.hold;
                final int end =
                        suppression.keepSurvivors(rawMotif, rawBin, rawPotential, 0, raw, from, to);
                detections -= raw - end; // counted by judge as cells at or above the threshold
                for (int k = 0; k < end; k++) {
                    sink.onDetection(rawMotif[k], rawBin[k], rawPotential[k]);
                }
            } else {
                decide(lane, sink);
            }
        } else if (lane.bins > lane.head) {
            // no event reaches these bins: V = b
            binsEvaluated += lane.bins - lane.head;
            biasOnly(lane.base + lane.head, lane.bins - lane.head, sink);
        }
        lane.busy = false;
    }

    /** Does every window in flight, oldest first. */
    private void drain(final MotifDetectionSink sink) {
        while (lanes[0].busy || lanes[1].busy) {
            done(oldestBusy(), sink);
        }
    }

    private Lane oldestBusy() {
        if (lanes[0].busy && (!lanes[1].busy || lanes[0].seq < lanes[1].seq)) {
            return lanes[0];
        }
        return lanes[1].busy ? lanes[1] : null;
    }

    /** Decides the cells of a finished window from its candidate list, or from all of it. */
    private void decide(final Lane lane, final MotifDetectionSink sink) {
        final IntBuffer list = lane.list;
        final int counter = list.get(0);
        final int found = counter - lane.listBase;
        final int n = lane.n;
        final long base = lane.base;
        final int bins = lane.bins;
        final int prefix = Math.min(LIST_PREFIX, 1 + 3 * candidateCapacity);
        if (Integer.compareUnsigned(found, candidateCapacity) <= 0) {
            final int used = 1 + 3 * found;
            list.get(0, listRest, 0, Math.min(used, prefix));
            if (used > prefix) {
                clEnqueueReadBuffer(
                        lane.queue,
                        lane.listMem,
                        CL_TRUE,
                        (long) prefix * Sizeof.cl_int,
                        (long) (used - prefix) * Sizeof.cl_int,
                        Pointer.to(listRest).withByteOffset((long) prefix * Sizeof.cl_int),
                        0,
                        null,
                        null);
            }
            lane.listBase = counter;
            // counted once the device work is done: a failed window is counted by the cpu path
            binsEvaluated += bins - lane.head;
            // the CPU's order: by cell (bin, then motif); each key keeps its place in the list
            for (int k = 0; k < found; k++) {
                candidateOrder[k] = (long) listRest[1 + 3 * k] << 32 | k;
            }
            Arrays.sort(candidateOrder, 0, found);
            for (int k = 0; k < found; k++) {
                final int at = 1 + 3 * (int) candidateOrder[k];
                final int cell = listRest[at];
                judge(
                        lane,
                        cell % motifs,
                        base + cell / motifs,
                        Float.intBitsToFloat(listRest[at + 1]),
                        listRest[at + 2],
                        n,
                        sink);
            }
            return;
        }
        clEnqueueReadBuffer(
                lane.queue,
                lane.accMem,
                CL_TRUE,
                0,
                (long) bins * motifs * Sizeof.cl_float,
                Pointer.to(acc),
                0,
                null,
                null);
        lane.listBase = counter;
        binsEvaluated += bins - lane.head;
        int lo = 0;
        int hi = 0;
        for (int t = 0; t < bins; t++) {
            final long bin = base + t;
            while (hi < n && lane.bin[hi] <= bin) {
                hi++;
            }
            while (lo < hi && lane.bin[lo] <= bin - delays) {
                lo++;
            }
            final int row = t * motifs;
            for (int m = 0; m < motifs; m++) {
                judge(lane, m, bin, acc[row + m], hi - lo, n, sink);
            }
        }
    }

    /**
     * Decides V[m, bin] = bias + {@code a}, the device's sum of the {@code reach} events (of 0..n -
     * 1) that reach the bin: clear of the threshold by more than the rounding margin it decides as
     * computed, within it the CPU's exact sum decides. With suppression every cell at or near the
     * threshold gets its exact sum: neighbours compare the CPU's floats.
     */
    private void judge(
            final Lane lane,
            final int m,
            final long bin,
            final float a,
            final int reach,
            final int n,
            final MotifDetectionSink sink) {
        final float v = bias[m] + a;
        final double margin = margin(reach);
        if (v >= threshold + margin && radius == 0) {
            detections++;
            sink.onDetection(m, bin, v);
        } else if (v >= threshold - margin) {
            final int hi = lowerBound(lane, bin + 1, n);
            final float exact = exactPotential(lane, m, bin, hi - reach, hi);
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

    /** Keeps a cell at or above the threshold of a window being suppressed. */
    private void keepRaw(final int m, final long bin, final double v) {
        if (raw == rawMotif.length) {
            rawMotif = Arrays.copyOf(rawMotif, 2 * raw);
            rawBin = Arrays.copyOf(rawBin, 2 * raw);
            rawPotential = Arrays.copyOf(rawPotential, 2 * raw);
        }
        rawMotif[raw] = m;
        rawBin[raw] = bin;
        rawPotential[raw] = (float) v;
        raw++;
    }

    /** The first of the lane's events 0..n - 1 whose bin is &gt;= {@code bin}. */
    private static int lowerBound(final Lane lane, final long bin, final int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (lane.bin[mid] < bin) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void accumulateTiles(final Lane lane, final int bins) {
        sparseWindows++;
        global2[0] = (long) ((bins + TILE - 1) / TILE) * tileGroup;
        global2[1] = (motifs + tileChunk - 1) / tileChunk;
        local2[0] = tileGroup;
        local2[1] = 1;
        if (faultNext) {
            faultNext = false;
            local2[0] = Math.max(1, device.maxWorkGroupSize()) * 2;
            global2[0] = local2[0];
        }
        clEnqueueNDRangeKernel(
                lane.queue,
                lane.tile(),
                2,
                null,
                global2,
                local2,
                0,
                null,
                event(lane, "motif_tile"));
    }

    private void accumulateDense(final Lane lane, final int n, final int bins) {
        denseWindows++;
        launch1(lane, lane.clear(), (bins + delays - 1) * addresses, "motif_clear_counts");
        launch1(lane, lane.raster(), n, "motif_raster");
        global2[0] = motifs;
        global2[1] = bins;
        clEnqueueNDRangeKernel(
                lane.queue,
                lane.dense(),
                2,
                null,
                global2,
                null,
                0,
                null,
                event(lane, "motif_dense"));
        launch1(lane, lane.candidates(), bins * motifs, "motif_candidates");
    }

    private void launch1(final Lane lane, final cl_kernel k, final int n, final String name) {
        if (faultNext) {
            faultNext = false;
            local1[0] = Math.max(1, device.maxWorkGroupSize()) * 2;
            global1[0] = local1[0];
            clEnqueueNDRangeKernel(lane.queue, k, 1, null, global1, local1, 0, null, null);
        }
        global1[0] = Math.max(1, n);
        clEnqueueNDRangeKernel(lane.queue, k, 1, null, global1, null, 0, null, event(lane, name));
    }

    /** A new event to profile the next command with, or null when not profiling. */
    private cl_event event(final Lane lane, final String name) {
        return event(lane, name, 0);
    }

    /** As above, for a transfer of {@code bytes}. */
    private cl_event event(final Lane lane, final String name, final long bytes) {
        if (!profiling) {
            return null;
        }
        final cl_event e = new cl_event();
        lane.events.add(e);
        lane.eventNames.add(name);
        lane.eventBytes.add(bytes);
        return e;
    }

    private void collectProfile(final Lane lane) {
        for (int i = 0; i < lane.events.size(); i++) {
            profile.add(lane.eventNames.get(i), lane.events.get(i), lane.eventBytes.get(i));
        }
        lane.events.clear();
        lane.eventNames.clear();
        lane.eventBytes.clear();
    }

    /** A lane's queue, kernels with their constant arguments, and fixed-size buffers. */
    private Lane newLane() {
        final Lane lane = new Lane();
        final long properties = profiling ? CL_QUEUE_PROFILING_ENABLE : 0;
        lane.queue = clCreateCommandQueue(built.context, device.deviceId, properties, null);
        lane.kernels[0] = clCreateKernel(built.program, "motif_tile", null);
        lane.kernels[1] = clCreateKernel(built.program, "motif_clear_counts", null);
        lane.kernels[2] = clCreateKernel(built.program, "motif_raster", null);
        lane.kernels[3] = clCreateKernel(built.program, "motif_dense", null);
        lane.kernels[4] = clCreateKernel(built.program, "motif_candidates", null);
        lane.accMem = work((long) acc.length * Sizeof.cl_float);
        lane.countsMem =
                work(
                        (denseAllowed
                                        ? (long) (WINDOW_BINS + 2 * delays + 2 * lookBack)
                                                * addresses
                                        : 1)
                                * Sizeof.cl_int);
        final long listBytes = (long) (1 + 3 * candidateCapacity) * Sizeof.cl_int;
        lane.listMem = work(listBytes);
        // the counter starts at 0 and only grows (listBase)
        clEnqueueWriteBuffer(
                lane.queue,
                lane.listMem,
                CL_TRUE,
                0,
                Sizeof.cl_int,
                Pointer.to(new int[1]),
                0,
                null,
                null);
        final long prefixBytes =
                (long) Math.min(LIST_PREFIX, 1 + 3 * candidateCapacity) * Sizeof.cl_int;
        lane.hostList = pinned(prefixBytes);
        lane.listBytes = map(lane.queue, lane.hostList, prefixBytes, CL_MAP_READ);
        lane.list = lane.listBytes.asIntBuffer();
        ensureStaging(lane, HEADER + WINDOW_BINS + 2 * delays + 2 * lookBack + 2 * GROUP_EVENTS);
        setConstantArgs(lane);
        return lane;
    }

    /** Grows the lane's pinned staging and device window buffer to {@code ints} when smaller. */
    private void ensureStaging(final Lane lane, final int ints) {
        if (ints <= lane.windowCapacity) {
            return;
        }
        final int size = Math.max(ints, lane.windowCapacity * 2);
        releaseStaging(lane);
        final long bytes = (long) size * Sizeof.cl_int;
        lane.window = work(bytes);
        lane.stage = pinned(bytes);
        lane.stagedBytes = map(lane.queue, lane.stage, bytes, CL_MAP_WRITE);
        lane.staged = lane.stagedBytes.asIntBuffer();
        lane.windowCapacity = size;
        for (final cl_kernel k : lane.kernels) {
            setMemArg(k, 0, lane.window);
        }
    }

    private void releaseStaging(final Lane lane) {
        if (lane.stagedBytes != null) {
            clEnqueueUnmapMemObject(lane.queue, lane.stage, lane.stagedBytes, 0, null, null);
            lane.stagedBytes = null;
            lane.staged = null;
        }
        releaseMems(new cl_mem[] {lane.window, lane.stage});
        lane.window = null;
        lane.stage = null;
        lane.windowCapacity = 0;
    }

    /**
     * Sets every argument of the lane's kernels but the window buffer (argument 0, set when it is
     * made): they stay the same from window to window.
     */
    private void setConstantArgs(final Lane lane) {
        final cl_kernel tile = lane.tile();
        int i = 1;
        setMemArg(tile, i++, delayStartMem);
        setMemArg(tile, i++, delayMem);
        setMemArg(tile, i++, motifMem);
        setMemArg(tile, i++, weightMem);
        setMemArg(tile, i++, biasMem);
        setIntArg(tile, i++, motifs);
        setIntArg(tile, i++, tileChunk);
        setIntArg(tile, i++, delays);
        i = setBoundArgs(tile, i);
        setMemArg(tile, i++, lane.accMem);
        setMemArg(tile, i++, lane.listMem);
        setIntArg(tile, i++, candidateCapacity);
        setIntArg(tile, i++, tileLanes);
        clSetKernelArg(tile, i++, (long) TILE * tileChunk * Sizeof.cl_float, null);
        clSetKernelArg(tile, i, (long) TILE * Sizeof.cl_int, null);

        final cl_kernel clear = lane.clear();
        setMemArg(clear, 1, lane.countsMem);
        setIntArg(clear, 2, addresses);
        setIntArg(clear, 3, delays);

        final cl_kernel raster = lane.raster();
        setMemArg(raster, 1, lane.countsMem);
        setIntArg(raster, 2, addresses);
        setIntArg(raster, 3, delays);

        final cl_kernel dense = lane.dense();
        setMemArg(dense, 1, lane.countsMem);
        setMemArg(dense, 2, denseMem);
        setMemArg(dense, 3, lane.accMem);
        setIntArg(dense, 4, motifs);
        setIntArg(dense, 5, addresses);
        setIntArg(dense, 6, delays);

        final cl_kernel candidates = lane.candidates();
        i = 1;
        setMemArg(candidates, i++, lane.accMem);
        setMemArg(candidates, i++, biasMem);
        setIntArg(candidates, i++, motifs);
        setIntArg(candidates, i++, delays);
        i = setBoundArgs(candidates, i);
        setMemArg(candidates, i++, lane.listMem);
        setIntArg(candidates, i, candidateCapacity);
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
     * V[m, t] exactly as the CPU ring computes it from the lane's events from..to - 1, those that
     * reach t: float adds in event order, then the bias.
     */
    private float exactPotential(
            final Lane lane, final int m, final long t, final int from, final int to) {
        float sum = 0f;
        for (int e = from; e < to; e++) {
            final long d = t - lane.bin[e];
            final int a = lane.address[e];
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

    /** What one {@link #scan} found: the next window's new events. */
    private static final class Scan {
        /** Index after the last event looked at. */
        int end;

        /** Events taken (written at the destination). */
        int taken;

        long first;
        long last;

        /** Events skipped, counted across scans until the caller resets them. */
        long outOfRange;

        long outOfOrder;

        /** Whether it stopped before an event D bins or more after the open bin. */
        boolean gap;
    }

    /**
     * Takes the next window's new events of a batch, from {@code from} on, into {@code toAddress}
     * and {@code toBin} at {@code at} (room for {@value #GROUP_EVENTS}): events inside 0..N-1 and
     * not earlier than the last one taken (or the open bin), at most {@value #GROUP_EVENTS} of them
     * spanning fewer than {@value #WINDOW_BINS} bins; counts the others in {@link #scan}. When the
     * first event to take comes D + 2r bins or more after the open bin of a started stream it stops
     * before it, with {@link Scan#gap} set, so that the caller decides the tail's bins and the gap
     * first and scans again from there.
     */
    private void scan(
            final int[] addresses,
            final long[] bins,
            final int from,
            final int count,
            final boolean isStarted,
            final long open,
            final int[] toAddress,
            final long[] toBin,
            final int at) {
        final Scan s = scan;
        long last = isStarted ? open : Long.MIN_VALUE;
        s.gap = false;
        s.taken = 0;
        s.first = Long.MIN_VALUE;
        int j = from;
        while (j < count && s.taken < GROUP_EVENTS) {
            final int a = addresses[j];
            final long b = bins[j];
            if (a < 0 || a >= this.addresses) {
                s.outOfRange++;
            } else if (b < last) {
                s.outOfOrder++;
            } else {
                if (s.taken == 0) {
                    if (isStarted && b >= open + delays + lookBack) {
                        s.gap = true;
                        break;
                    }
                    s.first = b;
                } else if (b - s.first >= WINDOW_BINS) {
                    break;
                }
                toAddress[at + s.taken] = a;
                toBin[at + s.taken] = b;
                s.taken++;
                last = b;
            }
            j++;
        }
        s.end = j;
        s.last = last;
    }

    /**
     * Queues one batch of a stream's events for the next multi-stream launch ({@link
     * #flushQueued}): the windows they close, cut as {@link #process} cuts them, each tagged with
     * {@code tag}. The stream's place comes from {@code state} (tail form) and goes back into it at
     * once: the host alone decides which bins a batch closes and which events stay in the tail, the
     * device only what the closed bins hold. So the caller saves the state before the launch, and
     * queues batches of many streams (or of one stream, one after the other) before one flush.
     * Counts the events accepted and dropped now, bins and detections when they are decided.
     *
     * @throws IllegalArgumentException when the state is in ring form or its M or D differ
     * @throws IllegalStateException when windows of {@link #process} are in flight
     */
    void queue(
            final MotifStreamState state,
            final int[] addresses,
            final long[] bins,
            final int count,
            final int tag) {
        checkOpen();
        checkShape(state);
        checkTailForm(state);
        if (lanes[0].busy || lanes[1].busy) {
            throw new IllegalStateException("windows of a stream are in flight");
        }
        Objects.checkFromToIndex(0, count, Math.min(addresses.length, bins.length));
        final MotifWindowQueue q = queued;
        // the tail lies, not yet taken, after the events taken: the next window's first events
        int tailCount = state.tailCount();
        q.ensureEvents(q.used + tailCount);
        state.tail(q.address, q.bin, q.used);
        boolean isStarted = state.started();
        long first = state.firstBin();
        long open = state.openBin();
        final Scan s = scan;
        int i = 0;
        while (i < count) {
            q.ensureEvents(q.used + tailCount + GROUP_EVENTS);
            s.outOfRange = 0;
            s.outOfOrder = 0;
            scan(addresses, bins, i, count, isStarted, open, q.address, q.bin, q.used + tailCount);
            if (s.gap) {
                // the tail's D bins, then the bins no event reaches, up to the gap's event
                final long b = bins[s.end];
                final long base = Math.max(first, open - lookBack);
                q.add(tag, base, open + delays - base, q.used, tailCount, tailCount);
                q.around(first, (int) (open - base), 0);
                q.used += tailCount;
                if (b - open - delays > 0) {
                    q.add(tag, open + delays, b - open - delays, -1, 0, 0);
                    q.around(first, 0, 0);
                }
                tailCount = 0;
                open = b;
                q.ensureEvents(q.used + GROUP_EVENTS);
                scan(addresses, bins, s.end, count, isStarted, open, q.address, q.bin, q.used);
            }
            eventsOutOfRange += s.outOfRange;
            eventsOutOfOrder += s.outOfOrder;
            final int fresh = s.taken;
            final long last = s.last;
            final int j = s.end;
            final int n = q.used + tailCount + fresh;
            i = j;
            if (fresh == 0) {
                continue;
            }
            eventsAccepted += fresh;
            if (!isStarted) {
                isStarted = true;
                first = s.first;
                open = s.first;
            }
            if (last == open) {
                // every event in the open bin: no bin closes, all of them stay in the tail
                tailCount = n - q.used;
                continue;
            }
            final int from = q.used;
            final long base = Math.max(first, open - lookBack);
            q.add(tag, base, last - base, from, n - from, tailCount);
            q.around(first, (int) (open - base), radius);
            q.used = n;
            // the events that still reach bins >= last - 2r become the tail, after those taken
            int lo = from;
            while (lo < n && q.bin[lo] <= last - delays - lookBack) {
                lo++;
            }
            tailCount = n - lo;
            q.ensureEvents(n + tailCount);
            System.arraycopy(q.address, lo, q.address, n, tailCount);
            System.arraycopy(q.bin, lo, q.bin, n, tailCount);
            open = last;
        }
        state.setTail(isStarted, first, open, q.address, q.bin, q.used, tailCount);
    }

    /** Stream windows queued for the next {@link #flushQueued}. */
    int queuedWindows() {
        return queued.windows;
    }

    /**
     * Decides every queued window and sends its detections, window by window in the order they were
     * queued (so each stream's in order of bin, then motif), with the window's tag. The windows
     * with events go to the device packed side by side into as few launches as fit ({@value
     * #WINDOW_BINS} + D - 1 bins each, D empty bins between two windows so that no event reaches
     * another window's bins), two launches in flight: the host packs launch k + 1 while the device
     * runs launch k. The queue is empty afterwards.
     *
     * @throws CLException when the device fails; nothing was sent, the queue is kept (for {@link
     *     #redoQueued}) and the counters are as before the call
     */
    void flushQueued(final TaggedDetectionSink sink) {
        checkOpen();
        final MotifWindowQueue q = queued;
        if (q.windows == 0) {
            return;
        }
        final long binsBefore = binsEvaluated;
        final long detectionsBefore = detections;
        found = 0;
        try {
            int next = 0;
            while (next < q.windows || lanes[0].busy || lanes[1].busy) {
                final Lane lane = lanes[nextLane];
                if (lane.busy) {
                    doneQueued(lane);
                }
                if (next < q.windows) {
                    next = submitQueued(lane, next);
                }
                final Lane other = lanes[nextLane];
                if (other != lane && other.busy) {
                    doneQueued(other);
                }
                if (next >= q.windows) {
                    drainQueued();
                }
            }
        } catch (final CLException e) {
            binsEvaluated = binsBefore;
            detections = detectionsBefore;
            throw e;
        }
        int d = 0;
        for (int k = 0; k < q.windows; k++) {
            final int tag = q.tag[k];
            if (!q.onDevice(k)) {
                binsEvaluated += q.bins[k] - q.head[k];
                for (long t = q.head[k]; alwaysOn.length > 0 && t < q.bins[k]; t++) {
                    for (final int m : alwaysOn) {
                        detections++;
                        sink.onDetection(tag, m, q.base[k] + t, bias[m]);
                    }
                }
                continue;
            }
            final int lo = d;
            while (d < found && foundWindow[d] == k) {
                d++;
            }
            int end = d;
            if (radius > 0) {
                end =
                        suppression.keepSurvivors(
                                foundMotif,
                                foundBin,
                                foundPotential,
                                lo,
                                d,
                                q.base[k] + q.head[k] - radius,
                                q.base[k] + q.bins[k] - q.hold[k]);
                detections -= d - end; // counted by judge as cells at or above the threshold
            }
            for (int f = lo; f < end; f++) {
                sink.onDetection(tag, foundMotif[f], foundBin[f], foundPotential[f]);
            }
        }
        q.clear();
    }

    /**
     * After a failed {@link #flushQueued}: decides every queued window on {@code cpu} instead (each
     * from its stream's tail, as the CPU detector goes on from a saved place) and sends the
     * detections as the flush would have; the queue is empty afterwards.
     */
    void redoQueued(final CpuMotifBackend cpu, final TaggedDetectionSink sink) {
        final MotifWindowQueue q = queued;
        final MotifStreamState place = new MotifStreamState(motifs, delays, 2 * radius + 1);
        for (int k = 0; k < q.windows; k++) {
            final int tag = q.tag[k];
            final MotifDetectionSink tagged = (m, bin, v) -> sink.onDetection(tag, m, bin, v);
            if (!q.onDevice(k)) {
                for (long t = 0; alwaysOn.length > 0 && t < q.bins[k]; t++) {
                    for (final int m : alwaysOn) {
                        tagged.onDetection(m, q.base[k] + t, bias[m]);
                    }
                }
                continue;
            }
            place.setTail(
                    true,
                    q.first[k],
                    q.base[k] + q.head[k],
                    q.address,
                    q.bin,
                    q.from[k],
                    q.replay[k]);
            cpu.loadState(place);
            final int fresh = q.from[k] + q.replay[k];
            if (fresh < q.from[k] + q.events[k]) {
                cpu.process(q.address, q.bin, fresh, q.from[k] + q.events[k], tagged);
            } else {
                cpu.finish(tagged);
            }
        }
        q.clear();
    }

    /**
     * Packs queued windows from {@code first} on side by side into {@code lane} and submits them as
     * one launch; returns the first window not packed.
     */
    private int submitQueued(final Lane lane, final int first) {
        final MotifWindowQueue q = queued;
        int k = first;
        int offset = 0;
        int n = 0;
        int end = 0;
        boolean packed = false;
        while (k < q.windows) {
            if (!q.onDevice(k)) {
                k++;
                continue;
            }
            final int bins = (int) q.bins[k];
            final int events = q.events[k];
            if (packed && (offset + bins > WINDOW_BINS + delays - 1 || n + events > GROUP_EVENTS)) {
                break;
            }
            packed = true;
            lane.ensureHostCapacity(n + events);
            final long shift = offset - q.base[k];
            final int from = q.from[k];
            for (int e = 0; e < events; e++) {
                lane.address[n] = q.address[from + e];
                lane.bin[n] = q.bin[from + e] + shift;
                n++;
            }
            q.offset[k] = offset;
            end = offset + bins;
            offset = end + delays;
            k++;
        }
        lane.firstQueued = first;
        lane.endQueued = k;
        submit(lane, n, 0, 0L, end, 0, 0, false);
        return k;
    }

    /** Waits for a launch of queued windows and keeps its detections, by window. */
    private void doneQueued(final Lane lane) {
        final MotifWindowQueue q = queued;
        final long before = binsEvaluated;
        foundCursor = lane.firstQueued;
        foundEnd = lane.endQueued;
        done(lane, keepFound);
        long bins = 0;
        for (int k = lane.firstQueued; k < lane.endQueued; k++) {
            bins += q.onDevice(k) ? q.bins[k] - q.head[k] : 0;
        }
        binsEvaluated = before + bins;
    }

    private void drainQueued() {
        while (lanes[0].busy || lanes[1].busy) {
            doneQueued(oldestBusy());
        }
    }

    /**
     * Keeps a detection of a launch of queued windows (cells arrive in order) under its window, its
     * bin back in the stream's numbering; drops the empty bins between windows.
     */
    private void keep(final int m, final long cell, final double v) {
        final MotifWindowQueue q = queued;
        while (foundCursor < foundEnd
                && (!q.onDevice(foundCursor)
                        || cell >= q.offset[foundCursor] + q.bins[foundCursor])) {
            foundCursor++;
        }
        final int k = foundCursor;
        if (k == foundEnd || cell < q.offset[k]) {
            detections--; // a bin between windows: counted by judge, not a detection
            return;
        }
        if (found == foundWindow.length) {
            final int size = 2 * found;
            foundWindow = Arrays.copyOf(foundWindow, size);
            foundMotif = Arrays.copyOf(foundMotif, size);
            foundBin = Arrays.copyOf(foundBin, size);
            foundPotential = Arrays.copyOf(foundPotential, size);
        }
        foundWindow[found] = k;
        foundMotif[found] = m;
        foundBin[found] = q.base[k] + (cell - q.offset[k]);
        foundPotential[found] = (float) v;
        found++;
    }

    /** A fresh stream's place in tail form (not started, no events): how this backend keeps one. */
    @Override
    public MotifStreamState newState() {
        final MotifStreamState s = new MotifStreamState(motifs, delays, 2 * radius + 1);
        s.setTail(false, 0, lanes[0].address, lanes[0].bin, 0);
        return s;
    }

    /**
     * Goes on with the stream whose place {@code state} holds (tail form), copied into this
     * backend; the counters keep counting across streams.
     *
     * @throws IllegalArgumentException when the state is in ring form (the CPU detector's, which
     *     cannot be turned back into events) or its M or D differ from the kernel's
     * @throws IllegalStateException when windows of the stream before are still in flight (held
     *     across calls): {@link #saveState} completes them
     */
    @Override
    public void loadState(final MotifStreamState state) {
        checkOpen();
        checkShape(state);
        checkTailForm(state);
        if (lanes[0].busy || lanes[1].busy) {
            throw new IllegalStateException(
                    "windows of the stream before are in flight; save its place first");
        }
        final Lane lane = lanes[nextLane];
        lane.ensureHostCapacity(state.tailCount() + GROUP_EVENTS);
        state.tail(lane.address, lane.bin);
        tailLane = lane;
        tailFrom = 0;
        tailCount = state.tailCount();
        started = state.started();
        firstBin = state.firstBin();
        openBin = state.openBin();
        consumed = 0;
    }

    /**
     * Completes every window in flight, sending its detections to {@code sink}, then writes the
     * stream's place (whether it started, its open bin, the events still reaching undecided bins)
     * into {@code state} in tail form. A window in flight holds events whose bins are not decided
     * yet and that the tail alone does not hold, so the place is saved only once none is: then
     * every bin before the open bin is decided and sent, and whichever path goes on with the state
     * (this backend after other streams, or the CPU detector) detects what the CPU detector would,
     * one for one. Without {@link BackendOptions#holdWindows()} no window outlives a call and there
     * is nothing to complete.
     *
     * @throws CLException when the device fails completing a window; the windows not done stay
     *     pending, as after a failed {@link #process}
     */
    @Override
    public void saveState(final MotifStreamState state, final MotifDetectionSink sink) {
        checkOpen();
        checkShape(state);
        drain(sink);
        writeTail(state);
    }

    /** Writes the place the tail stands for into {@code state}; no window may be in flight. */
    private void writeTail(final MotifStreamState state) {
        final Lane lane = tailCount > 0 ? tailLane : lanes[0];
        copyTail(lane); // to the front of its lane
        state.setTail(started, firstBin, openBin, lane.address, lane.bin, 0, tailCount);
    }

    private void checkShape(final MotifStreamState state) {
        if (state.motifs() != motifs
                || state.delays() != delays
                || state.historyBins() != 2 * radius + 1) {
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
                            + ", 2r+1="
                            + (2 * radius + 1));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
    }

    /** A state in ring form (the CPU detector's) cannot be turned back into events. */
    private static void checkTailForm(final MotifStreamState state) {
        if (!state.isTail()) {
            throw new IllegalArgumentException(
                    "a motif state in ring form (the cpu detector's) cannot go on on opencl");
        }
    }

    /** Index in the current batch of the first event that entered no window (for the fallback). */
    int consumed() {
        return consumed;
    }

    /**
     * After a failure: writes into {@code state} the stream's place before its first window not
     * done, in tail form (every bin before it was decided and its detections sent), and returns how
     * many new events the windows not done took ({@link #pendingEvents} copies them). The CPU
     * detector goes on from that place with those events, sending their detections, then with the
     * failed call's events from {@link #consumed()}: no detection is lost or sent twice.
     */
    int savePendingState(final MotifStreamState state) {
        checkShape(state);
        final Lane oldest = oldestBusy();
        if (oldest == null) {
            writeTail(state);
            return 0;
        }
        // a window's first events are the tail it was submitted with, its base the open bin then
        state.setTail(
                true,
                firstBin,
                oldest.base + oldest.head,
                oldest.address,
                oldest.bin,
                0,
                oldest.replay);
        final Lane other = oldest == lanes[0] ? lanes[1] : lanes[0];
        return oldest.n - oldest.replay + (other.busy ? other.n - other.replay : 0);
    }

    /**
     * Copies the new events of the windows not done, oldest window first (each without the events
     * it took from the window before), into the arrays: {@link #savePendingState}'s count of them.
     */
    void pendingEvents(final int[] addressesOut, final long[] binsOut) {
        final Lane oldest = oldestBusy();
        if (oldest == null) {
            return;
        }
        final int fresh = oldest.n - oldest.replay;
        System.arraycopy(oldest.address, oldest.replay, addressesOut, 0, fresh);
        System.arraycopy(oldest.bin, oldest.replay, binsOut, 0, fresh);
        final Lane other = oldest == lanes[0] ? lanes[1] : lanes[0];
        if (other.busy) {
            System.arraycopy(
                    other.address, other.replay, addressesOut, fresh, other.n - other.replay);
            System.arraycopy(other.bin, other.replay, binsOut, fresh, other.n - other.replay);
        }
    }

    /** The suppression radius r in bins (0: none). */
    int nmsRadius() {
        return radius;
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

    /**
     * Makes the next wait for a window fail as a device lost while windows are in flight (an
     * asynchronous error surfaces at the wait), for tests of the fallback's hand-over.
     */
    void simulateFaultOnComplete() {
        faultOnComplete = true;
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
        for (final Lane lane : lanes) {
            if (lane == null) {
                continue;
            }
            try {
                if (lane.queue != null) {
                    clFinish(lane.queue);
                }
            } catch (final CLException e) {
                // a failed device: what it held goes with its context
            }
            for (final cl_event e : lane.events) {
                try {
                    clReleaseEvent(e);
                } catch (final CLException ex) {
                    // as above
                }
            }
            lane.events.clear();
            try {
                releaseStaging(lane);
                if (lane.listBytes != null) {
                    clEnqueueUnmapMemObject(
                            lane.queue, lane.hostList, lane.listBytes, 0, null, null);
                    lane.listBytes = null;
                }
            } catch (final CLException e) {
                // as above
            }
            releaseMems(new cl_mem[] {lane.accMem, lane.countsMem, lane.listMem, lane.hostList});
            for (final cl_kernel k : lane.kernels) {
                try {
                    if (k != null) {
                        clReleaseKernel(k);
                    }
                } catch (final CLException e) {
                    // as above
                }
            }
            try {
                if (lane.queue != null) {
                    clReleaseCommandQueue(lane.queue);
                }
            } catch (final CLException e) {
                // as above
            }
        }
        releaseMems(new cl_mem[] {delayStartMem, delayMem, motifMem, weightMem, denseMem, biasMem});
    }

    private void setMemArg(final cl_kernel k, final int index, final cl_mem mem) {
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(mem));
    }

    private void setIntArg(final cl_kernel k, final int index, final int value) {
        intArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_int, intArgPointer);
    }

    private void setFloatArg(final cl_kernel k, final int index, final float value) {
        floatArg[0] = value;
        clSetKernelArg(k, index, Sizeof.cl_float, floatArgPointer);
    }

    private cl_mem pinned(final long bytes) {
        return clCreateBuffer(
                built.context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
    }

    private static ByteBuffer map(
            final cl_command_queue queue, final cl_mem mem, final long bytes, final long flags) {
        return clEnqueueMapBuffer(queue, mem, CL_TRUE, flags, 0, bytes, 0, null, null, null)
                .order(ByteOrder.nativeOrder());
    }

    private cl_mem constant(final Pointer data, final long bytes) {
        return clCreateBuffer(
                built.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, data, null);
    }

    private cl_mem work(final long bytes) {
        return clCreateBuffer(built.context, CL_MEM_READ_WRITE, bytes, null, null);
    }

    private static void releaseMems(final cl_mem[] mems) {
        for (final cl_mem mem : mems) {
            if (mem != null) {
                try {
                    clReleaseMemObject(mem);
                } catch (final CLException e) {
                    // a failed device: what it held goes with its context
                }
            }
        }
    }
}

package org.neurostream.operators.compute;

import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
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
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.WelchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The band-power hot path on one OpenCL device (kernels in {@code welch.cl}): upload, detrend,
 * periodic Hann window, transform, |X_k|^2, segment sums, then the PSD and the band and relative
 * powers all run on the device; the host only stages the samples and reads back channels x bands x
 * 2 floats.
 *
 * <p>Kernels: step 1 is {@code welch_fft_pairs} when nperseg is a power of two whose 8 nperseg
 * bytes fit in local memory (two segments per complex FFT, a radix-4 Stockham FFT in local memory,
 * each work-group summing the periodograms of a run of segments in registers), else {@code
 * welch_dft}, a direct DFT of the one-sided bins (O(nperseg^2) per segment) when 4 nperseg bytes
 * fit; larger segments are refused at construction ({@link UnsupportedOperationException}) and
 * {@link BandPowerBackends} takes the CPU path. Step 2, {@code welch_psd_bands}, adds each
 * channel's partial sums into its PSD and reduces the band integrals in the same work-group. The
 * FFT's work-group is nperseg / 4 work-items (the most the butterflies use), or fewer down to
 * nperseg / 16 where the device allows less; runs of segments per work-group are chosen so that a
 * batch makes about 8 work-groups per compute unit. Arithmetic is float32 throughout, against the
 * CPU path's double sums: the parity tests hold both to 1e-4 relative.
 *
 * <p>Batches in flight: {@value #DEPTH} slots, each with its own command queue, pinned host buffers
 * ({@code CL_MEM_ALLOC_HOST_PTR}, mapped once for the slot's life) for the samples and the results,
 * device buffers and its own kernel objects, whose arguments are set when the slot's buffers or the
 * batch shape change and never otherwise. A slot's batch is one non-blocking upload from its pinned
 * buffer (a DMA at the link's speed), the two kernels and a non-blocking read of the results, all
 * on its queue; uploads of one slot overlap kernels of another on a device with copy engines. The
 * synchronous {@link #bandPowers} runs on the same slots: it splits the channels into sub-batches
 * and copies the next into its slot's pinned buffer while the device uploads and transforms the
 * ones before.
 *
 * <p>Memory: the context and the built program are shared per device ({@link OpenClPrograms}); a
 * slot's buffers grow when a batch is larger than every earlier one in that slot, never per batch.
 * Any OpenCL failure surfaces as {@link CLException}; the slots' host buffers then still hold their
 * batches for {@link FallbackBandPowerBackend} to hand to the CPU path.
 */
public final class OpenClBandPowerBackend implements BandPowerBackend {
    private static final Logger LOG = LoggerFactory.getLogger(OpenClBandPowerBackend.class);

    /** Batches in flight at most: one uploading, one computing, one being read back or filled. */
    public static final int DEPTH = 3;

    /** The kernels' source, next to this class. */
    static final String SOURCE = "welch.cl";

    /** Fewest channels per sub-batch of the synchronous path. */
    static final int MIN_SUB_BATCH = 64;

    /** Work-groups per compute unit that a batch should make at least. */
    private static final int GROUPS_PER_UNIT = 8;

    /** Largest work-group of the band kernel. */
    private static final int BANDS_GROUP = 256;

    private final WelchConfig config;
    private final OpenClDevice device;
    private final int nperseg;
    private final int step;
    private final int bins;
    private final int bandCount;
    private final boolean fft;
    private final String transformName;
    private final int detrendCode;
    private final int trapz;
    private final float binWidth;
    private final float centre;
    private final float rampNorm;
    private final boolean profiling;
    private final OpenClProfile profile = new OpenClProfile();

    private final OpenClPrograms.Built built;
    private final cl_mem windowMem;
    private final cl_mem twiddleMem;
    private final cl_mem scaleMem;
    private final cl_mem firstMem;
    private final cl_mem lastMem;
    private final Slot[] slots;
    private final BatchSlots state;
    private final long transformLocal;
    private final long bandsLocal;

    /** Per sub-batch of the synchronous path: its first channel. */
    private final int[] subBatchStart;

    private final int[] intArg = new int[1];
    private final float[] floatArg = new float[1];
    private final Pointer intArgPointer = Pointer.to(intArg);
    private final Pointer floatArgPointer = Pointer.to(floatArg);
    private final long[] global2 = new long[2];
    private final long[] local2 = new long[2];
    private final long[] global1 = new long[1];
    private final long[] local1 = new long[1];

    private long faultLocalSize;
    private boolean faultOnComplete;
    private boolean ranOnce;
    private boolean closed;

    /** What one slot owns: its queue, kernels, pinned host buffers and device buffers. */
    private static final class Slot {
        cl_command_queue queue;
        cl_kernel transform;
        cl_kernel bands;
        cl_mem hostInput;
        ByteBuffer hostInputBytes;
        FloatBuffer hostInputFloats;
        cl_mem input;
        cl_mem partial;
        cl_mem output;
        cl_mem hostOutput;
        ByteBuffer hostOutputBytes;
        FloatBuffer hostOutputFloats;
        long inputFloats;
        long partialFloats;
        long outputFloats;
        boolean argsStale = true;
        int boundLength = -1;
        int boundSegments = -1;
        int boundPairs = -1;
        int boundRows = -1;
        int segments;
        final List<cl_event> events = new ArrayList<>();
        final List<String> eventNames = new ArrayList<>();
        final List<Long> eventBytes = new ArrayList<>();
    }

    /**
     * Builds (or reuses) the program on {@code device} and allocates this backend's slots (queues,
     * kernels) and constant tables.
     *
     * @throws CLException when the program does not build or the device refuses a resource
     * @throws UnsupportedOperationException when one segment does not fit in local memory
     */
    public OpenClBandPowerBackend(final WelchConfig config, final OpenClDevice device) {
        this(config, device, OpenClPrograms.source(SOURCE), DEPTH, false);
    }

    /**
     * As the public constructor, with the kernel source (tests build broken sources), the number of
     * slots and profiling given.
     */
    OpenClBandPowerBackend(
            final WelchConfig config,
            final OpenClDevice device,
            final String source,
            final int depth,
            final boolean profiling) {
        this.config = Objects.requireNonNull(config, "config");
        this.device = Objects.requireNonNull(device, "device");
        this.profiling = profiling;
        this.nperseg = config.nperseg();
        this.step = config.step();
        this.bins = config.bins();
        final List<Band> bands = config.bands();
        this.bandCount = bands.size();
        final boolean powerOfTwo = Integer.bitCount(nperseg) == 1;
        this.fft = powerOfTwo && fitsFft(nperseg, device);
        if (!fft && !fits(4L * nperseg, device)) {
            throw new UnsupportedOperationException(
                    "nperseg "
                            + nperseg
                            + " does not fit in the "
                            + device.localMemBytes()
                            + " bytes of local memory of "
                            + device);
        }
        this.transformName = fft ? "welch_fft_pairs" : "welch_dft";
        this.detrendCode =
                switch (config.detrend()) {
                    case NONE -> 0;
                    case CONSTANT -> 1;
                    case LINEAR -> 2;
                };
        this.trapz = config.integration() == BandIntegration.TRAPZ ? 1 : 0;
        this.binWidth = (float) config.binWidth();
        this.centre = (float) (0.5 * (nperseg - 1));
        this.rampNorm = (float) (12.0 / ((double) nperseg * ((double) nperseg * nperseg - 1.0)));
        this.state = new BatchSlots(depth);
        this.subBatchStart = new int[depth];
        this.slots = new Slot[depth];

        this.built = OpenClPrograms.built(device, source);
        final cl_mem[] constants = new cl_mem[5];
        final long[] locals = new long[2];
        try {
            constants[0] = constant(window(nperseg));
            constants[1] = constant(twiddles(nperseg));
            constants[2] = constant(binScales(config));
            final int[] first = new int[bandCount + 1];
            final int[] last = new int[bandCount + 1];
            for (int b = 0; b < bandCount; b++) {
                first[b] = config.firstBin(bands.get(b));
                last[b] = config.lastBin(bands.get(b));
            }
            first[bandCount] = config.firstBin(config.relativeRange());
            last[bandCount] = config.lastBin(config.relativeRange());
            constants[3] = constant(first);
            constants[4] = constant(last);
            for (int s = 0; s < depth; s++) {
                slots[s] = newSlot();
            }
            locals[0] = transformLocalSize(slots[0].transform);
            locals[1] = bandsLocalSize(slots[0].bands);
        } catch (final RuntimeException e) {
            releaseSlots();
            releaseQuietly(constants);
            throw e;
        }
        this.windowMem = constants[0];
        this.twiddleMem = constants[1];
        this.scaleMem = constants[2];
        this.firstMem = constants[3];
        this.lastMem = constants[4];
        this.transformLocal = locals[0];
        this.bandsLocal = locals[1];
        LOG.info(
                "opencl band power on {}: kernels {}; nperseg {}, work-groups {} and {}, {} slots"
                        + "{}",
                device,
                kernelNames(),
                nperseg,
                transformLocal,
                bandsLocal,
                depth,
                profiling ? ", profiled" : "");
    }

    @Override
    public String name() {
        return BackendKind.OPENCL.label();
    }

    @Override
    public String device() {
        return device.toString();
    }

    /** The OpenCL device this backend runs on. */
    public OpenClDevice openClDevice() {
        return device;
    }

    /** The kernels a batch runs, in order, for logs. */
    public List<String> kernelNames() {
        return List.of(transformName, "welch_psd_bands");
    }

    @Override
    public WelchConfig config() {
        return config;
    }

    @Override
    public int bandCount() {
        return bandCount;
    }

    @Override
    public int depth() {
        return slots.length;
    }

    @Override
    public List<OpenClProfile.Entry> profile() {
        return profile.entries();
    }

    @Override
    public int bandPowers(
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        final int count = channels.length;
        final int needed = count * bandCount;
        CpuBandPowerBackend.checkOutput("out", out, needed);
        if (relativeOut != null) {
            CpuBandPowerBackend.checkOutput("relativeOut", relativeOut, needed);
        }
        for (final float[] channel : channels) {
            Objects.checkFromIndexSize(offset, length, channel.length);
        }
        requireOpen();
        state.requireIdle();
        final int segments = config.segmentCount(length);
        if (segments == 0 || count == 0) {
            Arrays.fill(out, 0, needed, 0.0);
            if (relativeOut != null) {
                Arrays.fill(relativeOut, 0, needed, 0.0);
            }
            return segments;
        }
        final int sub = subBatchChannels(count);
        int next = 0;
        try {
            for (int c0 = 0; c0 < count; c0 += sub) {
                final int s = next;
                next = (next + 1) % slots.length;
                if (state.inFlight(s)) {
                    completeInto(s, out, relativeOut, subBatchStart[s] * bandCount);
                }
                final int c1 = Math.min(count, c0 + sub);
                final FloatBuffer staged = input(s, c1 - c0, length);
                for (int c = c0; c < c1; c++) {
                    staged.put(channels[c], offset, length);
                }
                subBatchStart[s] = c0;
                submit(s);
            }
            for (int i = 0; i < slots.length; i++) {
                final int s = (next + i) % slots.length;
                if (state.inFlight(s)) {
                    completeInto(s, out, relativeOut, subBatchStart[s] * bandCount);
                }
            }
        } catch (final CLException e) {
            // the caller gets the whole batch again from the fallback; no slot stays held
            state.clear();
            throw e;
        }
        return segments;
    }

    /** Channels per sub-batch of the synchronous path: about two per slot, at least a chunk. */
    private int subBatchChannels(final int count) {
        final int perSlot = (count + 2 * slots.length - 1) / (2 * slots.length);
        return Math.max(MIN_SUB_BATCH, perSlot);
    }

    @Override
    public FloatBuffer input(final int slot, final int channels, final int length) {
        requireOpen();
        Objects.checkIndex(slot, slots.length);
        if (state.inFlight(slot)) {
            throw new IllegalStateException("slot " + slot + " has a batch in flight");
        }
        if (channels < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "channels and length must be >= 0; got " + channels + ", " + length);
        }
        final Slot s = slots[slot];
        final long floats = (long) channels * length;
        if (floats > s.inputFloats) {
            growInput(s, floats);
        }
        state.fill(slot, channels, length);
        final FloatBuffer b = s.hostInputFloats;
        b.clear().limit((int) floats);
        return b;
    }

    @Override
    public void submit(final int slot) {
        requireOpen();
        Objects.checkIndex(slot, slots.length);
        if (!state.filled(slot)) {
            state.submit(slot); // throws with the reason
        }
        final Slot s = slots[slot];
        final int count = state.channels(slot);
        final int length = state.length(slot);
        final int segments = config.segmentCount(length);
        s.segments = segments;
        if (segments > 0 && count > 0) {
            enqueue(s, count, length, segments);
        }
        state.submit(slot);
    }

    @Override
    public int complete(final int slot, final double[] out, final double[] relativeOut) {
        requireOpen();
        Objects.checkIndex(slot, slots.length);
        final int needed = state.channels(slot) * bandCount;
        CpuBandPowerBackend.checkOutput("out", out, needed);
        if (relativeOut != null) {
            CpuBandPowerBackend.checkOutput("relativeOut", relativeOut, needed);
        }
        return completeInto(slot, out, relativeOut, 0);
    }

    /** Waits for the slot's batch and writes its outputs from {@code at} on. */
    private int completeInto(
            final int slot, final double[] out, final double[] relativeOut, final int at) {
        if (!state.inFlight(slot)) {
            state.complete(slot); // throws with the reason
        }
        if (faultOnComplete) {
            faultOnComplete = false;
            throw new CLException("simulated device fault while a batch is in flight");
        }
        final Slot s = slots[slot];
        final int count = state.channels(slot);
        final int segments = s.segments;
        final int needed = count * bandCount;
        if (segments == 0 || count == 0) {
            Arrays.fill(out, at, at + needed, 0.0);
            if (relativeOut != null) {
                Arrays.fill(relativeOut, at, at + needed, 0.0);
            }
            state.complete(slot);
            return segments;
        }
        clFinish(s.queue);
        if (profiling) {
            collectProfile(s);
        }
        final FloatBuffer result = s.hostOutputFloats;
        for (int c = 0; c < count; c++) {
            final int base = c * 2 * bandCount;
            final int o = at + c * bandCount;
            for (int b = 0; b < bandCount; b++) {
                out[o + b] = result.get(base + b);
                if (relativeOut != null) {
                    relativeOut[o + b] = result.get(base + bandCount + b);
                }
            }
        }
        state.complete(slot);
        if (!ranOnce) {
            ranOnce = true;
            LOG.info(
                    "opencl band power: first batch ({} channels x {} samples, {} segments) ran"
                            + " kernels {} on {}",
                    count,
                    state.length(slot),
                    segments,
                    kernelNames(),
                    device);
        }
        return segments;
    }

    /** Upload, both kernels and the read-back of one batch on the slot's queue, no wait. */
    private void enqueue(final Slot s, final int count, final int length, final int segments) {
        final int pairs = (segments + 1) / 2;
        final int rows;
        final int pairsPerGroup;
        if (fft) {
            final long target = (long) GROUPS_PER_UNIT * device.computeUnits();
            final int groups = (int) Math.min(pairs, Math.max(1, (target + count - 1) / count));
            pairsPerGroup = (pairs + groups - 1) / groups;
            rows = (pairs + pairsPerGroup - 1) / pairsPerGroup;
        } else {
            pairsPerGroup = 0;
            rows = segments;
        }
        ensureWorkBuffers(s, (long) count * rows * bins, (long) count * 2 * bandCount);
        bindArgs(s, length, segments, pairsPerGroup, rows);
        final long bytes = (long) count * length * Sizeof.cl_float;
        clEnqueueWriteBuffer(
                s.queue,
                s.input,
                false,
                0,
                bytes,
                Pointer.to(s.hostInputBytes),
                0,
                null,
                event(s, "h2d", bytes));
        final long local = faultLocalSize > 0 ? faultLocalSize : transformLocal;
        faultLocalSize = 0;
        global2[0] = (long) (fft ? rows : segments) * local;
        global2[1] = count;
        local2[0] = local;
        local2[1] = 1;
        clEnqueueNDRangeKernel(
                s.queue,
                s.transform,
                2,
                null,
                global2,
                local2,
                0,
                null,
                event(s, transformName, 0));
        global1[0] = (long) count * bandsLocal;
        local1[0] = bandsLocal;
        clEnqueueNDRangeKernel(
                s.queue,
                s.bands,
                1,
                null,
                global1,
                local1,
                0,
                null,
                event(s, "welch_psd_bands", 0));
        final long outBytes = (long) count * 2 * bandCount * Sizeof.cl_float;
        clEnqueueReadBuffer(
                s.queue,
                s.output,
                false,
                0,
                outBytes,
                Pointer.to(s.hostOutputBytes),
                0,
                null,
                event(s, "d2h", outBytes));
        clFlush(s.queue);
    }

    /** A new event to profile the next command with, or null when not profiling. */
    private cl_event event(final Slot s, final String name, final long bytes) {
        if (!profiling) {
            return null;
        }
        final cl_event e = new cl_event();
        s.events.add(e);
        s.eventNames.add(name);
        s.eventBytes.add(bytes);
        return e;
    }

    private void collectProfile(final Slot s) {
        for (int i = 0; i < s.events.size(); i++) {
            profile.add(s.eventNames.get(i), s.events.get(i), s.eventBytes.get(i));
        }
        s.events.clear();
        s.eventNames.clear();
        s.eventBytes.clear();
    }

    /** Sets the slot's kernel arguments when its buffers or the batch shape changed. */
    private void bindArgs(
            final Slot s, final int length, final int segments, final int pairs, final int rows) {
        if (!s.argsStale
                && s.boundLength == length
                && s.boundSegments == segments
                && s.boundPairs == pairs
                && s.boundRows == rows) {
            return;
        }
        final cl_kernel t = s.transform;
        int i = 0;
        setArg(t, i++, s.input);
        setArg(t, i++, length);
        setArg(t, i++, step);
        setArg(t, i++, segments);
        if (fft) {
            setArg(t, i++, pairs);
            setArg(t, i++, rows);
            setArg(t, i++, nperseg);
            setArg(t, i++, Integer.numberOfTrailingZeros(nperseg));
        } else {
            setArg(t, i++, nperseg);
        }
        setArg(t, i++, bins);
        setArg(t, i++, detrendCode);
        setArg(t, i++, centre);
        setArg(t, i++, rampNorm);
        setArg(t, i++, windowMem);
        setArg(t, i++, twiddleMem);
        setArg(t, i++, s.partial);
        clSetKernelArg(t, i++, (long) nperseg * (fft ? 2 : 1) * Sizeof.cl_float, null);
        clSetKernelArg(t, i, (fft ? 4L : 2L) * transformLocal * Sizeof.cl_float, null);
        final cl_kernel b = s.bands;
        i = 0;
        setArg(b, i++, s.partial);
        setArg(b, i++, rows);
        setArg(b, i++, bins);
        setArg(b, i++, scaleMem);
        setArg(b, i++, (float) (1.0 / segments));
        setArg(b, i++, bandCount);
        setArg(b, i++, firstMem);
        setArg(b, i++, lastMem);
        setArg(b, i++, trapz);
        setArg(b, i++, binWidth);
        setArg(b, i++, s.output);
        clSetKernelArg(b, i++, (long) bins * Sizeof.cl_float, null);
        clSetKernelArg(b, i, bandsLocal * Sizeof.cl_float, null);
        s.argsStale = false;
        s.boundLength = length;
        s.boundSegments = segments;
        s.boundPairs = pairs;
        s.boundRows = rows;
    }

    /**
     * The slot's batch as its host buffer holds it (position 0, limit channels x length) while the
     * slot is filled or in flight, else null: for the fallback's hand-over.
     */
    FloatBuffer heldInput(final int slot) {
        if (!state.filled(slot) && !state.inFlight(slot)) {
            return null;
        }
        final FloatBuffer b = slots[slot].hostInputFloats.duplicate();
        b.clear().limit(state.channels(slot) * state.length(slot));
        return b;
    }

    int heldChannels(final int slot) {
        return state.channels(slot);
    }

    int heldLength(final int slot) {
        return state.length(slot);
    }

    boolean heldSubmitted(final int slot) {
        return state.inFlight(slot);
    }

    /**
     * Makes the next launch fail the way a lost or misbehaving device does, with a {@link
     * CLException} from the driver (a launch the device refuses: a work-group larger than it
     * accepts), so that tests can check the fallback without a device to unplug.
     */
    void simulateDeviceFault() {
        faultLocalSize = Math.max(device.maxWorkGroupSize(), transformLocal) * 2;
    }

    /**
     * Makes the next {@link #complete} fail as a device that was lost while batches were in flight
     * (an asynchronous error surfaces at the wait), for tests of the fallback's hand-over.
     */
    void simulateFaultOnComplete() {
        faultOnComplete = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseSlots();
        releaseQuietly(new cl_mem[] {windowMem, twiddleMem, scaleMem, firstMem, lastMem});
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
    }

    private Slot newSlot() {
        final Slot s = new Slot();
        final long properties = profiling ? CL_QUEUE_PROFILING_ENABLE : 0;
        s.queue = clCreateCommandQueue(built.context, device.deviceId, properties, null);
        s.transform = clCreateKernel(built.program, transformName, null);
        s.bands = clCreateKernel(built.program, "welch_psd_bands", null);
        return s;
    }

    /** Grows the slot's pinned host buffer and device buffer of samples. */
    private void growInput(final Slot s, final long floats) {
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a batch of " + floats + " samples is more than one buffer holds");
        }
        releaseInput(s);
        final long bytes = floats * Sizeof.cl_float;
        s.hostInput = clCreateBuffer(built.context, CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
        s.hostInputBytes =
                clEnqueueMapBuffer(
                                s.queue,
                                s.hostInput,
                                true,
                                CL_MAP_WRITE,
                                0,
                                bytes,
                                0,
                                null,
                                null,
                                null)
                        .order(ByteOrder.nativeOrder());
        s.hostInputFloats = s.hostInputBytes.asFloatBuffer();
        s.input = clCreateBuffer(built.context, CL_MEM_READ_ONLY, bytes, null, null);
        s.inputFloats = floats;
        s.argsStale = true;
    }

    /** Grows the slot's partial sums and outputs (device, and pinned host for the outputs). */
    private void ensureWorkBuffers(final Slot s, final long partial, final long output) {
        if (partial > s.partialFloats) {
            release(s.partial);
            s.partial = null;
            s.partial =
                    clCreateBuffer(
                            built.context,
                            CL_MEM_READ_WRITE,
                            partial * Sizeof.cl_float,
                            null,
                            null);
            s.partialFloats = partial;
            s.argsStale = true;
        }
        if (output > s.outputFloats) {
            releaseOutput(s);
            final long bytes = output * Sizeof.cl_float;
            s.output = clCreateBuffer(built.context, CL_MEM_WRITE_ONLY, bytes, null, null);
            s.hostOutput = clCreateBuffer(built.context, CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
            s.hostOutputBytes =
                    clEnqueueMapBuffer(
                                    s.queue,
                                    s.hostOutput,
                                    true,
                                    CL_MAP_READ,
                                    0,
                                    bytes,
                                    0,
                                    null,
                                    null,
                                    null)
                            .order(ByteOrder.nativeOrder());
            s.hostOutputFloats = s.hostOutputBytes.asFloatBuffer();
            s.outputFloats = output;
            s.argsStale = true;
        }
    }

    private void releaseInput(final Slot s) {
        if (s.hostInputBytes != null) {
            clEnqueueUnmapMemObject(s.queue, s.hostInput, s.hostInputBytes, 0, null, null);
            s.hostInputBytes = null;
            s.hostInputFloats = null;
        }
        release(s.hostInput);
        release(s.input);
        s.hostInput = null;
        s.input = null;
        s.inputFloats = 0;
    }

    private void releaseOutput(final Slot s) {
        if (s.hostOutputBytes != null) {
            clEnqueueUnmapMemObject(s.queue, s.hostOutput, s.hostOutputBytes, 0, null, null);
            s.hostOutputBytes = null;
            s.hostOutputFloats = null;
        }
        release(s.hostOutput);
        release(s.output);
        s.hostOutput = null;
        s.output = null;
        s.outputFloats = 0;
    }

    /** Releases every slot's resources, ignoring errors (a failed device may refuse some). */
    private void releaseSlots() {
        for (final Slot s : slots) {
            if (s == null) {
                continue;
            }
            try {
                if (s.queue != null) {
                    clFinish(s.queue);
                }
            } catch (final CLException e) {
                LOG.debug("finishing an OpenCL queue failed: {}", e.getMessage());
            }
            for (final cl_event e : s.events) {
                try {
                    CL.clReleaseEvent(e);
                } catch (final CLException ex) {
                    LOG.debug("releasing an OpenCL event failed: {}", ex.getMessage());
                }
            }
            s.events.clear();
            try {
                releaseInput(s);
                releaseOutput(s);
            } catch (final CLException e) {
                LOG.debug("releasing a slot's buffers failed: {}", e.getMessage());
            }
            releaseQuietly(new cl_mem[] {s.partial});
            for (final cl_kernel k : new cl_kernel[] {s.transform, s.bands}) {
                try {
                    if (k != null) {
                        clReleaseKernel(k);
                    }
                } catch (final CLException e) {
                    LOG.debug("releasing an OpenCL kernel failed: {}", e.getMessage());
                }
            }
            try {
                if (s.queue != null) {
                    clReleaseCommandQueue(s.queue);
                }
            } catch (final CLException e) {
                LOG.debug("releasing an OpenCL queue failed: {}", e.getMessage());
            }
        }
    }

    /** The FFT's work-group: nperseg / 4 items where allowed, at least nperseg / 16. */
    private long transformLocalSize(final cl_kernel kernel) {
        final long limit = Math.min(kernelMax(kernel), device.maxWorkGroupSize());
        if (!fft) {
            long size = Long.highestOneBit(Math.max(1, Math.min(256, limit)));
            while (size > 1 && 4L * nperseg + 8 * size > device.localMemBytes()) {
                size >>= 1;
            }
            return size;
        }
        long size = Math.max(1, nperseg / 4);
        while (size > 1 && (size > limit || 8L * nperseg + 16 * size > device.localMemBytes())) {
            size >>= 1;
        }
        if (size < nperseg / 16) {
            throw new UnsupportedOperationException(
                    "the FFT of nperseg "
                            + nperseg
                            + " needs work-groups of at least "
                            + nperseg / 16
                            + " items; "
                            + device
                            + " allows "
                            + size);
        }
        return size;
    }

    /** The band kernel's work-group: a power of two up to 256 within the limits. */
    private long bandsLocalSize(final cl_kernel kernel) {
        long size =
                Long.highestOneBit(
                        Math.max(
                                1,
                                Math.min(
                                        BANDS_GROUP,
                                        Math.min(kernelMax(kernel), device.maxWorkGroupSize()))));
        while (size > 1 && 4L * bins + 4 * size > device.localMemBytes()) {
            size >>= 1;
        }
        if (4L * bins + 4 * size > device.localMemBytes()) {
            throw new UnsupportedOperationException(
                    "the PSD of " + bins + " bins does not fit in the local memory of " + device);
        }
        return size;
    }

    private long kernelMax(final cl_kernel kernel) {
        final long[] kernelMax = new long[1];
        CL.clGetKernelWorkGroupInfo(
                kernel,
                device.deviceId,
                CL.CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t,
                Pointer.to(kernelMax),
                null);
        return kernelMax[0];
    }

    /** Whether the FFT's segment and its reduction scratch fit in local memory. */
    private static boolean fitsFft(final int n, final OpenClDevice device) {
        return 8L * n + 16L * Math.max(1, n / 16) <= device.localMemBytes();
    }

    private static boolean fits(final long segmentBytes, final OpenClDevice device) {
        return segmentBytes + 8 <= device.localMemBytes();
    }

    private cl_mem constant(final float[] values) {
        return clCreateBuffer(
                built.context,
                CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                (long) Sizeof.cl_float * values.length,
                Pointer.to(values),
                null);
    }

    private cl_mem constant(final int[] values) {
        return clCreateBuffer(
                built.context,
                CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                (long) Sizeof.cl_int * values.length,
                Pointer.to(values),
                null);
    }

    /** Periodic Hann window, computed in double as WelchKernel does. */
    private static float[] window(final int n) {
        final float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n));
        }
        return w;
    }

    /** exp(-2 pi i m / n) for m in [0, n), interleaved (re, im), computed in double. */
    private static float[] twiddles(final int n) {
        final float[] t = new float[2 * n];
        for (int m = 0; m < n; m++) {
            final double angle = 2.0 * Math.PI * m / n;
            t[2 * m] = (float) Math.cos(angle);
            t[2 * m + 1] = (float) -Math.sin(angle);
        }
        return t;
    }

    /** c_k / (fs sum(w^2)) per bin, as WelchKernel's density scale. */
    private static float[] binScales(final WelchConfig config) {
        final int n = config.nperseg();
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            final double w = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n);
            sumSquares += w * w;
        }
        final float[] scale = new float[config.bins()];
        for (int k = 0; k < scale.length; k++) {
            final boolean single = k == 0 || (n % 2 == 0 && k == n / 2);
            scale[k] = (float) ((single ? 1.0 : 2.0) / (config.fs() * sumSquares));
        }
        return scale;
    }

    private static void setArg(final cl_kernel kernel, final int index, final cl_mem mem) {
        clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(mem));
    }

    private void setArg(final cl_kernel kernel, final int index, final int value) {
        intArg[0] = value;
        clSetKernelArg(kernel, index, Sizeof.cl_int, intArgPointer);
    }

    private void setArg(final cl_kernel kernel, final int index, final float value) {
        floatArg[0] = value;
        clSetKernelArg(kernel, index, Sizeof.cl_float, floatArgPointer);
    }

    private static void release(final cl_mem mem) {
        if (mem != null) {
            clReleaseMemObject(mem);
        }
    }

    /** Releases what exists, ignoring errors: used on failure and on close. */
    private static void releaseQuietly(final cl_mem[] mems) {
        for (final cl_mem m : mems) {
            try {
                release(m);
            } catch (final CLException e) {
                LOG.debug("releasing an OpenCL buffer failed: {}", e.getMessage());
            }
        }
    }
}

package org.neurostream.operators.compute;

import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueMarkerWithWaitList;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFlush;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.WelchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The band-power hot path on one OpenCL device (kernels in {@code welch.cl}): upload, detrend,
 * periodic Hann window, transform, |X_k|^2, segment average with density scaling, band sums and
 * relative power all run on the device; the host only stages the samples and reads back channels x
 * bands x 2 floats.
 *
 * <p>Transform: a radix-2 FFT in local memory ({@code welch_fft}) when nperseg is a power of two
 * and 8 nperseg bytes fit in the device's local memory (nperseg up to 4096 on a GPU with 48 KiB);
 * otherwise a direct DFT of the one-sided bins ({@code welch_dft}, O(nperseg^2) per segment) when 4
 * nperseg bytes fit; larger segments are refused at construction ({@link
 * UnsupportedOperationException}), and {@link BandPowerBackends} then takes the CPU path.
 * Arithmetic is float32 throughout (sums included), against the CPU path's double sums: the parity
 * tests hold both to 1e-4 relative.
 *
 * <p>Memory: the context and the built program are shared per device ({@link OpenClPrograms}); this
 * instance owns two command queues, its kernels, the constant tables and work buffers sized by the
 * largest batch seen so far (so buffers are allocated only when a batch is larger than every
 * earlier one, never per batch; only JOCL's small call wrappers are made per call). Transfers: the
 * samples go up in chunks of {@value #CHUNK_CHANNELS} channels, each a non-blocking write followed
 * by that chunk's transform, the chunks alternating between the two queues: the host stages the
 * next chunk while the device works, and a device with a copy engine uploads one chunk while it
 * transforms the other. The spectrum average and band sums wait for both queues (a marker event);
 * one blocking read ends the batch, so the staging buffers are free again when the call returns.
 * Any OpenCL failure surfaces as {@link CLException} with the outputs untouched.
 */
public final class OpenClBandPowerBackend implements BandPowerBackend {
    private static final Logger LOG = LoggerFactory.getLogger(OpenClBandPowerBackend.class);

    /** Channels per upload-and-transform chunk. */
    static final int CHUNK_CHANNELS = 64;

    /** Largest work-group used: enough to fill a GPU multiprocessor with one segment. */
    private static final int MAX_LOCAL_SIZE = 256;

    private static final String SOURCE = "welch.cl";

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
    private long localSize;

    private final cl_command_queue queue;

    /** The second queue, for every other upload-and-transform chunk. */
    private final cl_command_queue queue2;

    private final cl_kernel transform;
    private final cl_kernel psdKernel;
    private final cl_kernel bandsKernel;
    private final cl_mem windowMem;
    private final cl_mem twiddleMem;
    private final cl_mem scaleMem;
    private final cl_mem firstMem;
    private final cl_mem lastMem;
    private final OpenClPrograms.Built built;

    /** Reused scratch for scalar kernel arguments and launch sizes (JOCL copies them at once). */
    private final int[] intArg = new int[1];

    private final float[] floatArg = new float[1];
    private final Pointer intArgPointer = Pointer.to(intArg);
    private final Pointer floatArgPointer = Pointer.to(floatArg);
    private final long[] offset2 = new long[2];
    private final long[] global2 = new long[2];
    private final long[] local2 = new long[2];
    private final long[] global1 = new long[1];

    private cl_mem inputMem;
    private cl_mem powerMem;
    private cl_mem psdMem;
    private cl_mem outputMem;
    private long inputCapacity;
    private long powerCapacity;
    private long psdCapacity;
    private long outCapacity;
    private ByteBuffer inputHost;
    private FloatBuffer inputFloats;
    private ByteBuffer outputHost;
    private FloatBuffer outputFloats;
    private boolean ranOnce;
    private boolean closed;

    /**
     * Builds (or reuses) the program on {@code device} and allocates this backend's queue, kernels
     * and constant tables.
     *
     * @throws CLException when the program does not build or the device refuses a resource
     * @throws UnsupportedOperationException when one segment does not fit in local memory
     */
    public OpenClBandPowerBackend(final WelchConfig config, final OpenClDevice device) {
        this(config, device, OpenClPrograms.source(SOURCE));
    }

    /** As the public constructor, with the kernel source given (tests build broken sources). */
    OpenClBandPowerBackend(
            final WelchConfig config, final OpenClDevice device, final String source) {
        this.config = Objects.requireNonNull(config, "config");
        this.device = Objects.requireNonNull(device, "device");
        this.nperseg = config.nperseg();
        this.step = config.step();
        this.bins = config.bins();
        final List<Band> bands = config.bands();
        this.bandCount = bands.size();
        final boolean powerOfTwo = Integer.bitCount(nperseg) == 1;
        this.fft = powerOfTwo && fits(8L * nperseg, device);
        if (!fft && !fits(4L * nperseg, device)) {
            throw new UnsupportedOperationException(
                    "nperseg "
                            + nperseg
                            + " does not fit in the "
                            + device.localMemBytes()
                            + " bytes of local memory of "
                            + device);
        }
        this.transformName = fft ? "welch_fft" : "welch_dft";
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

        this.built = OpenClPrograms.built(device, source);
        cl_command_queue q = null;
        cl_command_queue q2 = null;
        final cl_mem[] constants = new cl_mem[5];
        final cl_kernel[] kernels = new cl_kernel[3];
        try {
            q = clCreateCommandQueue(this.built.context, device.deviceId, 0, null);
            q2 = clCreateCommandQueue(this.built.context, device.deviceId, 0, null);
            kernels[0] = clCreateKernel(this.built.program, transformName, null);
            kernels[1] = clCreateKernel(this.built.program, "welch_psd", null);
            kernels[2] = clCreateKernel(this.built.program, "welch_bands", null);
            constants[0] = constant(this.built, window(nperseg));
            constants[1] = constant(this.built, twiddles(nperseg));
            constants[2] = constant(this.built, binScales(config));
            final int[] first = new int[bandCount + 1];
            final int[] last = new int[bandCount + 1];
            for (int b = 0; b < bandCount; b++) {
                first[b] = config.firstBin(bands.get(b));
                last[b] = config.lastBin(bands.get(b));
            }
            first[bandCount] = config.firstBin(config.relativeRange());
            last[bandCount] = config.lastBin(config.relativeRange());
            constants[3] =
                    clCreateBuffer(
                            this.built.context,
                            CL_MEM_READ_ONLY | org.jocl.CL.CL_MEM_COPY_HOST_PTR,
                            (long) Sizeof.cl_int * first.length,
                            Pointer.to(first),
                            null);
            constants[4] =
                    clCreateBuffer(
                            this.built.context,
                            CL_MEM_READ_ONLY | org.jocl.CL.CL_MEM_COPY_HOST_PTR,
                            (long) Sizeof.cl_int * last.length,
                            Pointer.to(last),
                            null);
        } catch (final RuntimeException e) {
            releaseAll(q, kernels, constants);
            releaseAll(q2, new cl_kernel[0], new cl_mem[0]);
            throw e;
        }
        this.queue = q;
        this.queue2 = q2;
        this.transform = kernels[0];
        this.psdKernel = kernels[1];
        this.bandsKernel = kernels[2];
        this.windowMem = constants[0];
        this.twiddleMem = constants[1];
        this.scaleMem = constants[2];
        this.firstMem = constants[3];
        this.lastMem = constants[4];
        this.localSize = localSize(transform);
        LOG.info(
                "opencl band power on {}: kernels {}, welch_psd, welch_bands; nperseg {},"
                        + " work-group {}",
                device,
                transformName,
                nperseg,
                localSize);
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
        return List.of(transformName, "welch_psd", "welch_bands");
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
    public int bandPowers(
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        final int count = channels.length;
        final int needed = count * bandCount;
        checkOutput("out", out, needed);
        if (relativeOut != null) {
            checkOutput("relativeOut", relativeOut, needed);
        }
        for (final float[] channel : channels) {
            Objects.checkFromIndexSize(offset, length, channel.length);
        }
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        final int segments = config.segmentCount(length);
        if (segments == 0 || count == 0) {
            Arrays.fill(out, 0, needed, 0.0);
            if (relativeOut != null) {
                Arrays.fill(relativeOut, 0, needed, 0.0);
            }
            return segments;
        }
        ensureCapacity(count, length, segments);
        final FloatBuffer staged = inputFloats;
        setTransformArgs(length, segments);
        int chunk = 0;
        for (int c0 = 0; c0 < count; c0 += CHUNK_CHANNELS, chunk++) {
            final cl_command_queue q = (chunk & 1) == 0 ? queue : queue2;
            final int c1 = Math.min(count, c0 + CHUNK_CHANNELS);
            staged.position(c0 * length);
            for (int c = c0; c < c1; c++) {
                staged.put(channels[c], offset, length);
            }
            final long byteOffset = (long) c0 * length * Sizeof.cl_float;
            final long bytes = (long) (c1 - c0) * length * Sizeof.cl_float;
            clEnqueueWriteBuffer(
                    q,
                    inputMem,
                    false,
                    byteOffset,
                    bytes,
                    Pointer.to(inputHost).withByteOffset(byteOffset),
                    0,
                    null,
                    null);
            offset2[1] = c0;
            global2[0] = segments * localSize;
            global2[1] = c1 - c0;
            local2[0] = localSize;
            local2[1] = 1;
            clEnqueueNDRangeKernel(q, transform, 2, offset2, global2, local2, 0, null, null);
            clFlush(q);
        }
        cl_event secondDone = null;
        if (chunk > 1) {
            secondDone = new cl_event();
            clEnqueueMarkerWithWaitList(queue2, 0, null, secondDone);
        }
        setArg(psdKernel, 0, powerMem);
        setArg(psdKernel, 1, segments);
        setArg(psdKernel, 2, bins);
        setArg(psdKernel, 3, scaleMem);
        setArg(psdKernel, 4, (float) (1.0 / segments));
        setArg(psdKernel, 5, psdMem);
        global2[0] = bins;
        global2[1] = count;
        try {
            clEnqueueNDRangeKernel(
                    queue,
                    psdKernel,
                    2,
                    null,
                    global2,
                    null,
                    secondDone == null ? 0 : 1,
                    secondDone == null ? null : new cl_event[] {secondDone},
                    null);
        } finally {
            if (secondDone != null) {
                clReleaseEvent(secondDone);
            }
        }
        setArg(bandsKernel, 0, psdMem);
        setArg(bandsKernel, 1, bins);
        setArg(bandsKernel, 2, bandCount);
        setArg(bandsKernel, 3, firstMem);
        setArg(bandsKernel, 4, lastMem);
        setArg(bandsKernel, 5, trapz);
        setArg(bandsKernel, 6, binWidth);
        setArg(bandsKernel, 7, count);
        setArg(bandsKernel, 8, outputMem);
        global1[0] = count;
        clEnqueueNDRangeKernel(queue, bandsKernel, 1, null, global1, null, 0, null, null);
        clEnqueueReadBuffer(
                queue,
                outputMem,
                true,
                0,
                (long) needed * 2 * Sizeof.cl_float,
                Pointer.to(outputHost),
                0,
                null,
                null);
        final FloatBuffer result = outputFloats;
        for (int c = 0; c < count; c++) {
            final int base = c * 2 * bandCount;
            for (int b = 0; b < bandCount; b++) {
                out[c * bandCount + b] = result.get(base + b);
                if (relativeOut != null) {
                    relativeOut[c * bandCount + b] = result.get(base + bandCount + b);
                }
            }
        }
        if (!ranOnce) {
            ranOnce = true;
            LOG.info(
                    "opencl band power: first batch ({} channels x {} samples, {} segments) ran"
                            + " kernels {} on {}",
                    count,
                    length,
                    segments,
                    kernelNames(),
                    device);
        }
        return segments;
    }

    /**
     * Makes the next batch fail the way a lost or misbehaving device does, with a {@link
     * CLException} from the driver (a launch the device refuses: a work-group larger than it
     * accepts), so that tests can check the fallback without a device to unplug.
     */
    void simulateDeviceFault() {
        localSize = Math.max(device.maxWorkGroupSize(), localSize) * 2;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll(queue2, new cl_kernel[0], new cl_mem[0]);
        releaseAll(
                queue,
                new cl_kernel[] {transform, psdKernel, bandsKernel},
                new cl_mem[] {
                    windowMem,
                    twiddleMem,
                    scaleMem,
                    firstMem,
                    lastMem,
                    inputMem,
                    powerMem,
                    psdMem,
                    outputMem
                });
    }

    private void setTransformArgs(final int length, final int segments) {
        int i = 0;
        setArg(transform, i++, inputMem);
        setArg(transform, i++, length);
        setArg(transform, i++, step);
        setArg(transform, i++, segments);
        setArg(transform, i++, nperseg);
        if (fft) {
            setArg(transform, i++, Integer.numberOfTrailingZeros(nperseg));
        }
        setArg(transform, i++, bins);
        setArg(transform, i++, detrendCode);
        setArg(transform, i++, centre);
        setArg(transform, i++, rampNorm);
        setArg(transform, i++, windowMem);
        setArg(transform, i++, twiddleMem);
        setArg(transform, i++, powerMem);
        clSetKernelArg(transform, i++, (long) nperseg * (fft ? 2 : 1) * Sizeof.cl_float, null);
        clSetKernelArg(transform, i, 2L * localSize * Sizeof.cl_float, null);
    }

    /** Grows the work buffers (only) when this batch is larger than every earlier one. */
    private void ensureCapacity(final int count, final int length, final int segments) {
        final long input = (long) count * length;
        if (input > inputCapacity) {
            release(inputMem);
            inputMem = null;
            inputMem =
                    clCreateBuffer(
                            built.context, CL_MEM_READ_ONLY, input * Sizeof.cl_float, null, null);
            inputHost =
                    ByteBuffer.allocateDirect(Math.toIntExact(input * Sizeof.cl_float))
                            .order(ByteOrder.nativeOrder());
            inputFloats = inputHost.asFloatBuffer();
            inputCapacity = input;
        }
        final long power = (long) count * segments * bins;
        if (power > powerCapacity) {
            release(powerMem);
            powerMem = null;
            powerMem =
                    clCreateBuffer(
                            built.context, CL_MEM_READ_WRITE, power * Sizeof.cl_float, null, null);
            powerCapacity = power;
        }
        final long psd = (long) count * bins;
        if (psd > psdCapacity) {
            release(psdMem);
            psdMem = null;
            psdMem =
                    clCreateBuffer(
                            built.context, CL_MEM_READ_WRITE, psd * Sizeof.cl_float, null, null);
            psdCapacity = psd;
        }
        final long output = (long) count * 2 * bandCount;
        if (output > outCapacity) {
            release(outputMem);
            outputMem = null;
            outputMem =
                    clCreateBuffer(
                            built.context, CL_MEM_WRITE_ONLY, output * Sizeof.cl_float, null, null);
            outputHost =
                    ByteBuffer.allocateDirect(Math.toIntExact(output * Sizeof.cl_float))
                            .order(ByteOrder.nativeOrder());
            outputFloats = outputHost.asFloatBuffer();
            outCapacity = output;
        }
    }

    /** The largest power of two within the kernel's, the device's and the FFT's limits. */
    private long localSize(final cl_kernel kernel) {
        final long[] kernelMax = new long[1];
        org.jocl.CL.clGetKernelWorkGroupInfo(
                kernel,
                device.deviceId,
                org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t,
                Pointer.to(kernelMax),
                null);
        long limit = Math.min(MAX_LOCAL_SIZE, Math.min(kernelMax[0], device.maxWorkGroupSize()));
        if (fft) {
            limit = Math.min(limit, nperseg / 2);
        }
        // the reduction scratch (2 floats per work-item) shares local memory with the segment
        final long segmentBytes = (long) nperseg * (fft ? 8 : 4);
        while (limit > 1 && segmentBytes + 8 * limit > device.localMemBytes()) {
            limit >>= 1;
        }
        return Long.highestOneBit(Math.max(1, limit));
    }

    private static boolean fits(final long segmentBytes, final OpenClDevice device) {
        return segmentBytes + 8 <= device.localMemBytes();
    }

    private static cl_mem constant(final OpenClPrograms.Built built, final float[] values) {
        return clCreateBuffer(
                built.context,
                CL_MEM_READ_ONLY | org.jocl.CL.CL_MEM_COPY_HOST_PTR,
                (long) Sizeof.cl_float * values.length,
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
    private static void releaseAll(
            final cl_command_queue queue, final cl_kernel[] kernels, final cl_mem[] mems) {
        for (final cl_mem m : mems) {
            try {
                release(m);
            } catch (final CLException e) {
                LOG.debug("releasing an OpenCL buffer failed: {}", e.getMessage());
            }
        }
        for (final cl_kernel k : kernels) {
            try {
                if (k != null) {
                    clReleaseKernel(k);
                }
            } catch (final CLException e) {
                LOG.debug("releasing an OpenCL kernel failed: {}", e.getMessage());
            }
        }
        try {
            if (queue != null) {
                clReleaseCommandQueue(queue);
            }
        } catch (final CLException e) {
            LOG.debug("releasing an OpenCL queue failed: {}", e.getMessage());
        }
    }

    private static void checkOutput(final String name, final double[] array, final int needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(
                    name + " holds " + array.length + " values, " + needed + " needed");
        }
    }
}

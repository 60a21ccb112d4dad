package org.neurostream.operators.compute;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The plain-Java band-power path: {@link WelchKernel} as it is, allocation-free per batch. Its
 * slots are heap buffers computed when completed (the CPU has nothing to overlap).
 */
public final class CpuBandPowerBackend implements BandPowerBackend {
    private final WelchKernel kernel;
    private final BatchSlots slots;
    private final FloatBuffer[] buffers;
    private final double[] channelPsd;

    /** A backend with its own {@link WelchKernel} for {@code config} and one slot. */
    public CpuBandPowerBackend(final WelchConfig config) {
        this(config, 1);
    }

    /** As {@link #CpuBandPowerBackend(WelchConfig)}, with {@code depth} slots. */
    public CpuBandPowerBackend(final WelchConfig config, final int depth) {
        this.kernel = new WelchKernel(Objects.requireNonNull(config, "config"));
        this.slots = new BatchSlots(depth);
        this.buffers = new FloatBuffer[depth];
        this.channelPsd = new double[kernel.bins()];
    }

    @Override
    public String name() {
        return BackendKind.CPU.label();
    }

    @Override
    public String device() {
        return "java";
    }

    @Override
    public WelchConfig config() {
        return kernel.config();
    }

    @Override
    public int bandCount() {
        return kernel.bandCount();
    }

    @Override
    public int bandPowers(
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        slots.requireIdle();
        return kernel.bandPowers(channels, offset, length, out, relativeOut);
    }

    @Override
    public int depth() {
        return slots.depth();
    }

    @Override
    public FloatBuffer input(final int slot, final int channels, final int length) {
        slots.fill(slot, channels, length);
        final int floats = Math.multiplyExact(channels, length);
        FloatBuffer b = buffers[slot];
        if (b == null || b.capacity() < floats) {
            b = FloatBuffer.allocate(floats);
            buffers[slot] = b;
        }
        b.clear().limit(floats);
        return b;
    }

    @Override
    public void submit(final int slot) {
        slots.submit(slot);
    }

    @Override
    public int complete(final int slot, final double[] out, final double[] relativeOut) {
        final int count = slots.channels(slot);
        final int length = slots.length(slot);
        final int bands = kernel.bandCount();
        checkOutput("out", out, count * bands);
        if (relativeOut != null) {
            checkOutput("relativeOut", relativeOut, count * bands);
        }
        slots.complete(slot);
        final float[] samples = buffers[slot] == null ? new float[0] : buffers[slot].array();
        int segments = kernel.config().segmentCount(length);
        for (int c = 0; c < count; c++) {
            segments = kernel.psd(samples, c * length, length, channelPsd);
            kernel.bandPowers(channelPsd, 0, out, c * bands, relativeOut, c * bands);
        }
        return segments;
    }

    @Override
    public void close() {
        Arrays.fill(buffers, null);
    }

    static void checkOutput(final String name, final double[] array, final int needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(
                    name + " holds " + array.length + " values, " + needed + " needed");
        }
    }
}

package org.neurostream.operators.compute;

import java.nio.FloatBuffer;
import org.jocl.CLException;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * The band-power path on an OpenCL device that turns into the CPU path the first time the device
 * fails. A failing {@link #bandPowers} call is computed again, whole, on the CPU from the caller's
 * unchanged input. Slots: at the switch, every slot holding a batch (filled or in flight) is copied
 * from the device's host buffer into the CPU path's same slot, so a batch in flight completes on
 * the CPU from the very samples it was submitted with; nothing is lost or reported twice, and every
 * later batch runs on the CPU.
 */
public final class FallbackBandPowerBackend
        extends FallbackBackend<OpenClBandPowerBackend, CpuBandPowerBackend>
        implements BandPowerBackend {

    private final WelchConfig config;
    private final int bandCount;
    private final int depth;

    /** Wraps {@code device}, which this wrapper now owns and closes. */
    public FallbackBandPowerBackend(final OpenClBandPowerBackend device) {
        super("band power", "this batch (and any batch in flight)", device);
        this.config = device.config();
        this.bandCount = device.bandCount();
        this.depth = device.depth();
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
        return depth;
    }

    @Override
    public int bandPowers(
            final float[][] channels,
            final int offset,
            final int length,
            final double[] out,
            final double[] relativeOut) {
        if (device != null) {
            try {
                return device.bandPowers(channels, offset, length, out, relativeOut);
            } catch (final CLException e) {
                switchToCpu(e);
            }
        }
        return cpu.bandPowers(channels, offset, length, out, relativeOut);
    }

    @Override
    public FloatBuffer input(final int slot, final int channels, final int length) {
        if (device != null) {
            try {
                return device.input(slot, channels, length);
            } catch (final CLException e) {
                switchToCpu(e);
            }
        }
        return cpu.input(slot, channels, length);
    }

    @Override
    public void submit(final int slot) {
        if (device != null) {
            try {
                device.submit(slot);
                return;
            } catch (final CLException e) {
                switchToCpu(e);
            }
        }
        cpu.submit(slot);
    }

    @Override
    public int complete(final int slot, final double[] out, final double[] relativeOut) {
        if (device != null) {
            try {
                return device.complete(slot, out, relativeOut);
            } catch (final CLException e) {
                switchToCpu(e);
            }
        }
        return cpu.complete(slot, out, relativeOut);
    }

    /**
     * A CPU path with the same slots, holding copies of the device's filled and in-flight batches
     * (a batch whose submit failed counts as in flight: the caller submitted it).
     */
    @Override
    CpuBandPowerBackend takeOver(final OpenClBandPowerBackend failed) {
        final CpuBandPowerBackend next = new CpuBandPowerBackend(config, depth);
        for (int s = 0; s < depth; s++) {
            final FloatBuffer held = failed.heldInput(s);
            if (held != null) {
                final FloatBuffer copy =
                        next.input(s, failed.heldChannels(s), failed.heldLength(s));
                copy.put(held);
                copy.flip();
                if (failed.heldSubmitted(s)) {
                    next.submit(s);
                }
            }
        }
        return next;
    }
}

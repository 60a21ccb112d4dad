package org.neurostream.operators.compute;

import org.jocl.CLException;
import org.neurostream.operators.spectral.WelchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenCL backend that turns into the CPU path the first time the device fails (a lost device, a
 * refused launch, a failed transfer): the failing batch is computed again, whole, on the CPU from
 * the caller's unchanged input, so no batch is lost or reported twice, and every later batch runs
 * on the CPU. The switch logs one warning; it never switches back.
 */
public final class FallbackBandPowerBackend implements BandPowerBackend {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackBandPowerBackend.class);

    private final WelchConfig config;
    private OpenClBandPowerBackend device;
    private BandPowerBackend active;
    private String fallbackReason;

    /** Wraps {@code device}, which this wrapper now owns and closes. */
    public FallbackBandPowerBackend(final OpenClBandPowerBackend device) {
        this.device = device;
        this.active = device;
        this.config = device.config();
    }

    @Override
    public String name() {
        return active.name();
    }

    @Override
    public String device() {
        return active.device();
    }

    @Override
    public WelchConfig config() {
        return config;
    }

    @Override
    public int bandCount() {
        return active.bandCount();
    }

    /** Why the backend switched to the CPU path; null while it runs on the device. */
    public String fallbackReason() {
        return fallbackReason;
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
        return active.bandPowers(channels, offset, length, out, relativeOut);
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
        }
        active.close();
    }

    /** The OpenCL backend while it is in use (tests reach its fault hook through this). */
    OpenClBandPowerBackend openCl() {
        return device;
    }

    private void switchToCpu(final CLException e) {
        fallbackReason = e.getMessage();
        LOG.warn(
                "opencl band power failed on {} ({}); this batch and all later ones run on the cpu"
                        + " path",
                device.device(),
                e.getMessage());
        device.close();
        device = null;
        active = new CpuBandPowerBackend(config);
    }
}

package org.neurostream.operators.compute;

import java.util.Optional;
import org.jocl.CLException;
import org.neurostream.operators.spectral.WelchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates band-power backends: the one place that turns {@code auto|cpu|opencl} into a backend, for
 * the Flink operator, the commands and the benchmarks alike.
 *
 * <p>{@code cpu} gives the plain-Java path. {@code auto} gives OpenCL on the first GPU device when
 * one exists, else the CPU path. {@code opencl} gives OpenCL on the preferred device of any type (a
 * GPU first, else for example PoCL's CPU device). When OpenCL was chosen but cannot be had (no
 * platform, a kernel that does not build, a segment too large for the device) the backend is the
 * CPU path and one warning says why; once running, a device failure switches to the CPU path
 * without losing or repeating a batch ({@link FallbackBandPowerBackend}). The choice, the device
 * and the kernels are logged at INFO.
 */
public final class BandPowerBackends {
    private static final Logger LOG = LoggerFactory.getLogger(BandPowerBackends.class);

    private BandPowerBackends() {}

    /** A backend of the requested kind for {@code config}; never null, never throws for OpenCL. */
    public static BandPowerBackend create(final WelchConfig config, final BackendKind kind) {
        return create(config, kind, null);
    }

    /** As {@link #create(WelchConfig, BackendKind)}, with the kernel source given (tests). */
    static BandPowerBackend create(
            final WelchConfig config, final BackendKind kind, final String source) {
        if (kind == BackendKind.CPU) {
            LOG.info("band power backend: requested cpu, using cpu (WelchKernel)");
            return new CpuBandPowerBackend(config);
        }
        final Optional<OpenClDevice> device =
                kind == BackendKind.AUTO ? OpenClDevices.firstGpu() : OpenClDevices.preferred();
        if (device.isEmpty()) {
            final String why =
                    OpenClDevices.absenceReason() != null
                            ? OpenClDevices.absenceReason()
                            : "no OpenCL GPU device (devices: " + OpenClDevices.all() + ")";
            if (kind == BackendKind.AUTO) {
                LOG.info("band power backend: requested auto, using cpu (WelchKernel): {}", why);
            } else {
                LOG.warn("band power backend: requested opencl, using cpu (WelchKernel): {}", why);
            }
            return new CpuBandPowerBackend(config);
        }
        try {
            final OpenClBandPowerBackend openCl =
                    source == null
                            ? new OpenClBandPowerBackend(config, device.get())
                            : new OpenClBandPowerBackend(config, device.get(), source);
            LOG.info(
                    "band power backend: requested {}, using opencl on {}; kernels {}",
                    kind.label(),
                    device.get(),
                    openCl.kernelNames());
            return new FallbackBandPowerBackend(openCl);
        } catch (final CLException | UnsupportedOperationException | LinkageError e) {
            LOG.warn(
                    "band power backend: requested {}, using cpu (WelchKernel): opencl on {}"
                            + " failed: {}",
                    kind.label(),
                    device.get(),
                    e.getMessage());
            return new CpuBandPowerBackend(config);
        }
    }
}

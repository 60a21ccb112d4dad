package org.neurostream.operators.compute;

import java.util.Optional;
import org.jocl.CLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns {@code auto|cpu|opencl} into a backend of a hot path ({@link
 * BandPowerBackends} and {@link MotifBackends} describe their path and call {@link #select}).
 *
 * <p>{@code cpu} gives the plain-Java path. {@code auto} gives OpenCL on the first GPU device when
 * one exists, else the CPU path. {@code opencl} gives OpenCL on the preferred device of any type (a
 * GPU first, else for example PoCL's CPU device). When OpenCL was chosen but cannot be had (no
 * platform, a program that does not build, a request only the CPU path serves, a size the device
 * refuses) the backend is the CPU path and one line says why: INFO under {@code auto}, where the
 * CPU is an expected outcome, WARN under {@code opencl} and whenever a device failed. Once running,
 * a device failure switches to the CPU path without losing or repeating work ({@link
 * FallbackBackend}). The choice, the device and the kernels are logged at INFO.
 */
final class ComputeBackends {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeBackends.class);

    /** An OpenCL backend made for a device (already wrapped in its fallback) and its kernels. */
    record OpenCl<B>(B backend, String kernels) {}

    /** How one hot path is made on either side. */
    interface HotPath<B extends ComputeBackend> {
        /** The path's name in logs: {@code band power}, {@code motif}. */
        String name();

        /** The CPU implementation's name in logs, for example {@code WelchKernel}. */
        String cpuName();

        /** The plain-Java backend. */
        B cpu();

        /** Why this request runs on the CPU whatever the kind; null when OpenCL may run it. */
        String cpuOnlyReason();

        /**
         * The OpenCL backend on {@code device}, wrapped in its fallback.
         *
         * @throws CLException when the program does not build or the device refuses a resource
         * @throws UnsupportedOperationException when the device cannot hold the work's shape
         */
        OpenCl<B> openCl(OpenClDevice device);
    }

    private ComputeBackends() {}

    /** A backend of the requested kind for {@code path}; never null, never throws for OpenCL. */
    static <B extends ComputeBackend> B select(final HotPath<B> path, final BackendKind kind) {
        if (kind == BackendKind.CPU) {
            LOG.info("{} backend: requested cpu, using cpu ({})", path.name(), path.cpuName());
            return path.cpu();
        }
        final String cpuOnly = path.cpuOnlyReason();
        if (cpuOnly != null) {
            fallBack(path, kind, cpuOnly);
            return path.cpu();
        }
        final Optional<OpenClDevice> device =
                kind == BackendKind.AUTO ? OpenClDevices.firstGpu() : OpenClDevices.preferred();
        if (device.isEmpty()) {
            fallBack(
                    path,
                    kind,
                    OpenClDevices.absenceReason() != null
                            ? OpenClDevices.absenceReason()
                            : "no OpenCL GPU device (devices: " + OpenClDevices.all() + ")");
            return path.cpu();
        }
        try {
            final OpenCl<B> openCl = path.openCl(device.get());
            LOG.info(
                    "{} backend: requested {}, using opencl on {}; kernels {}",
                    path.name(),
                    kind.label(),
                    device.get(),
                    openCl.kernels());
            return openCl.backend();
        } catch (final CLException | UnsupportedOperationException | LinkageError e) {
            LOG.warn(
                    "{} backend: requested {}, using cpu ({}): opencl on {} failed: {}",
                    path.name(),
                    kind.label(),
                    path.cpuName(),
                    device.get(),
                    e.getMessage());
            return path.cpu();
        }
    }

    private static void fallBack(final HotPath<?> path, final BackendKind kind, final String why) {
        if (kind == BackendKind.AUTO) {
            LOG.info(
                    "{} backend: requested auto, using cpu ({}): {}",
                    path.name(),
                    path.cpuName(),
                    why);
        } else {
            LOG.warn(
                    "{} backend: requested opencl, using cpu ({}): {}",
                    path.name(),
                    path.cpuName(),
                    why);
        }
    }
}

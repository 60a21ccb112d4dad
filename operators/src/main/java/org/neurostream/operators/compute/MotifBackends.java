package org.neurostream.operators.compute;

import java.util.Optional;
import org.jocl.CLException;
import org.neurostream.operators.motif.MotifKernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates motif backends: the one place that turns {@code auto|cpu|opencl} into a motif backend,
 * with the rules of {@link BandPowerBackends}: {@code cpu} is the plain-Java detector; {@code auto}
 * is OpenCL on the first GPU device when one exists, else the CPU; {@code opencl} is OpenCL on the
 * preferred device of any type. When OpenCL was chosen but cannot be had (no platform, a program
 * that does not build, non-maximum suppression asked for, which only the CPU path does) the backend
 * is the CPU path and one warning says why (INFO for auto); a device failure later switches to the
 * CPU path without losing or repeating a detection ({@link FallbackMotifBackend}).
 */
public final class MotifBackends {
    private static final Logger LOG = LoggerFactory.getLogger(MotifBackends.class);

    private MotifBackends() {}

    /**
     * A backend of the requested kind; never null, never throws for OpenCL.
     *
     * @param kernel the kernel and biases
     * @param threshold detection when V &gt;= threshold
     * @param nmsRadius suppression radius in bins, 0 for none (&gt; 0 runs on the CPU)
     * @param kind the requested backend
     */
    public static MotifBackend create(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind) {
        return create(kernel, threshold, nmsRadius, kind, null);
    }

    /** As the public method, with the kernel source given (tests build broken sources). */
    static MotifBackend create(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind,
            final String source) {
        return openCl(kernel, threshold, nmsRadius, kind, source)
                .<MotifBackend>map(o -> new FallbackMotifBackend(o, threshold))
                .orElseGet(() -> new CpuMotifBackend(kernel, threshold, nmsRadius));
    }

    /**
     * The OpenCL accumulation when {@code kind} asks for it and it can be had, else empty (the CPU
     * detector is the path then; the reason is logged as {@link #create} logs it). The caller owns
     * the backend and handles its device failures itself: the Flink function keeps one per subtask
     * and moves each stream's place in and out of it.
     */
    public static Optional<OpenClMotifBackend> openCl(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind) {
        return openCl(kernel, threshold, nmsRadius, kind, null);
    }

    private static Optional<OpenClMotifBackend> openCl(
            final MotifKernel kernel,
            final double threshold,
            final int nmsRadius,
            final BackendKind kind,
            final String source) {
        if (kind == BackendKind.CPU) {
            LOG.info("motif backend: requested cpu, using cpu (MotifDetector)");
            return Optional.empty();
        }
        if (nmsRadius > 0) {
            fallBack(kind, "non-maximum suppression runs on the cpu path only");
            return Optional.empty();
        }
        final Optional<OpenClDevice> device =
                kind == BackendKind.AUTO ? OpenClDevices.firstGpu() : OpenClDevices.preferred();
        if (device.isEmpty()) {
            fallBack(
                    kind,
                    OpenClDevices.absenceReason() != null
                            ? OpenClDevices.absenceReason()
                            : "no OpenCL GPU device (devices: " + OpenClDevices.all() + ")");
            return Optional.empty();
        }
        try {
            final OpenClMotifBackend openCl =
                    new OpenClMotifBackend(
                            kernel,
                            threshold,
                            device.get(),
                            source == null ? OpenClPrograms.source("motif.cl") : source,
                            OpenClMotifBackend.Mode.AUTO,
                            OpenClMotifBackend.CANDIDATES);
            LOG.info(
                    "motif backend: requested {}, using opencl on {}; kernels {}",
                    kind.label(),
                    device.get(),
                    openCl.kernelNames());
            return Optional.of(openCl);
        } catch (final CLException | LinkageError e) {
            LOG.warn(
                    "motif backend: requested {}, using cpu (MotifDetector): opencl on {} failed:"
                            + " {}",
                    kind.label(),
                    device.get(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static void fallBack(final BackendKind kind, final String why) {
        if (kind == BackendKind.AUTO) {
            LOG.info("motif backend: requested auto, using cpu (MotifDetector): {}", why);
        } else {
            LOG.warn("motif backend: requested opencl, using cpu (MotifDetector): {}", why);
        }
    }
}

package org.neurostream.operators.compute;

import java.util.List;
import org.jocl.CLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenCL backend that turns into the CPU path the first time the device fails (a lost device, a
 * refused launch, a failed transfer), for either hot path: the subclass catches the {@link
 * CLException} of its call, calls {@link #switchToCpu}, which logs one warning and asks {@link
 * #takeOver} for a CPU backend that carries on where the device's committed work ended, and then
 * redoes the failed call on it. It never switches back.
 *
 * @param <D> the OpenCL backend
 * @param <C> the CPU backend
 */
abstract class FallbackBackend<D extends ComputeBackend, C extends ComputeBackend>
        implements ComputeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackBackend.class);

    private final String path;
    private final String redone;

    /** The OpenCL backend while it runs; null after the switch. */
    D device;

    /**
     * The CPU backend after the switch; before it null, unless the subclass runs some streams on
     * the CPU path while the device is up (the motif path's states in ring form).
     */
    C cpu;

    private String fallbackReason;
    private List<OpenClProfile.Entry> deviceProfile = List.of();

    /**
     * Wraps {@code device}, which this wrapper now owns and closes.
     *
     * @param path the hot path in the warning, for example {@code band power}
     * @param redone what the CPU path redoes, for the warning, for example {@code this batch}
     */
    FallbackBackend(final String path, final String redone, final D device) {
        this.path = path;
        this.redone = redone;
        this.device = device;
    }

    /**
     * A CPU backend that continues the stream of {@code failed}, which is still open (its host
     * memory readable) and closed right after.
     */
    abstract C takeOver(D failed);

    /** The backend that runs the next call. */
    final ComputeBackend active() {
        return device != null ? device : cpu;
    }

    @Override
    public final String name() {
        return active().name();
    }

    @Override
    public final String device() {
        return active().device();
    }

    @Override
    public final List<OpenClProfile.Entry> profile() {
        return device != null ? device.profile() : deviceProfile;
    }

    /** Why the backend switched to the CPU path; null while it runs on the device. */
    public final String fallbackReason() {
        return fallbackReason;
    }

    /** The OpenCL backend while it is in use (tests reach its fault hooks through this). */
    final D openCl() {
        return device;
    }

    /**
     * Logs the failure once, hands the stream over to the CPU path and closes the device's side.
     */
    final void switchToCpu(final CLException e) {
        fallbackReason = e.getMessage();
        LOG.warn(
                "opencl {} failed on {} ({}); {} and all later ones run on the cpu path",
                path,
                device.device(),
                e.getMessage(),
                redone);
        final D failed = device;
        deviceProfile = failed.profile();
        try {
            cpu = takeOver(failed);
        } finally {
            device = null;
            failed.close();
        }
    }

    @Override
    public final void close() {
        if (device != null) {
            device.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }
}
